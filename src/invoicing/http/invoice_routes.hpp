#pragma once
// Invoices: the organizer's list and monthly run (/admin/invoices), the provider's receivables
// (/provider/invoices), the printable invoice (/invoices/{id}) with approve / dispute / credit,
// and the same through /api/v1/invoices and /api/v1/invoice-runs.
#include <memory>

#include "invoicing/invoice_service.hpp"
#include "storage/db.hpp"
#include "web/ctx.hpp"

namespace pt::invoicing {

void register_invoice_routes(web::Routes& routes, db::Database& db, std::shared_ptr<InvoiceService> service);

}  // namespace pt::invoicing
