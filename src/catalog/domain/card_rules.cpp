#include "catalog/domain/card_rules.hpp"

#include <algorithm>

namespace pt::catalog {

PublishCheck check_publish(const std::optional<AdmissionPeriod>& admission,
                           const std::optional<procurement::PriceModel>& model, Money price,
                           const std::string& today) {
    PublishCheck out;
    // ISO dates compare as text.
    if (!admission || admission->start > today || admission->end < today) {
        out.refusal = "cards.not_admitted";
        return out;
    }
    if (!model) {
        out.refusal = "cards.price_model_missing";
        return out;
    }
    if (auto refusal = procurement::check_price(*model, price)) out.field_errors["price"] = price_refusal_key(*refusal);
    if (out.ok()) out.period_end = admission->end;
    return out;
}

std::string price_refusal_key(std::string_view procurement_key) {
    auto dot = procurement_key.find('.');
    auto rest = dot == std::string_view::npos ? procurement_key : procurement_key.substr(dot + 1);
    return "cards.price_" + std::string(rest);
}

bool visible_on(const std::string& status, const std::string& period_end, const std::string& today) {
    return status == "published" && today <= period_end;
}

std::optional<std::vector<std::string>> normalize_languages(const std::vector<std::string>& values) {
    static const std::vector<std::string> order = {"fi", "sv", "en"};
    for (const auto& v : values)
        if (std::find(order.begin(), order.end(), v) == order.end()) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& l : order)
        if (std::find(values.begin(), values.end(), l) != values.end()) out.push_back(l);
    return out;
}

}  // namespace pt::catalog
