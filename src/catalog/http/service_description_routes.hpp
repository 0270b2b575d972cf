#pragma once
// The organizer's service descriptions with their frame (texts in three languages, goal,
// content limits, price model, languages, classification and municipalities): the admin pages
// /admin/service-descriptions[/{id}], the API /api/v1/service-descriptions[/{id}], and the public
// code lists /api/v1/classifications/{scheme} the forms and catalog filters choose from.
#include <nlohmann/json.hpp>

#include "catalog/data/service_description_queries.hpp"
#include "storage/db.hpp"
#include "web/ctx.hpp"
#include "web/page_cache.hpp"

namespace pt::catalog {

// Public answers for anonymous callers are kept in `cache` per catalog version.
void register_service_description_routes(web::Routes& routes, db::Database& db, web::PageCache& cache);

// The API representation (also what the audit log records).
nlohmann::json to_json(const ServiceDescriptionDetail& d);
// {"code", "parent_code", "labels": {"fi", "sv", "en"}}
nlohmann::json to_json(const Term& t);

}  // namespace pt::catalog
