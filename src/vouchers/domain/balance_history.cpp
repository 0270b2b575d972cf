#include "vouchers/domain/balance_history.hpp"

namespace pt::vouchers {

Money available_change(EntryKind kind, Money amount) {
    switch (kind) {
        case EntryKind::grant:
        case EntryKind::release:
        case EntryKind::refund: return amount;
        case EntryKind::reserve:
        case EntryKind::expire:
        case EntryKind::cancel: return -amount;
        case EntryKind::spend: return Money{};
    }
    return Money{};
}

std::vector<HistoryStep> balance_history(const std::vector<LedgerEntry>& entries) {
    std::vector<HistoryStep> out;
    out.reserve(entries.size());
    Money available;
    for (const auto& e : entries) {
        const Money change = available_change(e.kind, e.amount);
        available += change;
        out.push_back({change, available});
    }
    return out;
}

}  // namespace pt::vouchers
