#include "vouchers/data/voucher_queries.hpp"

#include "core/clock.hpp"

namespace pt::vouchers {

namespace {

// The balance parts summed per voucher in SQL; each kind's total is positive.
#define PT_LEDGER_SUM(kinds) \
    "(SELECT COALESCE(SUM(l.amount_cents), 0) FROM ledger_entries l WHERE l.voucher_id = v.id AND l.kind IN " kinds ")"
// Each balance part is the total of its entry kinds (index ledger_entries_voucher).
constexpr const char* kSelect =
    "SELECT v.id, v.customer_id, v.value_cents, v.valid_from, v.valid_until, v.status, c.name, "
    "COALESCE(c.business_id, ''), " PT_LEDGER_SUM("('grant')") ", " PT_LEDGER_SUM("('reserve')") ", "
    PT_LEDGER_SUM("('release')") ", " PT_LEDGER_SUM("('spend')") ", " PT_LEDGER_SUM("('expire', 'cancel')")
    ", v.programme_id, " PT_LEDGER_SUM("('refund')") " FROM vouchers v JOIN customers c ON c.id = v.customer_id";
#undef PT_LEDGER_SUM

std::chrono::sys_days date_of(const std::string& s) {
    std::chrono::sys_days d{};
    parse_iso_date(s, d);
    return d;
}

VoucherView view_from(const db::Row& r) {
    VoucherView v;
    v.voucher = Voucher{r.i64(0), r.i64(1), Money::cents(r.i64(2)), date_of(r.str(3)), date_of(r.str(4)),
                        voucher_status_from(r.str(5)).value_or(VoucherStatus::active)};
    if (!r.is_null(13)) v.voucher.programme_id = r.i64(13);
    v.customer_name = r.str(6);
    v.customer_business_id = r.str(7);
    const std::int64_t granted = r.i64(8), reserved = r.i64(9), released = r.i64(10), spent = r.i64(11),
                       expired = r.i64(12);
    v.balance.granted = Money::cents(granted);
    // A refund (credit note) moves spent money back to available; the reservation is unaffected.
    v.balance.spent = Money::cents(spent - r.i64(14));
    v.balance.reserved = Money::cents(reserved - released - spent);
    v.balance.expired = Money::cents(expired);
    return v;
}

std::pair<std::string, std::vector<db::Value>> scope(const Principal& who) {
    if (who.role == Role::customer) return {" WHERE v.customer_id = ?", {who.customer_id.value_or(-1)}};
    if (who.role == Role::provider_user) return {" WHERE 1 = 0", {}};
    return {" WHERE 1 = 1", {}};
}

}  // namespace

std::vector<VoucherView> list_vouchers(db::Connection& c, const Principal& who, int limit, int offset,
                                       bool only_active) {
    auto [where, params] = scope(who);
    if (only_active) where += " AND v.status = 'active'";
    params.push_back(std::int64_t{limit});
    params.push_back(std::int64_t{offset});
    std::vector<VoucherView> out;
    for (const auto& r : c.query(std::string(kSelect) + where + " ORDER BY v.id LIMIT ? OFFSET ?", params))
        out.push_back(view_from(r));
    return out;
}

std::int64_t count_vouchers(db::Connection& c, const Principal& who) {
    auto [where, params] = scope(who);
    return c.query("SELECT COUNT(*) FROM vouchers v" + where, params)[0].i64(0);
}

std::optional<VoucherView> find_voucher(db::Connection& c, std::int64_t id, const Principal& who) {
    auto [where, params] = scope(who);
    params.push_back(id);
    auto r = c.query(std::string(kSelect) + where + " AND v.id = ?", params);
    if (r.empty()) return std::nullopt;
    return view_from(r[0]);
}

std::optional<VoucherView> lock_voucher(db::Connection& c, std::int64_t id) {
    if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM vouchers WHERE id = ? FOR UPDATE", {id});
    auto r = c.query(std::string(kSelect) + " WHERE v.id = ?", {id});
    if (r.empty()) return std::nullopt;
    return view_from(r[0]);
}

std::vector<LedgerLine> ledger_of(db::Connection& c, std::int64_t voucher_id) {
    std::vector<LedgerLine> out;
    for (const auto& r : c.query("SELECT id, kind, amount_cents, order_id, created_at FROM ledger_entries "
                                 "WHERE voucher_id = ? ORDER BY id",
                                 {voucher_id}))
        out.push_back({r.i64(0), entry_kind_from(r.str(1)).value_or(EntryKind::grant), Money::cents(r.i64(2)),
                       r.opt_i64(3), r.str(4)});
    return out;
}

void add_ledger_entry(db::Connection& c, std::int64_t voucher_id, std::optional<std::int64_t> order_id,
                      EntryKind kind, Money amount, const std::string& now) {
    c.execute("INSERT INTO ledger_entries (voucher_id, order_id, kind, amount_cents, created_at) VALUES (?, ?, ?, ?, ?)",
              {voucher_id, order_id ? db::Value{*order_id} : db::Value{db::Null{}}, std::string(to_string(kind)),
               amount.cents(), now});
}

std::int64_t insert_voucher(db::Connection& c, std::int64_t customer_id, Money value, const std::string& valid_from,
                            const std::string& valid_until, const std::string& now,
                            std::optional<std::int64_t> programme_id) {
    db::Value programme = programme_id ? db::Value{*programme_id} : db::Value{db::Null{}};
    auto id = c.query("INSERT INTO vouchers (customer_id, value_cents, valid_from, valid_until, status, created_at, "
                      "programme_id) VALUES (?, ?, ?, ?, 'active', ?, ?) RETURNING id",
                      {customer_id, value.cents(), valid_from, valid_until, now, programme})[0]
                  .i64(0);
    add_ledger_entry(c, id, std::nullopt, EntryKind::grant, value, now);
    return id;
}

}  // namespace pt::vouchers
