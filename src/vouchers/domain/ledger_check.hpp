#pragma once
// The ledger invariants, checked over plain lists read from the database, for the
// `palvelutori ledger check` command and the concurrency and crash tests. No I/O: the command
// reads everything in one read transaction, calls check_ledger, prints to_text() and exits
// non-zero when the report is not ok().
//
// Invariants (each violation names its code below):
//   voucher   granted = available + reserved + spent + expired + cancelled with every pot >= 0
//             after every entry in id order (available and reserved are the pots that can go
//             negative); the grant entries equal the voucher's value; never spent more than
//             granted; a voucher that is no longer active has nothing available (an expired or
//             cancelled one may still hold accepted orders' reservations; a spent one may not);
//             a balance reported by SQL (if given) equals the fold of its entries.
//   programme budget = unallocated + sum of its vouchers' grants, with unallocated >= 0; a
//             reported unallocated figure (if given) equals budget - grants.
//   order     reserve/release/spend/refund entries name an order of the same voucher; an order never
//             releases or spends more than it reserved, nor refunds more than it spent; what it holds
//             matches its status (invoiced/paid: nothing held, 0 <= spent - refunded <= price, since
//             the voucher pays only the service lines and a credit note refunds them).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "vouchers/domain/ledger.hpp"

namespace pt::vouchers {

struct LedgerRow {
    std::int64_t id = 0;  // entries are folded in id order (= the order they were written)
    std::int64_t voucher_id = 0;
    std::optional<std::int64_t> order_id;
    EntryKind kind = EntryKind::grant;
    Money amount;
};

struct VoucherFacts {
    std::int64_t id = 0;
    std::optional<std::int64_t> programme_id;  // vouchers from before programmes have none
    Money value;
    VoucherStatus status = VoucherStatus::active;
};

struct ProgrammeFacts {
    std::int64_t id = 0;
    Money budget;
    std::optional<Money> reported_unallocated;  // a figure shown elsewhere, cross-checked if given
};

// What an order should hold on its voucher, by its status (orders::order_money gives it):
// reserved = requested .. reported, spent = invoiced, paid (holds nothing; spent net of refunds
// between 0 and the price), released = declined, cancelled.
enum class OrderMoney { reserved, spent, released };
std::string_view to_string(OrderMoney m);

struct OrderFacts {
    std::int64_t id = 0;
    std::int64_t voucher_id = 0;
    Money price;
    OrderMoney expected = OrderMoney::reserved;
};

// A balance as some other code (a SQL aggregate, an API answer) computed it.
struct ReportedBalance {
    std::int64_t voucher_id = 0;
    Money available, reserved, spent, expired;  // expired includes cancelled, as in VoucherBalance
};

struct LedgerSnapshot {
    std::vector<ProgrammeFacts> programmes;
    std::vector<VoucherFacts> vouchers;
    std::vector<LedgerRow> entries;
    std::vector<OrderFacts> orders;
    std::vector<ReportedBalance> reported;
};

// The pots of one voucher as check_ledger folds them (signed: a broken ledger may go negative).
struct VoucherPots {
    Money granted, reserved, spent, expired, cancelled;
    Money available() const { return granted - reserved - spent - expired - cancelled; }
};

struct Violation {
    std::string code;         // e.g. "voucher.negative_available"
    std::string subject;      // "entry", "voucher", "programme" or "order"
    std::int64_t subject_id = 0;
    std::optional<std::int64_t> entry_id;  // the entry at which it showed, where there is one
    std::optional<Money> expected;
    Money actual;
    std::string detail;       // English, for the operator
};

struct LedgerCheckReport {
    std::vector<Violation> violations;
    std::size_t programmes = 0, vouchers = 0, entries = 0, orders = 0;
    bool ok() const { return violations.empty(); }
    // One summary line, then one line per violation.
    std::string to_text() const;
};

// Every violation, in a stable order: entries, vouchers, programmes, orders (each by id).
// Codes: entry.non_positive_amount, entry.unknown_voucher, entry.missing_order,
// entry.unknown_order, entry.order_voucher_mismatch, voucher.negative_available,
// voucher.negative_reserved, voucher.negative_spent, voucher.grant_mismatch, voucher.overspent,
// voucher.closed_with_money, voucher.balance_mismatch, voucher.unknown_programme,
// programme.over_allocated, programme.unallocated_mismatch, order.overdrawn, order.over_refunded,
// order.money_mismatch.
LedgerCheckReport check_ledger(const LedgerSnapshot& s);

// The pots of each voucher (by id) after folding its entries, as check_ledger sees them.
VoucherPots fold_pots(const std::vector<LedgerRow>& entries_of_one_voucher);

}  // namespace pt::vouchers
