#include "vouchers/data/ledger_queries.hpp"

#include <stdexcept>

namespace pt::vouchers {

LedgerTables read_ledger_tables(db::Connection& c) {
    LedgerTables t;
    // Unallocated as SQL sums it, independently of the domain's sum over the vouchers below.
    for (const auto& r : c.query("SELECT p.id, p.budget_cents, p.budget_cents - "
                                 "(SELECT COALESCE(SUM(v.value_cents), 0) FROM vouchers v WHERE v.programme_id = p.id) "
                                 "FROM voucher_programmes p ORDER BY p.id"))
        t.programmes.push_back({r.i64(0), Money::cents(r.i64(1)), Money::cents(r.i64(2))});
    for (const auto& r : c.query("SELECT id, value_cents, status, programme_id FROM vouchers ORDER BY id")) {
        auto status = voucher_status_from(r.str(2));
        if (!status)
            throw std::runtime_error("voucher " + r.str(0) + " has unknown status '" + r.str(2) + "'");
        t.vouchers.push_back({r.i64(0), r.opt_i64(3), Money::cents(r.i64(1)), *status});
    }
    for (const auto& r : c.query("SELECT id, voucher_id, order_id, kind, amount_cents FROM ledger_entries ORDER BY id")) {
        auto kind = entry_kind_from(r.str(3));
        if (!kind) throw std::runtime_error("ledger entry " + r.str(0) + " has unknown kind '" + r.str(3) + "'");
        t.entries.push_back({r.i64(0), r.i64(1), r.opt_i64(2), *kind, Money::cents(r.i64(4))});
    }
    for (const auto& r : c.query("SELECT id, voucher_id, price_cents, status FROM orders ORDER BY id"))
        t.orders.push_back({r.i64(0), r.i64(1), Money::cents(r.i64(2)), r.str(3)});
    // The balance as SQL sums it, independently of the fold in check_ledger.
    for (const auto& r : c.query(
             "SELECT voucher_id,"
             " SUM(CASE WHEN kind = 'grant' THEN amount_cents ELSE 0 END),"
             " SUM(CASE WHEN kind = 'reserve' THEN amount_cents ELSE 0 END),"
             " SUM(CASE WHEN kind = 'release' THEN amount_cents ELSE 0 END),"
             " SUM(CASE WHEN kind = 'spend' THEN amount_cents ELSE 0 END),"
             " SUM(CASE WHEN kind IN ('expire', 'cancel') THEN amount_cents ELSE 0 END),"
             " SUM(CASE WHEN kind = 'refund' THEN amount_cents ELSE 0 END)"
             " FROM ledger_entries GROUP BY voucher_id ORDER BY voucher_id")) {
        const Money granted = Money::cents(r.i64(1)), reserved = Money::cents(r.i64(2)),
                    released = Money::cents(r.i64(3)), spent = Money::cents(r.i64(4)),
                    expired = Money::cents(r.i64(5)), refunded = Money::cents(r.i64(6));
        ReportedBalance b;
        b.voucher_id = r.i64(0);
        b.reserved = reserved - released - spent;
        b.spent = spent - refunded;  // a refund moves spent money back to available
        b.expired = expired;
        b.available = granted - b.reserved - b.spent - expired;
        t.reported.push_back(b);
    }
    return t;
}

LedgerTables read_ledger_snapshot(db::Database& db) {
    return db.transact(db::TxMode::read, [](db::Connection& c) {
        // Must be the first statement of the transaction; a plain simple-protocol statement
        // (execute_script) so no prepare or savepoint runs before it.
        if (c.dialect() == db::Dialect::postgres)
            c.execute_script("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        return read_ledger_tables(c);
    });
}

}  // namespace pt::vouchers

namespace pt::vouchers {

std::map<std::int64_t, std::string> voucher_contract_numbers(db::Connection& c, std::int64_t voucher_id) {
    std::map<std::int64_t, std::string> out;
    for (const auto& r : c.query("SELECT oc.order_id, oc.number FROM order_contracts oc JOIN orders o ON o.id = oc.order_id "
                                 "WHERE o.voucher_id = ? ORDER BY oc.order_id",
                                 {voucher_id}))
        out.emplace(r.i64(0), r.str(1));
    return out;
}

std::optional<std::string> programme_name(db::Connection& c, std::int64_t programme_id) {
    auto r = c.query("SELECT name FROM voucher_programmes WHERE id = ?", {programme_id});
    if (r.empty()) return std::nullopt;
    return r[0].str(0);
}

}  // namespace pt::vouchers
