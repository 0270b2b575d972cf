#pragma once
// The organizer's invoicing settings: /admin/invoicing-settings (form) and
// GET/PUT /api/v1/invoicing-settings, under Action::invoice_run (who runs the invoices sets them).
#include "storage/db.hpp"
#include "web/ctx.hpp"

namespace pt::invoicing {

void register_settings_routes(web::Routes& routes, db::Database& db);

}  // namespace pt::invoicing
