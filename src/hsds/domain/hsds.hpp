#pragma once
// Our catalog as Open Referral HSDS 3.0 objects: published, in-period product cards are
// services, their providers organizations, PTV classifications taxonomies with terms. Plain
// types in, nlohmann::json out; no I/O (the SQL is in data/, the routes in http/).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pt::hsds {

struct Organization {
    std::int64_t id = 0;
    std::string business_id, name, description, email, website;
};

// A classification term (scheme: service_class | target_group | life_event).
struct Term {
    std::string scheme, code, parent_code, label_fi, label_sv, label_en;
};

struct Area {
    std::string code, label_fi;  // label_fi "" when the municipality is not in classification_terms
};

struct Service {
    std::int64_t id = 0;  // product card id
    std::int64_t provider_id = 0;
    std::string title, summary, description, updated_at, provider_email;
    std::int64_t price_cents = 0;
    // Filled for the full form only.
    std::vector<std::string> languages;  // "fi" | "sv" | "en"
    std::vector<Area> areas;
    std::vector<Term> terms;             // known terms only, ordered by scheme, code
    std::optional<Organization> organization;
};

// The three taxonomies we publish; scheme "" for an unknown one.
struct Taxonomy {
    std::string scheme, name, description, uri;
};
const std::vector<Taxonomy>& taxonomies();
const Taxonomy* taxonomy_of(const std::string& scheme);
std::string taxonomy_id(const std::string& scheme);
std::string term_id(const std::string& scheme, const std::string& code);

// Only what the HSDS schema's formats accept is published (email, uri); anything else is left
// out rather than making the document invalid.
bool publishable_email(const std::string& s);
bool publishable_url(const std::string& s);

// base_url: "https://palvelutori.example" (no trailing slash) for the card page links.
nlohmann::json service_json(const Service& s, const std::string& base_url, bool full);
// full: with organization_identifiers (the caller may add services).
nlohmann::json organization_json(const Organization& o, bool full);
nlohmann::json taxonomy_json(const Taxonomy& t);
// with_parent: whether the parent term is published too (otherwise parent_id is left out).
nlohmann::json taxonomy_term_json(const Term& t, bool with_parent);

// The HSDS page envelope. page_number from 1; total_pages 0 when there are no items.
nlohmann::json page_json(nlohmann::json contents, std::int64_t total_items, int page_number, int per_page);

}  // namespace pt::hsds
