#pragma once
// Payments of approved invoices: recorded by hand or imported from the city's CSV of paid
// invoices. Each runs in one write transaction that stores the payment, marks the invoice paid
// when its payments reach its gross total (and takes the order's `pay` step), writes the audit
// record and mails the provider's users. An import is all or nothing.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/access.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "invoicing/data/payment_queries.hpp"
#include "invoicing/domain/payment_csv.hpp"
#include "orders/order_service.hpp"
#include "storage/db.hpp"

namespace pt::web { class Renderer; }

namespace pt::invoicing {

// An import refused with what is wrong on which line (nothing was stored).
struct CsvRejected : UserError {
    explicit CsvRejected(std::vector<CsvRowError> rows)
        : UserError(422, "payments.csv.rejected", "payments.csv.rejected_detail"), rows(std::move(rows)) {}
    std::vector<CsvRowError> rows;
};

struct PaymentInput {
    Money amount;
    std::string paid_on;    // ISO date
    std::string reference;  // checked text, may be ""
};

struct RecordedPayment {
    PaymentRow payment;
    PayableInvoice invoice;  // after the payment
    bool settled = false;    // this payment made the invoice paid
};

struct ImportResult {
    std::vector<RecordedPayment> payments;  // in file order
};

class PaymentService {
public:
    PaymentService(db::Database& db, const Clock& clock, const web::Renderer& renderer, orders::OrderService& orders,
                   std::string public_url = "")
        : db_(db), clock_(clock), renderer_(renderer), orders_(orders), public_url_(std::move(public_url)) {}

    // NotFound for an unknown invoice; UserError 409 (invoice field) or Invalid (amount, paid_on).
    RecordedPayment record(const Principal& who, std::int64_t invoice_id, const PaymentInput& in);
    // CsvRejected with every problem found (format and what the rows name), else every row stored.
    ImportResult import_csv(const Principal& who, std::string_view csv);

private:
    RecordedPayment apply(db::Connection& c, const Principal& who, const PayableInvoice& inv, const PaymentInput& in,
                          const std::string& source, const std::string& now);
    db::Database& db_;
    const Clock& clock_;
    const web::Renderer& renderer_;
    orders::OrderService& orders_;
    std::string public_url_;
};

nlohmann::json to_json(const PaymentRow& p);
nlohmann::json invoice_summary_json(const PayableInvoice& inv);

}  // namespace pt::invoicing
