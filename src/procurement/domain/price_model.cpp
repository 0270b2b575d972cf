#include "procurement/domain/price_model.hpp"

#include <algorithm>
#include <set>

namespace pt::procurement {

std::optional<std::string_view> price_model_error(const PriceModel& m) {
    if (const auto* f = std::get_if<FixedVoucherValue>(&m.base)) {
        if (f->allowed.empty()) return "price_model.no_values";
        for (Money v : f->allowed)
            if (v <= Money{}) return "price_model.non_positive_value";
    } else {
        const auto& h = std::get<HourlyRate>(m.base);
        if (h.rate <= Money{}) return "price_model.non_positive_rate";
        if (h.cap < h.rate) return "price_model.cap_below_rate";
    }
    std::set<std::string> codes;
    for (const auto& b : m.bonuses) {
        if (b.code.empty()) return "price_model.bonus_code_missing";
        if (!codes.insert(b.code).second) return "price_model.bonus_code_duplicate";
        if (b.amount <= Money{}) return "price_model.non_positive_bonus";
    }
    return std::nullopt;
}

std::optional<std::string_view> check_price(const PriceModel& m, Money price) {
    if (price <= Money{}) return "price.must_be_positive";
    if (const auto* f = std::get_if<FixedVoucherValue>(&m.base)) {
        if (std::ranges::find(f->allowed, price) == f->allowed.end()) return "price.must_equal_voucher_value";
        return std::nullopt;
    }
    if (price > std::get<HourlyRate>(m.base).cap) return "price.over_hourly_cap";
    return std::nullopt;
}

Money billable_amount(const PriceModel& m, Money card_price, long long minutes) {
    const auto* h = std::get_if<HourlyRate>(&m.base);
    if (!h) return card_price;
    if (minutes <= 0) return Money{};
    // Compare before multiplying so a huge minute count cannot overflow.
    const long long cap_minutes = h->cap.cents() * 60 / h->rate.cents() + 1;
    if (minutes >= cap_minutes) return h->cap;
    const Money amount = Money::cents(h->rate.cents() * minutes / 60);
    return std::min(amount, h->cap);
}

const OutcomeBonus* find_bonus(const PriceModel& m, std::string_view code) {
    for (const auto& b : m.bonuses)
        if (b.code == code) return &b;
    return nullptr;
}

}  // namespace pt::procurement
