#pragma once
// The rules a product card must meet to be shown in the catalog (issue 4): its provider is
// admitted to the card's service description today, the price fits the description's price
// model, and the card stays in the catalog only up to the last day of that admission. No I/O.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"
#include "procurement/domain/price_model.hpp"

namespace pt::catalog {

inline const std::vector<std::string>& delivery_modes() {
    static const std::vector<std::string> modes = {"on_site", "remote", "hybrid"};
    return modes;
}

// The admission a card is published under: both days included, "YYYY-MM-DD".
struct AdmissionPeriod {
    std::string start, end;
};

struct PublishCheck {
    // Set when the card may not be published at all (409): "cards.not_admitted",
    // "cards.price_model_missing".
    std::optional<std::string> refusal;
    // Field -> i18n key (422): "price" -> "cards.price_must_equal_voucher_value" ...
    std::map<std::string, std::string> field_errors;
    // When publishable: the card's last day in the catalog (the admission's period end).
    std::string period_end;
    bool ok() const { return !refusal && field_errors.empty(); }
};

// `admission`: the provider's admission to the card's service description covering `today`
// (nullopt: none, or rejected, or the period ended); `model`: the description's price model
// (nullopt: missing or unreadable). Dates are "YYYY-MM-DD".
PublishCheck check_publish(const std::optional<AdmissionPeriod>& admission,
                           const std::optional<procurement::PriceModel>& model, Money price,
                           const std::string& today);

// The catalog's i18n key for a procurement::check_price refusal ("price.must_equal_voucher_value"
// -> "cards.price_must_equal_voucher_value").
std::string price_refusal_key(std::string_view procurement_key);

// A card is visible in the catalog on `today` when published and today <= period_end.
bool visible_on(const std::string& status, const std::string& period_end, const std::string& today);

// Languages as a canonical, de-duplicated list in the order fi, sv, en; nullopt when any value
// is not one of them.
std::optional<std::vector<std::string>> normalize_languages(const std::vector<std::string>& values);

}  // namespace pt::catalog
