#pragma once
// Use cases of invoices: the monthly invoice run, the organizer's approval or dispute, and
// credit notes. Each runs in one write transaction with its ledger movements, order step,
// audit record and mails. Refusals are pt::UserError with i18n keys.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/access.hpp"
#include "core/clock.hpp"
#include "invoicing/data/invoice_queries.hpp"
#include "storage/db.hpp"

namespace pt::web { class Renderer; }

namespace pt::invoicing {

// An order with an approved billing report the run could not bill; reason is a code:
// "price_model" (unreadable), "unknown_bonus" (the service no longer has the approved bonus),
// "nothing_to_bill", "bad_meetings", "other". The i18n key is "invoices.skipped.<reason>".
struct SkippedOrder {
    std::int64_t order_id = 0;
    std::string reason;
};

struct RunResult {
    std::string month;
    std::optional<std::int64_t> run_id;  // nullopt when nothing was invoiced
    std::vector<std::int64_t> invoice_ids;
    std::string issue_month;  // "YYYY-MM" of the invoices' issue date (Finnish local today)
    std::vector<SkippedOrder> skipped;
};

class InvoiceService {
public:
    InvoiceService(db::Database& db, const Clock& clock, const web::Renderer& renderer, std::string public_url = "")
        : db_(db), clock_(clock), renderer_(renderer), public_url_(std::move(public_url)) {}

    // month "YYYY-MM" (nullopt: the previous Finnish local month). Invalid or future month ->
    // Invalid on "month". Running a month again invoices only what was not invoiced yet.
    RunResult run(const Principal& who, const std::optional<std::string>& month);
    InvoiceRow approve(const Principal& who, std::int64_t invoice_id);
    InvoiceRow dispute(const Principal& who, std::int64_t invoice_id, const std::string& reason);
    // Returns the credit note.
    InvoiceRow credit(const Principal& who, std::int64_t invoice_id, const std::string& reason);

    // "invoice.month.invalid", "invoice.month.future"; nullopt when fine.
    std::optional<std::string> month_error(const std::string& month) const;
    std::string default_month() const;

private:
    void mail_provider(db::Connection& c, const InvoiceRow& inv, const std::string& kind, nlohmann::json data);
    db::Database& db_;
    const Clock& clock_;
    const web::Renderer& renderer_;
    std::string public_url_;
};

// Reasons (dispute, credit): required, 3..1000 code points, valid text. i18n key or nullopt:
// "invoice.reason.required", ".too_short", ".too_long", ".invalid_text", ".control_chars".
std::optional<std::string> reason_error_key(std::string_view reason);

nlohmann::json to_json(const InvoiceRow& r);

}  // namespace pt::invoicing
