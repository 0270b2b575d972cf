#pragma once
// Read-only SQL for the HSDS API over the catalog's tables (portable SQL, `?` placeholders).
// "Published" means status 'published' and period_end >= today: the catalog's own rule.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hsds/domain/hsds.hpp"
#include "storage/db.hpp"

namespace pt::hsds {

struct ServiceFilter {
    std::string today;                        // "YYYY-MM-DD"
    std::string text_query;                   // FTS5 MATCH / to_tsquery text for this dialect; "" = none
    std::optional<std::int64_t> provider_id;
    std::optional<Term> term;                 // a known term (scheme, code)
    std::optional<std::string> taxonomy;      // a scheme
    std::optional<std::string> modified_after;  // "YYYY-MM-DDTHH:MM:SSZ"
};

struct ServicePage {
    std::vector<Service> services;  // ordered by card id; one-to-one fields only
    std::int64_t total = 0;
};

ServicePage list_services(db::Connection& c, const ServiceFilter& f, int limit, int offset);
std::optional<Service> find_service(db::Connection& c, std::int64_t card_id, const std::string& today);
// Every published service of one provider (for the organization's services array).
std::vector<Service> services_of_organization(db::Connection& c, std::int64_t provider_id, const std::string& today);
// Adds languages, areas, known terms and the organization to each service (a few IN queries).
void load_details(db::Connection& c, std::vector<Service>& services);

struct OrganizationPage {
    std::vector<Organization> organizations;
    std::int64_t total = 0;
};
// Providers with at least one published service, ordered by id; search: case-insensitive
// substring of the name ("" = all; SQLite folds ASCII letters only).
OrganizationPage list_organizations(db::Connection& c, const std::string& today, const std::string& search, int limit,
                                    int offset);
std::optional<Organization> find_organization(db::Connection& c, std::int64_t provider_id, const std::string& today);

// Every term of the published taxonomies, ordered by scheme, code.
std::vector<Term> list_terms(db::Connection& c);

}  // namespace pt::hsds
