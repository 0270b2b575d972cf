#pragma once
// E-invoice downloads of one invoice or credit note: UBL 2.1 (Peppol BIS Billing 3.0) and Finvoice 3.0.
//   GET /invoices/{id}/ubl.xml, /invoices/{id}/finvoice.xml        (browser: the session)
//   GET /api/v1/invoices/{id}/ubl, /api/v1/invoices/{id}/finvoice  (API: a bearer token)
// Action::invoice_read; a provider user gets only its own provider's documents (others are 404).
// The router matches whole path segments, so the file names are segments of their own rather than
// "/invoices/{id}.ubl.xml" (which /invoices/{id}, the printable invoice, would swallow).
#include "storage/db.hpp"
#include "web/ctx.hpp"

namespace pt::invoicing {

void register_einvoice_routes(web::Routes& routes, db::Database& db);

}  // namespace pt::invoicing
