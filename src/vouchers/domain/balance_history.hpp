#pragma once
// A voucher's ledger as the customer reads it: what each entry did to the money the customer can
// still use (the AVAILABLE balance), and that balance after it. No I/O.
//   grant   +amount   new money
//   reserve -amount   held for an order
//   release +amount   the order's hold returned
//   spend    0        the held money paid the invoice: it had already left "available" at reserve
//   expire  -amount   the validity ended
//   cancel  -amount   the city withdrew the voucher
#include <vector>

#include "core/money.hpp"
#include "vouchers/domain/ledger.hpp"

namespace pt::vouchers {

// The signed change an entry makes to the available balance (see above).
Money available_change(EntryKind kind, Money amount);

struct HistoryStep {
    Money change;           // available_change of the entry
    Money available_after;  // available balance after the entry (may go negative only in a broken ledger)
};
// One step per entry, in the order given (the ledger's id order).
std::vector<HistoryStep> balance_history(const std::vector<LedgerEntry>& entries);

}  // namespace pt::vouchers
