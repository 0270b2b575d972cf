#pragma once
// The city's service descriptions and the providers' product cards under them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"

namespace pt::catalog {

struct ServiceDescription {
    std::int64_t id = 0;
    std::string code;            // stable, URL-safe: "sales-marketing"
    std::string name_fi, name_en;
    std::string description_fi, description_en;
    std::string created_at;
    const std::string& name(const std::string& lang) const { return lang == "en" ? name_en : name_fi; }
};

struct ProviderRef {
    std::int64_t id = 0;
    std::string name;
    std::string business_id;
};

enum class DeliveryMode { on_site, remote, hybrid };

struct ProductCard {
    std::int64_t id = 0;
    std::string title, summary, description;
    Money price;
    std::vector<std::string> languages;  // "fi", "sv", "en"
    std::string delivery_mode;           // on_site | remote | hybrid
    std::string duration;
    std::string status;                  // draft | published | withdrawn
    std::string service_class;           // PTV service class code, "P10.1"
    std::vector<std::string> areas;      // municipality codes, "179" (filled by find_product_card)
    std::string video_url;               // canonical YouTube/Vimeo link or ""
    std::string period_end;              // last day in the catalog, "YYYY-MM-DD"
    std::string withdrawn_reason;        // "" | provider | period_ended
    std::string created_at, updated_at;
    ProviderRef provider;
    ServiceDescription service;          // id, code, names filled
};

struct CatalogQuery {
    std::string text;                             // free text as typed
    std::optional<std::int64_t> service_description_id;
    std::optional<std::string> language;          // fi | sv | en
    std::optional<std::string> service_class;     // PTV code
    std::optional<std::string> municipality;      // municipality code
    // Through service_description_terms of the card's service description.
    std::optional<std::string> target_group;      // PTV target group code, "KR2"
    std::optional<std::string> life_event;        // PTV life event code, "KE3"
    std::optional<std::string> delivery_mode;     // on_site | remote | hybrid
    std::optional<std::int64_t> price_min_cents, price_max_cents;  // both included
    // "YYYY-MM-DD": only cards whose period_end is on or after it. "" shows every published card.
    std::string today;
    int limit = 20;
    int offset = 0;
};

struct CatalogPage {
    std::vector<ProductCard> cards;
    std::int64_t total = 0;
};

inline const std::vector<std::string>& catalog_languages() {
    static const std::vector<std::string> langs = {"fi", "sv", "en"};
    return langs;
}

}  // namespace pt::catalog
