#pragma once
// Voucher applications: the apply form (/programmes/{id}/apply), the lists and pages under
// /voucher-applications with the organizer's grant and reject forms, and the same under /api/v1.
#include <memory>

#include "storage/db.hpp"
#include "vouchers/application_service.hpp"
#include "web/ctx.hpp"

namespace pt::vouchers {

void register_application_routes(web::Routes& routes, db::Database& db, std::shared_ptr<ApplicationService> service);

}  // namespace pt::vouchers
