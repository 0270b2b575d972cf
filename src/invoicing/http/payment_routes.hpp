#pragma once
// Payments: by hand (POST /api/v1/invoices/{id}/payments, /admin/invoices/{id}/payments) and from
// the city's CSV of paid invoices (POST /api/v1/payments/import with a text/csv body,
// /admin/payments/import with a file upload); the lists at /admin/payments, GET /api/v1/payments
// and GET /api/v1/invoices/{id}/payments (invoice_read: a provider sees its own).
#include <memory>

#include "invoicing/payment_service.hpp"
#include "storage/db.hpp"
#include "web/ctx.hpp"

namespace pt::invoicing {

void register_payment_routes(web::Routes& routes, db::Database& db, std::shared_ptr<PaymentService> service);

}  // namespace pt::invoicing
