#pragma once
// Use cases of the delivery reports (issue 6): the provider drafts and submits the service
// report and the billing report of an ended order; when both are in, the order moves to
// reported (through the orders context, in the same transaction). The organizer approves a
// billing report (deciding its bonus claim) or returns it with a reason. A job reminds the
// provider's users once per overdue report. Refusals are pt::UserError with i18n keys.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/access.hpp"
#include "core/clock.hpp"
#include "orders/order_service.hpp"
#include "procurement/domain/price_model.hpp"
#include "reports/data/report_queries.hpp"
#include "reports/domain/report_rules.hpp"
#include "storage/db.hpp"

namespace pt::web { class Renderer; }

namespace pt::reports {

struct ServiceReportInput {
    std::string starting_situation, goal, concrete_actions, employment_findings, follow_up_plan, follow_up_schedule;
    std::vector<Meeting> meetings;
};

struct BillingReportInput {
    std::vector<Meeting> meetings;
    bool delivery_confirmed = false;
    std::optional<std::string> bonus_code;
    std::string bonus_evidence;
};

// What a report page and the API show: the order's facts, the stored report (an empty draft
// when nothing is saved yet: status "not_started"), and what follows from them.
struct ReportContext {
    orders::OrderView order;
    std::string due_on;   // "YYYY-MM-DD"
    std::string earliest; // the first day a meeting may be on (the order's start)
    std::string today;
    bool overdue = false;
    bool editable = false;  // the provider may still change it
};

struct ServiceReportView {
    ReportContext ctx;
    ServiceReportRow row;  // status "not_started" when there is no row
    std::vector<Meeting> meetings;
};

struct BillingReportView {
    ReportContext ctx;
    BillingReportRow row;
    std::vector<Meeting> meetings;
    procurement::PriceModel price_model;
    bool decidable = false;  // submitted: the organizer may approve or return it
};

std::vector<Meeting> meetings_from_json(const std::string& text, bool with_actions);
std::string meetings_to_json(const std::vector<Meeting>& ms, bool with_actions);

nlohmann::json to_json(const ServiceReportView& v);
nlohmann::json to_json(const BillingReportView& v);

class ReportsService {
public:
    ReportsService(db::Database& db, const Clock& clock, const web::Renderer& renderer, orders::OrderService& orders,
                   std::string public_url = "")
        : db_(db), clock_(clock), renderer_(renderer), orders_(orders), public_url_(std::move(public_url)) {}

    ServiceReportView service_report(const Principal& who, std::int64_t order_id);
    // input nullopt: submit what is stored. submit=false saves a draft (partial content allowed).
    ServiceReportView save_service_report(const Principal& who, std::int64_t order_id,
                                          const std::optional<ServiceReportInput>& input, bool submit);
    BillingReportView billing_report(const Principal& who, std::int64_t order_id);
    BillingReportView save_billing_report(const Principal& who, std::int64_t order_id,
                                          const std::optional<BillingReportInput>& input, bool submit);
    // bonus_approved is required when a bonus is claimed (ignored otherwise).
    BillingReportView approve_billing_report(const Principal& who, std::int64_t order_id,
                                             std::optional<bool> bonus_approved);
    BillingReportView return_billing_report(const Principal& who, std::int64_t order_id, const std::string& reason);

    // The reminder job: one mail per overdue report to the provider's users. Returns how many.
    int remind_overdue();

    // For the orders context: which report is missing ("reports.missing_service" ...), or nullopt.
    static std::optional<std::string> missing_reports_key(db::Connection& c, std::int64_t order_id);

    const Clock& clock() const { return clock_; }

private:
    ReportContext context(db::Connection& c, const orders::OrderView& o, bool editable_status) const;
    orders::OrderView visible_order(db::Connection& c, const Principal& who, std::int64_t order_id, bool lock) const;
    void maybe_report_order(db::Connection& c, const Principal& who, std::int64_t order_id);
    db::Database& db_;
    const Clock& clock_;
    const web::Renderer& renderer_;
    orders::OrderService& orders_;
    std::string public_url_;
};

// Due day of an order's reports from its end (the Finnish local day of the end event, else of
// the last update) as "YYYY-MM-DD".
std::string due_on_for(const std::optional<std::string>& ended_at, const std::string& updated_at);

}  // namespace pt::reports
