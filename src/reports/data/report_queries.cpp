#include "reports/data/report_queries.hpp"

namespace pt::reports {

const char* table_of(ReportKind k) { return k == ReportKind::service ? "service_reports" : "billing_reports"; }
const char* name_of(ReportKind k) { return k == ReportKind::service ? "service" : "billing"; }

namespace {

db::Value opt(const std::optional<std::string>& s) { return s ? db::Value(*s) : db::Value(db::Null{}); }

constexpr const char* kServiceCols =
    "id, order_id, status, starting_situation, goal, meetings, concrete_actions, employment_findings, follow_up_plan, "
    "follow_up_schedule, due_on, submitted_at, reminded_at, created_at, updated_at";
constexpr const char* kBillingCols =
    "id, order_id, status, meetings, delivery_confirmed, bonus_code, bonus_evidence, bonus_status, return_reason, due_on, "
    "submitted_at, decided_at, reminded_at, decided_by_user_id, created_at, updated_at";

constexpr const char* kOrderReportsSelect =
    "SELECT o.id, o.provider_id, p.name, o.status, oc.number, pc.title, cu.name, "
    "(SELECT MAX(e.at) FROM order_events e WHERE e.order_id = o.id AND e.action = 'end'), o.updated_at, "
    "sr.status, sr.due_on, sr.submitted_at, br.status, br.due_on, br.submitted_at "
    "FROM orders o JOIN providers p ON p.id = o.provider_id JOIN product_cards pc ON pc.id = o.product_card_id "
    "JOIN customers cu ON cu.id = o.customer_id LEFT JOIN order_contracts oc ON oc.order_id = o.id "
    "LEFT JOIN service_reports sr ON sr.order_id = o.id LEFT JOIN billing_reports br ON br.order_id = o.id ";

OrderReports order_reports_from(const db::Row& r) {
    OrderReports o;
    o.order_id = r.i64(0);
    o.provider_id = r.i64(1);
    o.provider_name = r.str(2);
    o.order_status = r.str(3);
    o.contract_number = r.opt_str(4);
    o.product_title = r.str(5);
    o.customer_name = r.str(6);
    o.ended_at = r.opt_str(7);
    o.updated_at = r.str(8);
    o.service_status = r.opt_str(9);
    o.service_due_on = r.opt_str(10);
    o.service_submitted_at = r.opt_str(11);
    o.billing_status = r.opt_str(12);
    o.billing_due_on = r.opt_str(13);
    o.billing_submitted_at = r.opt_str(14);
    return o;
}

}  // namespace

std::optional<ServiceReportRow> find_service_report(db::Connection& c, std::int64_t order_id) {
    auto rs = c.query(std::string("SELECT ") + kServiceCols + " FROM service_reports WHERE order_id = ?", {order_id});
    if (rs.empty()) return std::nullopt;
    const auto& r = rs[0];
    ServiceReportRow s;
    s.id = r.i64(0);
    s.order_id = r.i64(1);
    s.status = r.str(2);
    s.starting_situation = r.str(3);
    s.goal = r.str(4);
    s.meetings_json = r.str(5);
    s.concrete_actions = r.str(6);
    s.employment_findings = r.str(7);
    s.follow_up_plan = r.str(8);
    s.follow_up_schedule = r.str(9);
    s.due_on = r.str(10);
    s.submitted_at = r.opt_str(11);
    s.reminded_at = r.opt_str(12);
    s.created_at = r.str(13);
    s.updated_at = r.str(14);
    return s;
}

std::optional<BillingReportRow> find_billing_report(db::Connection& c, std::int64_t order_id) {
    auto rs = c.query(std::string("SELECT ") + kBillingCols + " FROM billing_reports WHERE order_id = ?", {order_id});
    if (rs.empty()) return std::nullopt;
    const auto& r = rs[0];
    BillingReportRow b;
    b.id = r.i64(0);
    b.order_id = r.i64(1);
    b.status = r.str(2);
    b.meetings_json = r.str(3);
    b.delivery_confirmed = r.i64(4) != 0;
    b.bonus_code = r.opt_str(5);
    b.bonus_evidence = r.str(6);
    b.bonus_status = r.opt_str(7);
    b.return_reason = r.opt_str(8);
    b.due_on = r.str(9);
    b.submitted_at = r.opt_str(10);
    b.decided_at = r.opt_str(11);
    b.reminded_at = r.opt_str(12);
    b.decided_by_user_id = r.opt_i64(13);
    b.created_at = r.str(14);
    b.updated_at = r.str(15);
    return b;
}

void save_service_report(db::Connection& c, const ServiceReportRow& r, std::int64_t user_id, const std::string& now) {
    const std::vector<db::Value> content = {r.status, r.starting_situation, r.goal, r.meetings_json, r.concrete_actions,
                                            r.employment_findings, r.follow_up_plan, r.follow_up_schedule,
                                            opt(r.submitted_at), user_id, now};
    insert_empty_report(c, ReportKind::service, r.order_id, r.due_on, now);
    auto params = content;
    params.push_back(r.order_id);
    c.execute("UPDATE service_reports SET status = ?, starting_situation = ?, goal = ?, meetings = ?, "
              "concrete_actions = ?, employment_findings = ?, follow_up_plan = ?, follow_up_schedule = ?, "
              "submitted_at = ?, updated_by_user_id = ?, updated_at = ? WHERE order_id = ?",
              params);
}

void save_billing_report(db::Connection& c, const BillingReportRow& r, std::int64_t user_id, const std::string& now) {
    const std::vector<db::Value> content = {r.status, r.meetings_json, std::int64_t{r.delivery_confirmed ? 1 : 0},
                                            opt(r.bonus_code), r.bonus_evidence, opt(r.bonus_status),
                                            opt(r.return_reason), opt(r.submitted_at), user_id, now};
    insert_empty_report(c, ReportKind::billing, r.order_id, r.due_on, now);
    auto params = content;
    params.push_back(r.order_id);
    c.execute("UPDATE billing_reports SET status = ?, meetings = ?, delivery_confirmed = ?, bonus_code = ?, "
              "bonus_evidence = ?, bonus_status = ?, return_reason = ?, submitted_at = ?, updated_by_user_id = ?, "
              "updated_at = ? WHERE order_id = ?",
              params);
}

bool decide_billing_report(db::Connection& c, std::int64_t order_id, const std::string& status,
                           const std::optional<std::string>& bonus_status, const std::optional<std::string>& reason,
                           std::int64_t user_id, const std::string& now) {
    return c.execute("UPDATE billing_reports SET status = ?, bonus_status = ?, return_reason = ?, decided_at = ?, "
                     "decided_by_user_id = ?, updated_at = ? WHERE order_id = ? AND status = 'submitted'",
                     {status, opt(bonus_status), opt(reason), now, user_id, now, order_id}) == 1;
}

bool order_has_open_invoice(db::Connection& c, std::int64_t order_id) {
    return !c.query("SELECT 1 FROM invoices WHERE order_id = ? AND kind = 'invoice' AND status IN ('sent', 'approved')",
                    {order_id})
                .empty();
}

std::string price_model_of_service(db::Connection& c, std::int64_t service_description_id) {
    auto r = c.query("SELECT price_model FROM service_descriptions WHERE id = ?", {service_description_id});
    return r.empty() ? std::string() : r[0].str(0);
}

std::optional<std::string> ended_at(db::Connection& c, std::int64_t order_id) {
    auto r = c.query("SELECT MAX(at) FROM order_events WHERE order_id = ? AND action = 'end'", {order_id});
    return r.empty() ? std::nullopt : r[0].opt_str(0);
}

std::vector<OrderReports> ended_orders_reports(db::Connection& c, std::optional<std::int64_t> provider_id) {
    std::string sql = std::string(kOrderReportsSelect) +
                      "WHERE o.status IN ('ended', 'reported', 'invoiced', 'paid')";
    std::vector<db::Value> params;
    if (provider_id) {
        sql += " AND o.provider_id = ?";
        params.push_back(*provider_id);
    }
    sql += " ORDER BY o.id";
    std::vector<OrderReports> out;
    for (const auto& r : c.query(sql, params)) out.push_back(order_reports_from(r));
    return out;
}

std::optional<OrderReports> order_reports(db::Connection& c, std::int64_t order_id) {
    auto rs = c.query(std::string(kOrderReportsSelect) + "WHERE o.id = ?", {order_id});
    if (rs.empty()) return std::nullopt;
    return order_reports_from(rs[0]);
}

void insert_empty_report(db::Connection& c, ReportKind k, std::int64_t order_id, const std::string& due_on,
                         const std::string& now) {
    c.execute(std::string("INSERT INTO ") + table_of(k) +
                  " (order_id, status, due_on, created_at, updated_at) VALUES (?, 'draft', ?, ?, ?) "
                  "ON CONFLICT (order_id) DO NOTHING",
              {order_id, due_on, now, now});
}

std::vector<ReminderCandidate> reports_to_remind(db::Connection& c, const std::string& today, int limit) {
    std::vector<ReminderCandidate> out;
    for (auto k : {ReportKind::service, ReportKind::billing}) {
        for (const auto& r : c.query(std::string("SELECT r.order_id FROM ") + table_of(k) +
                                         " r JOIN orders o ON o.id = r.order_id WHERE r.submitted_at IS NULL "
                                         "AND r.reminded_at IS NULL AND r.due_on < ? AND o.status = 'ended' "
                                         "ORDER BY r.order_id LIMIT ?",
                                     {today, std::int64_t{limit}}))
            out.push_back({k, r.i64(0)});
    }
    return out;
}

bool claim_reminder(db::Connection& c, ReportKind k, std::int64_t order_id, const std::string& today,
                    const std::string& now) {
    return c.execute(std::string("UPDATE ") + table_of(k) +
                         " SET reminded_at = ? WHERE order_id = ? AND reminded_at IS NULL AND submitted_at IS NULL "
                         "AND due_on < ?",
                     {now, order_id, today}) == 1;
}

namespace {
constexpr const char* kBillingListFrom =
    " FROM billing_reports br JOIN orders o ON o.id = br.order_id JOIN providers p ON p.id = o.provider_id "
    "JOIN product_cards pc ON pc.id = o.product_card_id JOIN customers cu ON cu.id = o.customer_id "
    "LEFT JOIN order_contracts oc ON oc.order_id = o.id";
}

std::vector<BillingListItem> list_billing_reports(db::Connection& c, const std::optional<std::string>& status,
                                                  int limit, int offset) {
    std::string sql = std::string("SELECT br.order_id, br.status, p.name, p.id, oc.number, pc.title, cu.name, br.meetings, "
                                  "br.delivery_confirmed, br.bonus_code, br.bonus_status, br.due_on, br.submitted_at") +
                      kBillingListFrom;
    std::vector<db::Value> params;
    if (status) {
        sql += " WHERE br.status = ?";
        params.push_back(*status);
    }
    sql += " ORDER BY CASE WHEN br.status = 'submitted' THEN 0 ELSE 1 END, br.due_on, br.order_id LIMIT ? OFFSET ?";
    params.push_back(std::int64_t{limit});
    params.push_back(std::int64_t{offset});
    std::vector<BillingListItem> out;
    for (const auto& r : c.query(sql, params)) {
        BillingListItem b;
        b.order_id = r.i64(0);
        b.status = r.str(1);
        b.provider_name = r.str(2);
        b.provider_id = r.i64(3);
        b.contract_number = r.opt_str(4);
        b.product_title = r.str(5);
        b.customer_name = r.str(6);
        b.meetings_json = r.str(7);
        b.delivery_confirmed = r.i64(8) != 0;
        b.bonus_code = r.opt_str(9);
        b.bonus_status = r.opt_str(10);
        b.due_on = r.str(11);
        b.submitted_at = r.opt_str(12);
        out.push_back(std::move(b));
    }
    return out;
}

std::int64_t count_billing_reports(db::Connection& c, const std::optional<std::string>& status) {
    std::string sql = std::string("SELECT COUNT(*)") + kBillingListFrom;
    std::vector<db::Value> params;
    if (status) {
        sql += " WHERE br.status = ?";
        params.push_back(*status);
    }
    return c.query(sql, params)[0].i64(0);
}

namespace {
std::vector<StatusSum> sums(const db::Result& rs) {
    std::vector<StatusSum> out;
    for (const auto& r : rs) out.push_back({r.str(0), r.i64(1), r.i64(2)});
    return out;
}
}  // namespace

std::vector<StatusSum> orders_by_status(db::Connection& c, std::int64_t provider_id) {
    return sums(c.query("SELECT status, COUNT(*), COALESCE(SUM(price_cents), 0) FROM orders WHERE provider_id = ? "
                        "GROUP BY status ORDER BY status",
                        {provider_id}));
}

std::vector<StatusSum> invoices_by_status(db::Connection& c, std::int64_t provider_id) {
    // Credit notes are listed under their own "status" so the sums are not mixed with invoices.
    return sums(c.query("SELECT CASE WHEN kind = 'credit_note' THEN 'credit_note' ELSE status END AS s, COUNT(*), "
                        "COALESCE(SUM(gross_cents), 0) FROM invoices WHERE provider_id = ? GROUP BY "
                        "CASE WHEN kind = 'credit_note' THEN 'credit_note' ELSE status END ORDER BY 1",
                        {provider_id}));
}

StatusSum payments_received(db::Connection& c, std::int64_t provider_id) {
    auto r = c.query("SELECT COUNT(*), COALESCE(SUM(pm.amount_cents), 0) FROM payments pm "
                     "JOIN invoices i ON i.id = pm.invoice_id WHERE i.provider_id = ?",
                     {provider_id});
    return {"paid", r[0].i64(0), r[0].i64(1)};
}

std::optional<std::string> provider_name(db::Connection& c, std::int64_t provider_id) {
    auto r = c.query("SELECT name FROM providers WHERE id = ?", {provider_id});
    if (r.empty()) return std::nullopt;
    return r[0].str(0);
}

std::vector<std::pair<std::int64_t, std::string>> providers_with_orders(db::Connection& c) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    for (const auto& r : c.query("SELECT p.id, p.name FROM providers p WHERE EXISTS "
                                 "(SELECT 1 FROM orders o WHERE o.provider_id = p.id) ORDER BY p.name, p.id"))
        out.emplace_back(r.i64(0), r.str(1));
    return out;
}

}  // namespace pt::reports
