#include "reports/report_figures.hpp"

#include <cmath>

#include "core/clock.hpp"
#include "reports/domain/report_rules.hpp"
#include "reports/reports_service.hpp"

namespace pt::reports {

namespace {

std::chrono::sys_days day(const std::string& ymd) {
    std::chrono::sys_days d{};
    parse_iso_date(ymd, d);
    return d;
}

std::optional<std::chrono::sys_days> local_day_of(const std::optional<std::string>& iso) {
    if (!iso) return std::nullopt;
    TimePoint t{};
    if (!parse_iso(*iso, t)) return std::nullopt;
    return local_day(t);
}

// The due day of one report of the order: the stored one, else computed from the end (only
// for orders still `ended`; later ones without a row predate the reports).
std::optional<std::string> due_of(const OrderReports& o, const std::optional<std::string>& stored_due) {
    if (stored_due) return stored_due;
    if (o.order_status != "ended") return std::nullopt;
    return due_on_for(o.ended_at, o.updated_at);
}

std::vector<ReportFact> facts_of(const std::vector<OrderReports>& orders) {
    std::vector<ReportFact> out;
    for (const auto& o : orders) {
        if (auto due = due_of(o, o.service_due_on))
            out.push_back({o.provider_id, day(*due), local_day_of(o.service_submitted_at)});
        if (auto due = due_of(o, o.billing_due_on))
            out.push_back({o.provider_id, day(*due), local_day_of(o.billing_submitted_at)});
    }
    return out;
}

}  // namespace

std::vector<PendingReport> pending_reports(const std::vector<OrderReports>& orders, const std::string& today) {
    std::vector<PendingReport> out;
    const auto t = day(today);
    for (const auto& o : orders) {
        if (auto due = due_of(o, o.service_due_on); due && !o.service_submitted_at)
            out.push_back({o.order_id, "service", o.service_status.value_or("not_started"), *due,
                           is_overdue(false, day(*due), t)});
        if (auto due = due_of(o, o.billing_due_on);
            due && (!o.billing_submitted_at || o.billing_status == std::optional<std::string>("returned")))
            out.push_back({o.order_id, "billing", o.billing_status.value_or("not_started"), *due,
                           is_overdue(o.billing_submitted_at.has_value(), day(*due), t)});
    }
    return out;
}

nlohmann::json timeliness_json(db::Connection& c, const std::string& today) {
    const auto orders = ended_orders_reports(c, std::nullopt);
    std::map<std::int64_t, std::string> names;
    for (const auto& o : orders) names[o.provider_id] = o.provider_name;
    const auto figures = tally(facts_of(orders), day(today));
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& [id, name] : names) {
        auto it = figures.find(id);
        const Timeliness t = it == figures.end() ? Timeliness{} : it->second;
        rows.push_back({{"provider", {{"id", id}, {"name", name}}},
                        {"due", t.due},
                        {"on_time", t.on_time},
                        {"late", t.late},
                        {"overdue", t.overdue},
                        {"average_days_late", std::round(t.average_days_late * 10.0) / 10.0}});
    }
    return {{"today", today}, {"providers", rows}};
}

nlohmann::json provider_summary_json(db::Connection& c, std::int64_t provider_id, const std::string& today) {
    nlohmann::json orders = nlohmann::json::array();
    std::int64_t count = 0, cents = 0;
    for (const auto& s : orders_by_status(c, provider_id)) {
        orders.push_back({{"status", s.status}, {"count", s.count}, {"sum_cents", s.cents}});
        count += s.count;
        cents += s.cents;
    }
    const auto ended = ended_orders_reports(c, provider_id);
    nlohmann::json pending = nlohmann::json::array();
    std::int64_t overdue = 0;
    for (const auto& p : pending_reports(ended, today)) {
        overdue += p.overdue ? 1 : 0;
        pending.push_back({{"order_id", p.order_id},
                           {"kind", p.kind},
                           {"status", p.status},
                           {"due_on", p.due_on},
                           {"overdue", p.overdue},
                           {"link", "/orders/" + std::to_string(p.order_id) + "/" + p.kind + "-report"}});
    }
    nlohmann::json invoices = nlohmann::json::array();
    for (const auto& s : invoices_by_status(c, provider_id))
        invoices.push_back({{"status", s.status}, {"count", s.count}, {"sum_cents", s.cents}});
    const auto paid = payments_received(c, provider_id);
    return {{"provider", {{"id", provider_id}, {"name", provider_name(c, provider_id).value_or("")}}},
            {"today", today},
            {"orders", orders},
            {"orders_total", {{"count", count}, {"sum_cents", cents}}},
            {"reports", {{"pending", pending}, {"pending_count", pending.size()}, {"overdue_count", overdue}}},
            {"invoices", invoices},
            {"payments", {{"count", paid.count}, {"sum_cents", paid.cents}}}};
}

}  // namespace pt::reports
