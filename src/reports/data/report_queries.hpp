#pragma once
// SQL of the delivery reports (service_reports, billing_reports) and of the figures built on them:
// the organizer's billing list, the reminder job's candidates, timeliness and the provider summary.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.hpp"

namespace pt::reports {

enum class ReportKind { service, billing };
const char* table_of(ReportKind k);  // "service_reports" | "billing_reports"
const char* name_of(ReportKind k);   // "service" | "billing"

struct ServiceReportRow {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    std::string status;  // draft | submitted
    std::string starting_situation, goal, meetings_json, concrete_actions, employment_findings, follow_up_plan,
        follow_up_schedule;
    std::string due_on;
    std::optional<std::string> submitted_at, reminded_at;
    std::string created_at, updated_at;
};

struct BillingReportRow {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    std::string status;  // draft | submitted | approved | returned
    std::string meetings_json;
    bool delivery_confirmed = false;
    std::optional<std::string> bonus_code;
    std::string bonus_evidence;
    std::optional<std::string> bonus_status;  // claimed | approved | rejected
    std::optional<std::string> return_reason;
    std::string due_on;
    std::optional<std::string> submitted_at, decided_at, reminded_at;
    std::optional<std::int64_t> decided_by_user_id;
    std::string created_at, updated_at;
};

std::optional<ServiceReportRow> find_service_report(db::Connection& c, std::int64_t order_id);
std::optional<BillingReportRow> find_billing_report(db::Connection& c, std::int64_t order_id);
// Insert when missing, else update the content (status and stamps as given). The row is made
// first with INSERT ... ON CONFLICT DO NOTHING (as the reminder job's empty draft is), then
// updated: a concurrent insert of the job waits or is kept, never a unique violation.
void save_service_report(db::Connection& c, const ServiceReportRow& r, std::int64_t user_id, const std::string& now);
void save_billing_report(db::Connection& c, const BillingReportRow& r, std::int64_t user_id, const std::string& now);
// The organizer's decision, only from 'submitted' (false when somebody decided first).
bool decide_billing_report(db::Connection& c, std::int64_t order_id, const std::string& status,
                           const std::optional<std::string>& bonus_status, const std::optional<std::string>& reason,
                           std::int64_t user_id, const std::string& now);

// The order has an invoice still open (kind invoice, status sent or approved). Read, not locked:
// callers hold the order's lock, which the invoice run also takes before it bills.
bool order_has_open_invoice(db::Connection& c, std::int64_t order_id);

// The stored price model (JSON text) of the order's service description; "" when none.
std::string price_model_of_service(db::Connection& c, std::int64_t service_description_id);
// When the order ended (its last `end` event), nullopt if it never did.
std::optional<std::string> ended_at(db::Connection& c, std::int64_t order_id);

// Every order that has ended (ended, reported, invoiced, paid), with what its reports say.
struct OrderReports {
    std::int64_t order_id = 0;
    std::int64_t provider_id = 0;
    std::string provider_name;
    std::string order_status;
    std::optional<std::string> contract_number;
    std::string product_title;
    std::string customer_name;
    std::optional<std::string> ended_at;  // the end event
    std::string updated_at;
    std::optional<std::string> service_status, service_due_on, service_submitted_at;
    std::optional<std::string> billing_status, billing_due_on, billing_submitted_at;
};
// provider_id nullopt: every provider.
std::vector<OrderReports> ended_orders_reports(db::Connection& c, std::optional<std::int64_t> provider_id);
// The one order's (nullopt when it does not exist).
std::optional<OrderReports> order_reports(db::Connection& c, std::int64_t order_id);

// The reminder job: a missing report row of an ended order is created as an empty draft (two
// servers may try: ON CONFLICT keeps one), then each overdue, unreminded row is claimed once.
void insert_empty_report(db::Connection& c, ReportKind k, std::int64_t order_id, const std::string& due_on,
                         const std::string& now);
struct ReminderCandidate {
    ReportKind kind;
    std::int64_t order_id;
};
std::vector<ReminderCandidate> reports_to_remind(db::Connection& c, const std::string& today, int limit);
bool claim_reminder(db::Connection& c, ReportKind k, std::int64_t order_id, const std::string& today,
                    const std::string& now);

// The organizer's billing list: submitted first, then by due date.
struct BillingListItem {
    std::int64_t order_id = 0;
    std::string status;
    std::string provider_name;
    std::int64_t provider_id = 0;
    std::optional<std::string> contract_number;
    std::string product_title;
    std::string customer_name;
    std::string meetings_json;
    bool delivery_confirmed = false;
    std::optional<std::string> bonus_code, bonus_status;
    std::string due_on;
    std::optional<std::string> submitted_at;
};
std::vector<BillingListItem> list_billing_reports(db::Connection& c, const std::optional<std::string>& status,
                                                  int limit, int offset);
std::int64_t count_billing_reports(db::Connection& c, const std::optional<std::string>& status);

// The provider summary's plain figures: orders, invoices and payments per status.
struct StatusSum {
    std::string status;
    std::int64_t count = 0;
    std::int64_t cents = 0;
};
std::vector<StatusSum> orders_by_status(db::Connection& c, std::int64_t provider_id);
std::vector<StatusSum> invoices_by_status(db::Connection& c, std::int64_t provider_id);
StatusSum payments_received(db::Connection& c, std::int64_t provider_id);
std::optional<std::string> provider_name(db::Connection& c, std::int64_t provider_id);
std::vector<std::pair<std::int64_t, std::string>> providers_with_orders(db::Connection& c);

}  // namespace pt::reports
