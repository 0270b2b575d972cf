#include "vouchers/domain/ledger.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace pt::vouchers;
using pt::Money;
using namespace std::chrono;

namespace {

constexpr sys_days d(int y, unsigned m, unsigned dd) { return sys_days(year(y) / month(m) / day(dd)); }

Voucher voucher(VoucherStatus status = VoucherStatus::active) {
    return Voucher{7, 42, Money::euros(2500), d(2026, 1, 15), d(2026, 7, 15), status};
}

VoucherBalance balance(std::int64_t granted_euros, std::int64_t reserved_euros = 0) {
    VoucherBalance b;
    if (granted_euros > 0) b.apply({EntryKind::grant, Money::euros(granted_euros)});
    if (reserved_euros > 0) b.apply({EntryKind::reserve, Money::euros(reserved_euros)});
    return b;
}

}  // namespace

struct ReserveCase {
    const char* name;
    Voucher v;
    VoucherBalance b;
    Money amount;
    sys_days today;
    std::optional<ReserveRefusal> expected;
};

class CheckReserve : public testing::TestWithParam<ReserveCase> {};

TEST_P(CheckReserve, Decides) {
    const auto& c = GetParam();
    const auto got = check_reserve(c.v, c.b, c.amount, c.today);
    ASSERT_EQ(got.has_value(), c.expected.has_value())
        << (got ? message_key(*got) : std::string_view("allowed"));
    if (got) {
        EXPECT_EQ(*got, *c.expected) << message_key(*got);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, CheckReserve,
    testing::Values(
        ReserveCase{"whole_value_allowed", voucher(), balance(2500), Money::euros(2500), d(2026, 3, 1), std::nullopt},
        ReserveCase{"exact_remaining_balance_allowed", voucher(), balance(5000, 2500), Money::euros(2500),
                    d(2026, 3, 1), std::nullopt},
        ReserveCase{"one_cent_allowed", voucher(), balance(2500), Money::cents(1), d(2026, 3, 1), std::nullopt},
        ReserveCase{"first_day_allowed", voucher(), balance(2500), Money::euros(100), d(2026, 1, 15), std::nullopt},
        ReserveCase{"last_day_allowed", voucher(), balance(2500), Money::euros(100), d(2026, 7, 15), std::nullopt},
        ReserveCase{"one_cent_over", voucher(), balance(2500), Money::cents(250001), d(2026, 3, 1),
                    ReserveRefusal::insufficient_balance},
        ReserveCase{"over_remaining", voucher(), balance(5000, 2500), Money::cents(250001), d(2026, 3, 1),
                    ReserveRefusal::insufficient_balance},
        ReserveCase{"nothing_left", voucher(), balance(2500, 2500), Money::cents(1), d(2026, 3, 1),
                    ReserveRefusal::insufficient_balance},
        ReserveCase{"day_after_validity", voucher(), balance(2500), Money::euros(100), d(2026, 7, 16),
                    ReserveRefusal::expired},
        ReserveCase{"long_after_validity", voucher(), balance(2500), Money::euros(100), d(2027, 1, 1),
                    ReserveRefusal::expired},
        ReserveCase{"day_before_grant", voucher(), balance(2500), Money::euros(100), d(2026, 1, 14),
                    ReserveRefusal::not_yet_valid},
        ReserveCase{"status_expired", voucher(VoucherStatus::expired), balance(2500), Money::euros(100),
                    d(2026, 3, 1), ReserveRefusal::expired},
        ReserveCase{"status_spent", voucher(VoucherStatus::spent), balance(2500), Money::euros(100), d(2026, 3, 1),
                    ReserveRefusal::not_active},
        ReserveCase{"status_cancelled", voucher(VoucherStatus::cancelled), balance(2500), Money::euros(100),
                    d(2026, 3, 1), ReserveRefusal::not_active},
        ReserveCase{"zero_amount", voucher(), balance(2500), Money(), d(2026, 3, 1),
                    ReserveRefusal::non_positive_amount},
        ReserveCase{"negative_amount", voucher(), balance(2500), Money::euros(-100), d(2026, 3, 1),
                    ReserveRefusal::non_positive_amount},
        ReserveCase{"negative_amount_on_cancelled_voucher", voucher(VoucherStatus::cancelled), balance(2500),
                    Money::cents(-1), d(2026, 3, 1), ReserveRefusal::non_positive_amount},
        ReserveCase{"cancelled_and_out_of_date", voucher(VoucherStatus::cancelled), balance(2500),
                    Money::euros(1), d(2030, 1, 1), ReserveRefusal::not_active},
        ReserveCase{"expired_beats_insufficient", voucher(), balance(2500), Money::euros(9999), d(2027, 1, 1),
                    ReserveRefusal::expired}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CheckReserve, AllowedReservationAppliesCleanly) {
    // What check_reserve allows, the ledger must accept: the two rules agree.
    const Voucher v = voucher();
    for (std::int64_t reserved : {0, 1000, 2499}) {
        VoucherBalance b = balance(2500, reserved);
        for (std::int64_t cents : {1LL, 100LL, 99999LL, 250000LL, 250001LL}) {
            const Money amount = Money::cents(cents);
            const auto refusal = check_reserve(v, b, amount, d(2026, 5, 5));
            VoucherBalance copy = b;
            if (refusal) {
                EXPECT_EQ(*refusal, ReserveRefusal::insufficient_balance);
                EXPECT_THROW(copy.apply({EntryKind::reserve, amount}), std::logic_error);
            } else {
                EXPECT_NO_THROW(copy.apply({EntryKind::reserve, amount}));
            }
        }
    }
}

TEST(CheckReserve, ValidityIsInclusive) {
    const Voucher v = voucher();
    EXPECT_FALSE(is_within_validity(v, d(2026, 1, 14)));
    EXPECT_TRUE(is_within_validity(v, d(2026, 1, 15)));
    EXPECT_TRUE(is_within_validity(v, d(2026, 7, 15)));
    EXPECT_FALSE(is_within_validity(v, d(2026, 7, 16)));
}

TEST(CheckReserve, MessageKeysAreDistinctAndNamespaced) {
    std::set<std::string_view> keys;
    for (auto r : {ReserveRefusal::not_active, ReserveRefusal::expired, ReserveRefusal::not_yet_valid,
                   ReserveRefusal::insufficient_balance, ReserveRefusal::non_positive_amount}) {
        EXPECT_TRUE(message_key(r).starts_with("voucher.")) << message_key(r);
        keys.insert(message_key(r));
    }
    EXPECT_EQ(keys.size(), 5u);
    EXPECT_EQ(message_key(ReserveRefusal::expired), "voucher.expired");
    EXPECT_EQ(message_key(ReserveRefusal::insufficient_balance), "voucher.insufficient_balance");
}
