#pragma once
// SQL of service descriptions and product cards. Search is the one place the dialects differ:
// SQLite uses the FTS5 table product_cards_fts, PostgreSQL the tsvector column search.
#include <optional>
#include <vector>

#include "catalog/domain/catalog.hpp"
#include "storage/db.hpp"

namespace pt::catalog {

std::vector<ServiceDescription> list_service_descriptions(db::Connection& c);
std::optional<ServiceDescription> find_service_description(db::Connection& c, std::int64_t id);
bool service_code_taken(db::Connection& c, const std::string& code);
std::int64_t insert_service_description(db::Connection& c, const ServiceDescription& sd);

CatalogPage search_product_cards(db::Connection& c, const CatalogQuery& q);
// Published cards only unless any_status.
std::optional<ProductCard> find_product_card(db::Connection& c, std::int64_t id, bool any_status = false);

struct NewProductCard {
    std::int64_t provider_id = 0;
    std::int64_t service_description_id = 0;
    std::string title, summary, description;
    Money price;
    std::vector<std::string> languages;
    std::string delivery_mode, duration, status;
    std::string service_class;
    std::vector<std::string> areas;
};
std::int64_t insert_product_card(db::Connection& c, const NewProductCard& card, const std::string& now);

}  // namespace pt::catalog
