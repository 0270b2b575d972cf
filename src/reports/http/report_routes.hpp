#pragma once
#include <memory>

#include "reports/reports_service.hpp"
#include "storage/db.hpp"
#include "web/ctx.hpp"

namespace pt::reports {

// Service and billing reports (HTML + API), the organizer's billing list and timeliness, and the
// provider summary.
void register_routes(web::Routes& routes, db::Database& db, std::shared_ptr<ReportsService> service);

// The order page's panel: both reports with status, due date, overdue flag and links.
nlohmann::json order_panel(db::Connection& c, const orders::OrderView& o, const web::Ctx& ctx);

}  // namespace pt::reports
