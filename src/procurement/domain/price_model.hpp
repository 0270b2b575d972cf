#pragma once
// The price frame a service description sets for product cards, checked when a card is
// published (PRODUCT.md: "price rule ... is checked on publish"). No I/O.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/money.hpp"

namespace pt::procurement {

// The card's price must equal one of the voucher values (e.g. 2 500 € or 5 000 €).
struct FixedVoucherValue {
    std::vector<Money> allowed;
};

// Billed by realized hours at `rate`, never more than `cap` per order contract; a card's
// price is its package total and must stay within the cap.
struct HourlyRate {
    Money rate;
    Money cap;
};

// Claimed through the billing report with the stated evidence (seed 001).
struct OutcomeBonus {
    std::string code;  // e.g. "employed_6m"
    Money amount;
    std::string evidence;  // what the provider must show, free text
};

struct PriceModel {
    std::variant<FixedVoucherValue, HourlyRate> base;
    std::vector<OutcomeBonus> bonuses;
};

// Checks the organizer's model itself: "price_model.no_values", "price_model.non_positive_value",
// "price_model.non_positive_rate", "price_model.cap_below_rate", "price_model.bonus_code_missing",
// "price_model.bonus_code_duplicate", "price_model.non_positive_bonus"; nullopt when fine.
std::optional<std::string_view> price_model_error(const PriceModel& m);

// Why a card price is refused: "price.must_be_positive", "price.must_equal_voucher_value",
// "price.over_hourly_cap"; nullopt when it fits.
std::optional<std::string_view> check_price(const PriceModel& m, Money price);

// What an hourly order contract may bill for `minutes` of realized work: rate * minutes / 60,
// rounded down to the cent, at most the cap. For a fixed model: the card price, whatever the time.
Money billable_amount(const PriceModel& m, Money card_price, long long minutes);

const OutcomeBonus* find_bonus(const PriceModel& m, std::string_view code);

}  // namespace pt::procurement
