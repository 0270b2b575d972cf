#pragma once
#include <functional>

#include <nlohmann/json.hpp>

#include "catalog/domain/catalog.hpp"
#include "storage/db.hpp"
#include "web/ctx.hpp"
#include "web/page_cache.hpp"

namespace pt::catalog {

// The card page shows an order form to customers and counsellors; what goes in it (the
// vouchers they may use) belongs to the vouchers context, so the app wires it in.
using OrderFormData = std::function<nlohmann::json(web::Ctx&, const ProductCard&)>;

// Public catalog answers for anonymous visitors are kept in `cache` per catalog version.
void register_routes(web::Routes& routes, db::Database& db, web::PageCache& cache, OrderFormData order_form);

nlohmann::json to_json(const ServiceDescription& sd);
nlohmann::json to_json(const ProductCard& card);
// The card as the HTML templates want it (formatted price, language names, links).
nlohmann::json to_view(const ProductCard& card, const web::Ctx& ctx);
// The request's day, "YYYY-MM-DD", from its clock (tests move it).
std::string today_of(const web::Ctx& ctx);

}  // namespace pt::catalog
