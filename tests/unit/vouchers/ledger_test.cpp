#include "vouchers/domain/ledger.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <random>
#include <stdexcept>

using namespace pt::vouchers;
using pt::Money;
using namespace std::chrono;

namespace {

LedgerEntry e(EntryKind k, std::int64_t euros) { return {k, Money::euros(euros)}; }

void expect_invariant(const VoucherBalance& b) {
    EXPECT_EQ(b.granted, b.available() + b.reserved + b.spent + b.expired);
    EXPECT_FALSE(b.available().is_negative());
    EXPECT_FALSE(b.reserved.is_negative());
    EXPECT_FALSE(b.spent.is_negative());
    EXPECT_FALSE(b.expired.is_negative());
}

}  // namespace

TEST(EntryKind, NamesRoundTrip) {
    for (auto k : {EntryKind::grant, EntryKind::reserve, EntryKind::release, EntryKind::spend, EntryKind::expire,
                   EntryKind::cancel, EntryKind::refund}) {
        EXPECT_EQ(entry_kind_from(to_string(k)), k) << to_string(k);
    }
    EXPECT_EQ(to_string(EntryKind::reserve), "reserve");
    EXPECT_EQ(entry_kind_from("Grant"), std::nullopt);
    EXPECT_EQ(entry_kind_from(""), std::nullopt);
    EXPECT_EQ(entry_kind_from("Refund"), std::nullopt);
}

TEST(VoucherStatus, NamesRoundTrip) {
    for (auto s : {VoucherStatus::active, VoucherStatus::spent, VoucherStatus::expired, VoucherStatus::cancelled}) {
        EXPECT_EQ(voucher_status_from(to_string(s)), s) << to_string(s);
    }
    EXPECT_EQ(to_string(VoucherStatus::cancelled), "cancelled");
    EXPECT_EQ(voucher_status_from("applied"), std::nullopt);
}

// Each row: entries folded, then the expected pots (euros).
struct FoldCase {
    const char* name;
    std::vector<LedgerEntry> entries;
    std::int64_t granted, reserved, spent, expired, available;
};

class BalanceFold : public testing::TestWithParam<FoldCase> {};

TEST_P(BalanceFold, Pots) {
    const auto& c = GetParam();
    const VoucherBalance b = balance_of(c.entries);
    EXPECT_EQ(b.granted, Money::euros(c.granted));
    EXPECT_EQ(b.reserved, Money::euros(c.reserved));
    EXPECT_EQ(b.spent, Money::euros(c.spent));
    EXPECT_EQ(b.expired, Money::euros(c.expired));
    EXPECT_EQ(b.available(), Money::euros(c.available));
    expect_invariant(b);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BalanceFold,
    testing::Values(
        FoldCase{"empty", {}, 0, 0, 0, 0, 0},
        FoldCase{"grant", {e(EntryKind::grant, 2500)}, 2500, 0, 0, 0, 2500},
        FoldCase{"two grants", {e(EntryKind::grant, 2500), e(EntryKind::grant, 2500)}, 5000, 0, 0, 0, 5000},
        FoldCase{"reserve", {e(EntryKind::grant, 2500), e(EntryKind::reserve, 1000)}, 2500, 1000, 0, 0, 1500},
        FoldCase{"reserve all", {e(EntryKind::grant, 2500), e(EntryKind::reserve, 2500)}, 2500, 2500, 0, 0, 0},
        FoldCase{"release",
                 {e(EntryKind::grant, 2500), e(EntryKind::reserve, 1000), e(EntryKind::release, 1000)},
                 2500, 0, 0, 0, 2500},
        FoldCase{"partial release",
                 {e(EntryKind::grant, 2500), e(EntryKind::reserve, 1000), e(EntryKind::release, 400)},
                 2500, 600, 0, 0, 1900},
        FoldCase{"spend",
                 {e(EntryKind::grant, 2500), e(EntryKind::reserve, 2500), e(EntryKind::spend, 2500)},
                 2500, 0, 2500, 0, 0},
        FoldCase{"spend less than reserved, release the rest",
                 {e(EntryKind::grant, 5000), e(EntryKind::reserve, 2500), e(EntryKind::spend, 2000),
                  e(EntryKind::release, 500)},
                 5000, 0, 2000, 0, 3000},
        FoldCase{"expire the rest",
                 {e(EntryKind::grant, 5000), e(EntryKind::reserve, 2500), e(EntryKind::spend, 2500),
                  e(EntryKind::expire, 2500)},
                 5000, 0, 2500, 2500, 0},
        FoldCase{"cancel shares the expired pot",
                 {e(EntryKind::grant, 5000), e(EntryKind::reserve, 1000), e(EntryKind::cancel, 4000)},
                 5000, 1000, 0, 4000, 0},
        FoldCase{"two orders",
                 {e(EntryKind::grant, 5000), e(EntryKind::reserve, 2500), e(EntryKind::reserve, 2500),
                  e(EntryKind::release, 2500), e(EntryKind::spend, 2500)},
                 5000, 0, 2500, 0, 2500}),
    [](const auto& info) {
        std::string n = info.param.name;
        for (auto& ch : n)
            if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
        return n;
    });

struct RefusedCase {
    const char* name;
    std::vector<LedgerEntry> before;
    LedgerEntry bad;
};

class BalanceRefuses : public testing::TestWithParam<RefusedCase> {};

TEST_P(BalanceRefuses, ThrowsAndLeavesBalanceAlone) {
    const auto& c = GetParam();
    VoucherBalance b = balance_of(c.before);
    const VoucherBalance copy = b;
    EXPECT_THROW(b.apply(c.bad), std::logic_error);
    EXPECT_EQ(b.granted, copy.granted);
    EXPECT_EQ(b.reserved, copy.reserved);
    EXPECT_EQ(b.spent, copy.spent);
    EXPECT_EQ(b.expired, copy.expired);
    EXPECT_THROW(
        {
            auto all = c.before;
            all.push_back(c.bad);
            (void)balance_of(all);
        },
        std::logic_error);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BalanceRefuses,
    testing::Values(
        RefusedCase{"reserve_without_grant", {}, e(EntryKind::reserve, 1)},
        RefusedCase{"reserve_over_available", {e(EntryKind::grant, 2500)}, e(EntryKind::reserve, 2501)},
        RefusedCase{"reserve_over_available_by_a_cent", {e(EntryKind::grant, 2500)},
                    {EntryKind::reserve, Money::cents(250001)}},
        RefusedCase{"reserve_after_reserving",
                    {e(EntryKind::grant, 2500), e(EntryKind::reserve, 2000)}, e(EntryKind::reserve, 501)},
        RefusedCase{"release_unreserved", {e(EntryKind::grant, 2500)}, e(EntryKind::release, 1)},
        RefusedCase{"release_over_reserved",
                    {e(EntryKind::grant, 2500), e(EntryKind::reserve, 100)}, e(EntryKind::release, 101)},
        RefusedCase{"spend_unreserved", {e(EntryKind::grant, 2500)}, e(EntryKind::spend, 1)},
        RefusedCase{"spend_over_reserved",
                    {e(EntryKind::grant, 2500), e(EntryKind::reserve, 100)}, e(EntryKind::spend, 200)},
        RefusedCase{"spend_twice",
                    {e(EntryKind::grant, 2500), e(EntryKind::reserve, 100), e(EntryKind::spend, 100)},
                    e(EntryKind::spend, 100)},
        RefusedCase{"expire_reserved_money",
                    {e(EntryKind::grant, 2500), e(EntryKind::reserve, 2000)}, e(EntryKind::expire, 501)},
        RefusedCase{"cancel_over_available", {e(EntryKind::grant, 2500)}, e(EntryKind::cancel, 2501)},
        RefusedCase{"expire_twice",
                    {e(EntryKind::grant, 2500), e(EntryKind::expire, 2500)}, e(EntryKind::expire, 1)},
        RefusedCase{"zero_grant", {}, e(EntryKind::grant, 0)},
        RefusedCase{"negative_grant", {e(EntryKind::grant, 10)}, e(EntryKind::grant, -5)},
        RefusedCase{"negative_reserve", {e(EntryKind::grant, 10)}, e(EntryKind::reserve, -5)},
        RefusedCase{"negative_release",
                    {e(EntryKind::grant, 10), e(EntryKind::reserve, 5)}, e(EntryKind::release, -5)},
        RefusedCase{"negative_spend", {e(EntryKind::grant, 10)}, e(EntryKind::spend, -1)},
        RefusedCase{"negative_expire", {e(EntryKind::grant, 10)}, e(EntryKind::expire, -1)},
        RefusedCase{"grant_overflow", {{EntryKind::grant, Money::cents(INT64_MAX - 10)}},
                    {EntryKind::grant, Money::cents(11)}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(VoucherBalance, InvariantHoldsOverRandomAllowedSequences) {
    // Only entries the balance allows are drawn, so nothing may throw and no pot goes negative.
    std::mt19937_64 rng(2026);
    for (int run = 0; run < 300; ++run) {
        VoucherBalance b;
        std::vector<LedgerEntry> log;
        std::int64_t granted = 0, reserved = 0, spent = 0, expired = 0;  // independent model in cents
        for (int step = 0; step < 60; ++step) {
            const auto kind = static_cast<EntryKind>(std::uniform_int_distribution<int>(0, 5)(rng));
            const std::int64_t avail = granted - reserved - spent - expired;
            std::int64_t limit = 0;
            switch (kind) {
                case EntryKind::grant: limit = 500000; break;
                case EntryKind::reserve:
                case EntryKind::expire:
                case EntryKind::cancel: limit = avail; break;
                case EntryKind::release:
                case EntryKind::spend: limit = reserved; break;
            }
            if (limit <= 0) continue;
            const std::int64_t amount = std::uniform_int_distribution<std::int64_t>(1, limit)(rng);
            const LedgerEntry entry{kind, Money::cents(amount)};
            ASSERT_NO_THROW(b.apply(entry)) << to_string(kind) << " " << amount;
            log.push_back(entry);
            switch (kind) {
                case EntryKind::grant: granted += amount; break;
                case EntryKind::reserve: reserved += amount; break;
                case EntryKind::release: reserved -= amount; break;
                case EntryKind::spend: reserved -= amount; spent += amount; break;
                case EntryKind::expire:
                case EntryKind::cancel: expired += amount; break;
            }
            expect_invariant(b);
            ASSERT_EQ(b.granted.cents(), granted);
            ASSERT_EQ(b.reserved.cents(), reserved);
            ASSERT_EQ(b.spent.cents(), spent);
            ASSERT_EQ(b.expired.cents(), expired);
        }
        const VoucherBalance folded = balance_of(log);
        EXPECT_EQ(folded.available(), b.available());
        EXPECT_EQ(folded.granted, b.granted);
    }
}

TEST(VoucherBalance, OneCentTooMuchIsRefusedAfterRandomSequences) {
    std::mt19937_64 rng(99);
    for (int run = 0; run < 200; ++run) {
        VoucherBalance b;
        b.apply({EntryKind::grant, Money::euros(5000)});
        for (int step = 0; step < 10; ++step) {
            const auto avail = b.available().cents();
            if (avail <= 0) break;
            b.apply({EntryKind::reserve, Money::cents(std::uniform_int_distribution<std::int64_t>(1, avail)(rng))});
        }
        const Money too_much = b.available() + Money::cents(1);
        EXPECT_THROW(b.apply({EntryKind::reserve, too_much}), std::logic_error);
        EXPECT_THROW(b.apply({EntryKind::spend, b.reserved + Money::cents(1)}), std::logic_error);
        if (!b.available().is_zero()) {
            EXPECT_NO_THROW(b.apply({EntryKind::reserve, b.available()}));
        }
        expect_invariant(b);
    }
}
