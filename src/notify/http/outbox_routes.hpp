#pragma once
// The organizer's view of the outbox: what went out, what waits, what failed and why.
#include "storage/db.hpp"
#include "web/ctx.hpp"

namespace pt::notify {

void register_routes(web::Routes& routes, db::Database& db);

}  // namespace pt::notify
