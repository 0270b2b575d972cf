#pragma once
// SQL of payments and of the invoice facts a payment needs (amounts, status, the order).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "invoicing/domain/payment_rules.hpp"
#include "storage/db.hpp"

namespace pt::invoicing {

struct PayableInvoice {
    std::int64_t id = 0;
    std::string number;
    std::int64_t order_id = 0, provider_id = 0;
    std::string provider_name;
    std::string contract_number;  // "" when the order has none
    PaymentTarget target;         // kind, status, issue date, gross, paid so far
    std::string due_date;
    std::optional<std::string> paid_at;
};

// Unlocked reads (visibility is the caller's business: a provider only its own).
std::optional<PayableInvoice> find_payable_invoice(db::Connection& c, std::int64_t id);
std::optional<PayableInvoice> find_payable_invoice_by_number(db::Connection& c, const std::string& number);
// Within a write transaction: the invoice row's lock (PostgreSQL), then a fresh read.
std::optional<PayableInvoice> lock_payable_invoice(db::Connection& c, std::int64_t id);

struct NewPayment {
    std::int64_t invoice_id = 0;
    Money amount;
    std::string paid_on;    // ISO date
    std::string source;     // manual | csv
    std::string reference;  // bank archive id or the like, may be ""
    std::int64_t recorded_by_user_id = 0;
};
std::int64_t insert_payment(db::Connection& c, const NewPayment& p, const std::string& now);
// Whether a CSV import already stored a payment of `amount` on `paid_on` (ISO) to the invoice.
bool csv_payment_exists(db::Connection& c, std::int64_t invoice_id, const std::string& paid_on, Money amount);
void mark_invoice_paid(db::Connection& c, std::int64_t invoice_id, const std::string& now);

struct PaymentRow {
    std::int64_t id = 0, invoice_id = 0;
    std::string invoice_number;
    std::int64_t provider_id = 0;
    std::string provider_name;
    Money amount;
    std::string paid_on, source, reference;
    std::string recorded_by;  // user's name, "" when gone
    std::string created_at;
};

struct PaymentFilter {
    std::optional<std::int64_t> invoice_id, provider_id;
    int limit = 20;  // < 0: all
    int offset = 0;
};
// Newest first (by id).
std::vector<PaymentRow> list_payments(db::Connection& c, const PaymentFilter& f);
std::int64_t count_payments(db::Connection& c, const PaymentFilter& f);
std::optional<PaymentRow> find_payment(db::Connection& c, std::int64_t id);

}  // namespace pt::invoicing
