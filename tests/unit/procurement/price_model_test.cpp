#include <gtest/gtest.h>

#include "procurement/domain/price_model.hpp"

using namespace pt::procurement;
using pt::Money;

namespace {
PriceModel fixed() { return {FixedVoucherValue{{Money::euros(2500), Money::euros(5000)}}, {}}; }
PriceModel hourly() {
    return {HourlyRate{Money::euros(80), Money::euros(2400)},
            {{"employed_6m", Money::euros(500), "Employment contract of at least 6 months"}}};
}
}  // namespace

TEST(CheckPrice, FixedMustEqualAVoucherValue) {
    const auto m = fixed();
    EXPECT_EQ(check_price(m, Money::euros(2500)), std::nullopt);
    EXPECT_EQ(check_price(m, Money::euros(5000)), std::nullopt);
    EXPECT_EQ(check_price(m, Money::cents(249999)), "price.must_equal_voucher_value");
    EXPECT_EQ(check_price(m, Money::cents(250001)), "price.must_equal_voucher_value");
    EXPECT_EQ(check_price(m, Money::euros(3000)), "price.must_equal_voucher_value");
    EXPECT_EQ(check_price(m, Money{}), "price.must_be_positive");
    EXPECT_EQ(check_price(m, Money::euros(-2500)), "price.must_be_positive");
}

TEST(CheckPrice, HourlyUpToCap) {
    const auto m = hourly();
    EXPECT_EQ(check_price(m, Money::euros(80)), std::nullopt);
    EXPECT_EQ(check_price(m, Money::euros(2400)), std::nullopt);
    EXPECT_EQ(check_price(m, Money::cents(240001)), "price.over_hourly_cap");
    EXPECT_EQ(check_price(m, Money{}), "price.must_be_positive");
}

TEST(PriceModelError, Keys) {
    EXPECT_EQ(price_model_error(fixed()), std::nullopt);
    EXPECT_EQ(price_model_error(hourly()), std::nullopt);
    EXPECT_EQ(price_model_error({FixedVoucherValue{}, {}}), "price_model.no_values");
    EXPECT_EQ(price_model_error({FixedVoucherValue{{Money::euros(10), Money{}}}, {}}), "price_model.non_positive_value");
    EXPECT_EQ(price_model_error({HourlyRate{Money{}, Money::euros(10)}, {}}), "price_model.non_positive_rate");
    EXPECT_EQ(price_model_error({HourlyRate{Money::euros(80), Money::euros(79)}, {}}), "price_model.cap_below_rate");
    auto m = hourly();
    m.bonuses.push_back({"employed_6m", Money::euros(100), "dup"});
    EXPECT_EQ(price_model_error(m), "price_model.bonus_code_duplicate");
    m = hourly();
    m.bonuses.push_back({"", Money::euros(100), "x"});
    EXPECT_EQ(price_model_error(m), "price_model.bonus_code_missing");
    m = hourly();
    m.bonuses[0].amount = Money{};
    EXPECT_EQ(price_model_error(m), "price_model.non_positive_bonus");
}

TEST(BillableAmount, HourlyProRataAndCapped) {
    const auto m = hourly();
    EXPECT_EQ(billable_amount(m, Money::euros(2400), 60), Money::euros(80));
    EXPECT_EQ(billable_amount(m, Money::euros(2400), 90), Money::euros(120));
    EXPECT_EQ(billable_amount(m, Money::euros(2400), 1), Money::cents(133));  // 8000/60 rounded down
    EXPECT_EQ(billable_amount(m, Money::euros(2400), 30 * 60), Money::euros(2400));
    EXPECT_EQ(billable_amount(m, Money::euros(2400), 31 * 60), Money::euros(2400));
    EXPECT_EQ(billable_amount(m, Money::euros(2400), 0), Money{});
    EXPECT_EQ(billable_amount(m, Money::euros(2400), -5), Money{});
    EXPECT_EQ(billable_amount(m, Money::euros(2400), 9'000'000'000'000'000LL), Money::euros(2400));
}

TEST(BillableAmount, FixedIsTheCardPrice) {
    EXPECT_EQ(billable_amount(fixed(), Money::euros(2500), 5), Money::euros(2500));
}

TEST(Bonus, FindByCode) {
    const auto m = hourly();
    ASSERT_NE(find_bonus(m, "employed_6m"), nullptr);
    EXPECT_EQ(find_bonus(m, "employed_6m")->amount, Money::euros(500));
    EXPECT_EQ(find_bonus(m, "other"), nullptr);
}
