#pragma once
// SQL of a service description's frame: Swedish texts, goal, content limits, price model,
// languages and its classification terms. The base columns (code, fi/en names and descriptions)
// stay in catalog_queries.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/data/classification_queries.hpp"
#include "catalog/domain/catalog.hpp"
#include "catalog/domain/service_vat.hpp"
#include "procurement/domain/price_model.hpp"
#include "storage/db.hpp"

namespace pt::catalog {

// The city's frame for the cards under a service description (seed 001: "the service
// description frames the service: its goal, its content limits, it guides the provider").
struct ServiceFrame {
    std::string name_sv, description_sv;
    std::string goal, content_limits;
    procurement::PriceModel price_model{procurement::FixedVoucherValue{{Money::euros(2500), Money::euros(5000)}}, {}};
    std::vector<std::string> languages{"fi"};  // fi | sv | en, in that order
    ServiceVat vat;                            // what invoices for this service carry (issue 6)
    std::string updated_at;                    // "" until first edited
};

struct ServiceDescriptionDetail {
    ServiceDescription sd;
    ServiceFrame frame;
    std::vector<Term> terms;  // every scheme, ordered by scheme, code
};

// Ordered like list_service_descriptions (name_fi, id); terms read in one query.
std::vector<ServiceDescriptionDetail> list_service_description_details(db::Connection& c);
std::optional<ServiceDescriptionDetail> find_service_description_detail(db::Connection& c, std::int64_t id);

// Writes the names, descriptions and frame (not the code, which is stable) and sets updated_at.
void update_service_description(db::Connection& c, const ServiceDescription& sd, const ServiceFrame& frame,
                                const std::string& now);

// The codes of `codes` that classification_terms does not hold for `scheme`.
std::vector<std::string> unknown_terms(db::Connection& c, const std::string& scheme,
                                       const std::vector<std::string>& codes);

}  // namespace pt::catalog
