#pragma once
// Read-only figures over the reports: timeliness per provider (organizer) and the provider
// summary (orders, reports due, invoices and payments of one provider).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/data/report_queries.hpp"
#include "storage/db.hpp"

namespace pt::reports {

// One report of an ended order that is not in yet (or was returned), for lists and badges.
struct PendingReport {
    std::int64_t order_id = 0;
    std::string kind;    // service | billing
    std::string status;  // not_started | draft | returned
    std::string due_on;
    bool overdue = false;
};
// Of the given orders' reports; orders past `ended` without a report row predate issue 6 and
// are left out.
std::vector<PendingReport> pending_reports(const std::vector<OrderReports>& orders, const std::string& today);

// {"providers":[{provider:{id,name}, due, on_time, late, overdue, average_days_late}], "today"}
nlohmann::json timeliness_json(db::Connection& c, const std::string& today);

// {"provider":{id,name}, "orders":[{status,count,sum_cents}], "reports":{...}, "invoices":[...], "payments":{...}}
nlohmann::json provider_summary_json(db::Connection& c, std::int64_t provider_id, const std::string& today);

}  // namespace pt::reports
