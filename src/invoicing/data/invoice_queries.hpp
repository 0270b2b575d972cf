#pragma once
// SQL of invoices, credit notes, their lines and runs, and what the invoice run reads from the
// billing reports, orders, providers and the organizer. Portable SQL, `?` placeholders.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/access.hpp"
#include "core/money.hpp"
#include "invoicing/domain/invoice.hpp"
#include "storage/db.hpp"

namespace pt::invoicing {

// An approved billing report the run may invoice, with what its invoice needs.
struct BillableReport {
    std::int64_t report_id = 0, order_id = 0, provider_id = 0, voucher_id = 0;
    std::string order_status;
    Money price;
    std::string contract_number;
    std::string card_title;
    std::string service_name_fi;
    std::string price_model_json;
    int vat_rate_bp = 0;
    std::string vat_category;
    std::string vat_exemption_reason;
    std::string meetings_json;
    std::optional<std::string> bonus_code, bonus_status;
};

// Approved reports decided before `decided_before` (an instant, ISO) of accepted orders that have
// no invoice that is sent, approved or paid. Ordered by order id.
std::vector<BillableReport> billable_reports(db::Connection& c, const std::string& decided_before);
// The same for one order (read again after its lock): nullopt when no longer billable.
std::optional<BillableReport> billable_report_of_order(db::Connection& c, std::int64_t order_id,
                                                       const std::string& decided_before);
// Within a write transaction: the order's row lock (PostgreSQL), then whether it still has an
// invoice that is sent, approved or paid (a concurrent run may have made one).
bool lock_order_has_open_invoice(db::Connection& c, std::int64_t order_id);

Party seller_party(db::Connection& c, std::int64_t provider_id);
struct BuyerTerms {
    Party party;
    std::string reference_template;
    int payment_terms_days = 21;
};
// The organizer (the first one: the market has one city).
std::optional<BuyerTerms> buyer_terms(db::Connection& c);

nlohmann::json party_json(const Party& p);
Party party_from_json(const std::string& text);

std::int64_t insert_run(db::Connection& c, const std::string& month, std::int64_t user_id, int count,
                        const std::string& now);

struct NewInvoice {
    DocumentKind kind = DocumentKind::invoice;
    std::string number;
    std::int64_t order_id = 0, provider_id = 0;
    std::optional<std::int64_t> run_id, credited_invoice_id;
    std::string issue_date, due_date, reference_number, buyer_reference;
    Money net, vat, gross;
    std::string status;
    std::optional<std::string> reason;  // a credit note's reason (stored as its dispute_reason)
    std::string seller_json, buyer_json;
};
std::int64_t insert_invoice(db::Connection& c, const NewInvoice& i, const std::string& now);
void insert_lines(db::Connection& c, std::int64_t invoice_id, const std::vector<InvoiceLine>& lines);
std::vector<InvoiceLine> invoice_lines(db::Connection& c, std::int64_t invoice_id, const std::string& exemption_reason);

struct InvoiceRow {
    std::int64_t id = 0;
    DocumentKind kind = DocumentKind::invoice;
    std::string number;
    std::int64_t order_id = 0, provider_id = 0, voucher_id = 0;
    std::string provider_name;
    std::optional<std::int64_t> run_id, credited_invoice_id;
    std::optional<std::string> credited_number, credited_issue_date;
    std::optional<std::int64_t> credit_note_id;  // the credit note that cancelled this invoice
    std::optional<std::string> credit_note_number;
    std::string issue_date, due_date, reference_number, buyer_reference;
    Money net, vat, gross;
    std::string status;
    std::optional<std::string> dispute_reason;
    std::string seller_json, buyer_json;
    std::optional<std::string> decided_at, paid_at;
    std::string contract_number;
    std::string created_at, updated_at;
};

struct InvoiceFilter {
    std::optional<std::string> month;  // "YYYY-MM" on issue_date
    std::optional<std::string> status;
    std::optional<std::string> kind;
    std::optional<std::int64_t> provider_id;
    int limit = 50, offset = 0;
};

// A provider user sees its own provider's invoices; the organizer and finance officers all.
std::vector<InvoiceRow> list_invoices(db::Connection& c, const Principal& who, const InvoiceFilter& f);
std::int64_t count_invoices(db::Connection& c, const Principal& who, const InvoiceFilter& f);
struct StatusSum {
    std::string status;
    std::int64_t count = 0;
    Money gross;
};
// Per status (filter's status ignored), invoices only (credit notes are not receivables).
std::vector<StatusSum> sums_by_status(db::Connection& c, const Principal& who, InvoiceFilter f);
std::optional<InvoiceRow> find_invoice(db::Connection& c, std::int64_t id, const Principal& who);
std::optional<InvoiceRow> find_invoice_unscoped(db::Connection& c, std::int64_t id);
// Within a write transaction: the invoice's row lock (PostgreSQL) and the row.
std::optional<InvoiceRow> lock_invoice(db::Connection& c, std::int64_t id);

void decide_invoice(db::Connection& c, std::int64_t id, const std::string& status,
                    const std::optional<std::string>& reason, std::int64_t user_id, const std::string& now);
void set_invoice_status(db::Connection& c, std::int64_t id, const std::string& status, const std::string& now);
// The billing report back to the provider with the reason (dispute, credit note).
void return_billing_report(db::Connection& c, std::int64_t order_id, const std::string& reason, std::int64_t user_id,
                           const std::string& now);

// What the order's ledger entries say: reserve - release - spend, and spend - refund.
Money order_holding(db::Connection& c, std::int64_t order_id);
Money order_net_spent(db::Connection& c, std::int64_t order_id);

}  // namespace pt::invoicing
