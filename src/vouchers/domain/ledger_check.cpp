#include "vouchers/domain/ledger_check.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace pt::vouchers {

namespace {

// What one order has done on the ledger so far.
struct OrderMoves {
    Money reserved, released, spent, refunded;
    Money holding() const { return reserved - released - spent; }
    Money net_spent() const { return spent - refunded; }
};

Violation make(std::string code, std::string subject, std::int64_t id, std::optional<std::int64_t> entry,
               std::optional<Money> expected, Money actual, std::string detail) {
    return {std::move(code), std::move(subject), id, entry, expected, actual, std::move(detail)};
}

std::string describe(const LedgerRow& e) {
    return std::string(to_string(e.kind)) + " of " + e.amount.decimal();
}

// Folds one entry; reports the entry at which a pot turns negative (not every later entry
// while it stays negative, so one bad movement gives one line).
void fold(VoucherPots& p, const LedgerRow& e, std::vector<Violation>* out) {
    const Money avail_before = p.available();
    const Money reserved_before = p.reserved;
    const Money spent_before = p.spent;
    switch (e.kind) {
        case EntryKind::grant: p.granted += e.amount; break;
        case EntryKind::reserve: p.reserved += e.amount; break;
        case EntryKind::release: p.reserved -= e.amount; break;
        case EntryKind::spend: p.reserved -= e.amount; p.spent += e.amount; break;
        case EntryKind::expire: p.expired += e.amount; break;
        case EntryKind::cancel: p.cancelled += e.amount; break;
        case EntryKind::refund: p.spent -= e.amount; break;
    }
    if (!out) return;
    if (p.available().is_negative() && !avail_before.is_negative())
        out->push_back(make("voucher.negative_available", "voucher", e.voucher_id, e.id, Money{}, p.available(),
                            describe(e) + " takes more than is available"));
    if (p.reserved.is_negative() && !reserved_before.is_negative())
        out->push_back(make("voucher.negative_reserved", "voucher", e.voucher_id, e.id, Money{}, p.reserved,
                            describe(e) + " takes more than is reserved"));
    if (p.spent.is_negative() && !spent_before.is_negative())
        out->push_back(make("voucher.negative_spent", "voucher", e.voucher_id, e.id, Money{}, p.spent,
                            describe(e) + " refunds more than was spent"));
}

Money expected_holding(const OrderFacts& o) { return o.expected == OrderMoney::reserved ? o.price : Money{}; }

// An invoiced or paid order holds nothing; what it spent (net of refunds) is at most its price:
// the voucher pays only the service lines' net, the rest of the reservation is released, and a
// credit note refunds what was spent. Any other order has spent nothing.
bool money_matches(const OrderFacts& o, const OrderMoves& m) {
    if (m.holding() != expected_holding(o)) return false;
    if (o.expected != OrderMoney::spent) return m.spent.is_zero() && m.refunded.is_zero();
    return !m.net_spent().is_negative() && m.net_spent() <= o.price;
}

}  // namespace

std::string_view to_string(OrderMoney m) {
    switch (m) {
        case OrderMoney::reserved: return "reserved";
        case OrderMoney::spent: return "spent";
        case OrderMoney::released: return "released";
    }
    return "?";
}

VoucherPots fold_pots(const std::vector<LedgerRow>& entries) {
    std::vector<LedgerRow> sorted = entries;
    std::ranges::sort(sorted, {}, &LedgerRow::id);
    VoucherPots p;
    for (const auto& e : sorted) fold(p, e, nullptr);
    return p;
}

LedgerCheckReport check_ledger(const LedgerSnapshot& s) {
    LedgerCheckReport r;
    r.programmes = s.programmes.size();
    r.vouchers = s.vouchers.size();
    r.entries = s.entries.size();
    r.orders = s.orders.size();

    std::map<std::int64_t, const VoucherFacts*> vouchers;
    for (const auto& v : s.vouchers) vouchers[v.id] = &v;
    std::map<std::int64_t, const OrderFacts*> orders;
    for (const auto& o : s.orders) orders[o.id] = &o;

    std::vector<LedgerRow> entries = s.entries;
    std::ranges::sort(entries, {}, &LedgerRow::id);

    std::vector<Violation> entry_v, voucher_v, programme_v, order_v;
    std::map<std::int64_t, VoucherPots> pots;
    std::map<std::int64_t, Money> granted_entries;
    std::map<std::int64_t, OrderMoves> moves;
    std::map<std::int64_t, std::vector<Violation>> per_voucher;  // along the fold, keyed for order

    for (const auto& e : entries) {
        if (e.amount.cents() <= 0)
            entry_v.push_back(make("entry.non_positive_amount", "entry", e.id, e.id, std::nullopt, e.amount,
                                   describe(e) + " on voucher " + std::to_string(e.voucher_id)));
        if (!vouchers.count(e.voucher_id)) {
            entry_v.push_back(make("entry.unknown_voucher", "entry", e.id, e.id, std::nullopt, e.amount,
                                   describe(e) + " names voucher " + std::to_string(e.voucher_id) +
                                       ", which does not exist"));
            continue;
        }
        const bool order_kind = e.kind == EntryKind::reserve || e.kind == EntryKind::release ||
                                e.kind == EntryKind::spend || e.kind == EntryKind::refund;
        if (order_kind && !e.order_id)
            entry_v.push_back(make("entry.missing_order", "entry", e.id, e.id, std::nullopt, e.amount,
                                   describe(e) + " on voucher " + std::to_string(e.voucher_id) + " names no order"));
        if (e.order_id) {
            auto it = orders.find(*e.order_id);
            if (it == orders.end())
                entry_v.push_back(make("entry.unknown_order", "entry", e.id, e.id, std::nullopt, e.amount,
                                       describe(e) + " names order " + std::to_string(*e.order_id) +
                                           ", which does not exist"));
            else if (it->second->voucher_id != e.voucher_id)
                entry_v.push_back(make("entry.order_voucher_mismatch", "entry", e.id, e.id, std::nullopt, e.amount,
                                       describe(e) + " is on voucher " + std::to_string(e.voucher_id) +
                                           " but order " + std::to_string(*e.order_id) + " uses voucher " +
                                           std::to_string(it->second->voucher_id)));
            if (order_kind) {
                auto& m = moves[*e.order_id];
                const bool was_ok = !m.holding().is_negative();
                if (e.kind == EntryKind::reserve) m.reserved += e.amount;
                if (e.kind == EntryKind::release) m.released += e.amount;
                if (e.kind == EntryKind::spend) m.spent += e.amount;
                const bool refund_was_ok = !m.net_spent().is_negative();
                if (e.kind == EntryKind::refund) m.refunded += e.amount;
                if (was_ok && m.holding().is_negative())
                    order_v.push_back(make("order.overdrawn", "order", *e.order_id, e.id, Money{}, m.holding(),
                                           describe(e) + " releases or spends more than the order reserved"));
                if (refund_was_ok && m.net_spent().is_negative())
                    order_v.push_back(make("order.over_refunded", "order", *e.order_id, e.id, m.spent, m.refunded,
                                           describe(e) + " refunds more than the order spent"));
            }
        }
        if (e.kind == EntryKind::grant) granted_entries[e.voucher_id] += e.amount;
        fold(pots[e.voucher_id], e, &per_voucher[e.voucher_id]);
    }

    std::map<std::int64_t, ReportedBalance> reported;
    for (const auto& b : s.reported) reported[b.voucher_id] = b;
    std::map<std::int64_t, const ProgrammeFacts*> programmes;
    for (const auto& p : s.programmes) programmes[p.id] = &p;
    std::map<std::int64_t, Money> programme_grants;

    for (const auto& [id, v] : vouchers) {
        auto& out = voucher_v;
        for (auto& x : per_voucher[id]) out.push_back(std::move(x));
        const VoucherPots p = pots[id];
        const Money granted = granted_entries[id];
        if (granted != v->value)
            out.push_back(make("voucher.grant_mismatch", "voucher", id, std::nullopt, v->value, granted,
                               "grant entries do not add up to the voucher's value"));
        if (p.spent > p.granted)
            out.push_back(make("voucher.overspent", "voucher", id, std::nullopt, p.granted, p.spent,
                               "spent more than was granted"));
        // An expired or cancelled voucher may still hold reservations of accepted orders (they
        // are invoiced later); nothing may stay available. A spent one holds nothing at all.
        const Money held = p.available() + (v->status == VoucherStatus::spent ? p.reserved : Money{});
        if (v->status != VoucherStatus::active && !held.is_zero())
            out.push_back(make("voucher.closed_with_money", "voucher", id, std::nullopt, Money{}, held,
                               "a voucher " + std::string(to_string(v->status)) +
                                   " still holds money (available " + p.available().decimal() + ", reserved " +
                                   p.reserved.decimal() + ")"));
        if (auto it = reported.find(id); it != reported.end()) {
            const ReportedBalance& b = it->second;
            const std::pair<const char*, std::pair<Money, Money>> parts[] = {
                {"available", {p.available(), b.available}},
                {"reserved", {p.reserved, b.reserved}},
                {"spent", {p.spent, b.spent}},
                {"expired", {p.expired + p.cancelled, b.expired}}};
            for (const auto& [name, pair] : parts)
                if (pair.first != pair.second)
                    out.push_back(make("voucher.balance_mismatch", "voucher", id, std::nullopt, pair.first,
                                       pair.second, std::string("reported ") + name + " differs from the ledger"));
        }
        if (v->programme_id) {
            if (!programmes.count(*v->programme_id))
                out.push_back(make("voucher.unknown_programme", "voucher", id, std::nullopt, std::nullopt, v->value,
                                   "names programme " + std::to_string(*v->programme_id) +
                                       ", which does not exist"));
            else
                programme_grants[*v->programme_id] += granted;
        }
    }

    for (const auto& [id, p] : programmes) {
        const Money grants = programme_grants[id];
        const Money unallocated = p->budget - grants;
        if (unallocated.is_negative())
            programme_v.push_back(make("programme.over_allocated", "programme", id, std::nullopt, p->budget, grants,
                                       "grants exceed the budget by " + (-unallocated).decimal()));
        if (p->reported_unallocated && *p->reported_unallocated != unallocated)
            programme_v.push_back(make("programme.unallocated_mismatch", "programme", id, std::nullopt, unallocated,
                                       *p->reported_unallocated,
                                       "reported unallocated differs from budget - grants"));
    }

    for (const auto& [id, o] : orders) {
        const OrderMoves m = moves[id];
        if (!money_matches(*o, m))
            order_v.push_back(make("order.money_mismatch", "order", id, std::nullopt, o->price,
                                   o->expected == OrderMoney::spent ? m.net_spent() : m.holding(),
                                   "should be " + std::string(to_string(o->expected)) + " but holds " +
                                       m.holding().decimal() + " and spent " + m.net_spent().decimal() +
                                       " on voucher " + std::to_string(o->voucher_id)));
    }
    std::ranges::stable_sort(order_v, {}, &Violation::subject_id);

    for (auto* part : {&entry_v, &voucher_v, &programme_v, &order_v})
        for (auto& x : *part) r.violations.push_back(std::move(x));
    return r;
}

std::string LedgerCheckReport::to_text() const {
    std::ostringstream o;
    o << "ledger check: " << programmes << " programmes, " << vouchers << " vouchers, " << entries << " entries, "
      << orders << " orders: " << (ok() ? "OK" : std::to_string(violations.size()) + " violation(s)") << "\n";
    for (const auto& v : violations) {
        o << v.subject << " " << v.subject_id << ": " << v.code;
        if (v.entry_id) o << " at entry " << *v.entry_id;
        if (v.expected) o << ": expected " << v.expected->decimal() << ", actual " << v.actual.decimal();
        else o << ": amount " << v.actual.decimal();
        if (!v.detail.empty()) o << " (" << v.detail << ")";
        o << "\n";
    }
    return o.str();
}

}  // namespace pt::vouchers
