#pragma once
// A provider's own product cards (pages under /provider/cards, API under
// /api/v1/provider/product-cards) and the public brochure download of an admission.
#include <memory>

#include "catalog/card_service.hpp"
#include "storage/db.hpp"
#include "web/ctx.hpp"

namespace pt::catalog {

// `service` is shared with the scheduled jobs (end_expired_cards, reshuffle).
void register_card_routes(web::Routes& routes, db::Database& db, std::shared_ptr<CardService> service);

}  // namespace pt::catalog
