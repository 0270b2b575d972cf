#include "vouchers/domain/balance_history.hpp"

#include <gtest/gtest.h>

using namespace pt::vouchers;
using pt::Money;

namespace {

LedgerEntry e(EntryKind k, std::int64_t euros) { return {k, Money::euros(euros)}; }

}  // namespace

TEST(BalanceHistory, SignsAsTheCustomerSeesThem) {
    EXPECT_EQ(available_change(EntryKind::grant, Money::euros(5)), Money::euros(5));
    EXPECT_EQ(available_change(EntryKind::reserve, Money::euros(5)), Money::euros(-5));
    EXPECT_EQ(available_change(EntryKind::release, Money::euros(5)), Money::euros(5));
    EXPECT_EQ(available_change(EntryKind::spend, Money::euros(5)), Money{});
    EXPECT_EQ(available_change(EntryKind::expire, Money::euros(5)), Money::euros(-5));
    EXPECT_EQ(available_change(EntryKind::cancel, Money::euros(5)), Money::euros(-5));
}

TEST(BalanceHistory, AvailableAfterEachEntryEndsAtTheBalance) {
    const std::vector<LedgerEntry> entries = {
        e(EntryKind::grant, 5000),   e(EntryKind::reserve, 2500), e(EntryKind::reserve, 1000),
        e(EntryKind::release, 1000), e(EntryKind::spend, 2500),   e(EntryKind::reserve, 500),
        e(EntryKind::expire, 2000),
    };
    const auto h = balance_history(entries);
    ASSERT_EQ(h.size(), entries.size());
    std::vector<std::int64_t> after;
    for (const auto& s : h) after.push_back(s.available_after.cents() / 100);
    EXPECT_EQ(after, (std::vector<std::int64_t>{5000, 2500, 1500, 2500, 2500, 2000, 0}));
    // The last step is the balance the ledger fold gives, and the steps add up to it.
    const auto b = balance_of(entries);
    EXPECT_EQ(h.back().available_after, b.available());
    Money sum;
    for (const auto& s : h) sum += s.change;
    EXPECT_EQ(sum, b.available());
    // After every prefix too.
    for (std::size_t i = 0; i < entries.size(); ++i)
        EXPECT_EQ(h[i].available_after,
                  balance_of(std::vector<LedgerEntry>(entries.begin(), entries.begin() + i + 1)).available());
}

TEST(BalanceHistory, EmptyLedgerHasNoSteps) { EXPECT_TRUE(balance_history({}).empty()); }
