#pragma once
#include "orders/order_service.hpp"
#include "web/ctx.hpp"

namespace pt::orders {

void register_routes(web::Routes& routes, db::Database& db, OrderService& service);

}  // namespace pt::orders
