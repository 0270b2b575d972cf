#include "vouchers/data/application_queries.hpp"

#include <nlohmann/json.hpp>

namespace pt::vouchers {

namespace {

constexpr const char* kSelect =
    "SELECT a.id, a.programme_id, a.customer_id, a.applicant_user_id, a.applicant_role, a.requested_cents, a.purpose, "
    "a.de_minimis_declaration, a.status, a.reject_reason, a.voucher_id, a.decided_by_user_id, a.decided_at, "
    "a.applied_on, a.created_at, a.updated_at, p.name, p.customer_type, p.de_minimis, c.name, c.kind, c.business_id, "
    "u.name, d.name, v.value_cents "
    "FROM voucher_applications a "
    "JOIN voucher_programmes p ON p.id = a.programme_id "
    "JOIN customers c ON c.id = a.customer_id "
    "JOIN users u ON u.id = a.applicant_user_id "
    "LEFT JOIN users d ON d.id = a.decided_by_user_id "
    "LEFT JOIN vouchers v ON v.id = a.voucher_id";

ApplicationView view_from(const db::Row& r) {
    ApplicationView v;
    auto& a = v.app;
    a.id = r.i64(0);
    a.programme_id = r.i64(1);
    a.customer_id = r.i64(2);
    a.applicant_user_id = r.i64(3);
    a.applicant_role = r.str(4);
    if (!r.is_null(5)) a.requested = Money::cents(r.i64(5));
    a.purpose = r.str(6);
    if (!r.is_null(7)) a.declaration = declaration_from_json(r.str(7));
    a.status = application_status_from(r.str(8)).value_or(ApplicationStatus::submitted);
    a.reject_reason = r.opt_str(9);
    a.voucher_id = r.opt_i64(10);
    a.decided_by_user_id = r.opt_i64(11);
    a.decided_at = r.opt_str(12);
    a.applied_on = r.str(13);
    a.created_at = r.str(14);
    a.updated_at = r.str(15);
    v.programme_name = r.str(16);
    v.programme_customer_type = r.str(17);
    v.programme_de_minimis = r.boolean(18);
    v.customer_name = r.str(19);
    v.customer_kind = r.str(20);
    v.customer_business_id = r.opt_str(21);
    v.applicant_name = r.str(22);
    v.decided_by_name = r.opt_str(23);
    if (!r.is_null(24)) v.granted = Money::cents(r.i64(24));
    return v;
}

std::pair<std::string, std::vector<db::Value>> where_of(const ApplicationFilter& f) {
    std::string w = " WHERE 1 = 1";
    std::vector<db::Value> params;
    if (f.customer_id) { w += " AND a.customer_id = ?"; params.push_back(*f.customer_id); }
    if (f.status) { w += " AND a.status = ?"; params.push_back(std::string(to_string(*f.status))); }
    if (f.programme_id) { w += " AND a.programme_id = ?"; params.push_back(*f.programme_id); }
    return {w, params};
}

std::optional<CustomerRow> customer_from(const db::Result& rows) {
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    return CustomerRow{r.i64(0), r.str(1), r.opt_str(2), r.str(3), r.str(4)};
}

constexpr const char* kCustomer = "SELECT id, kind, business_id, name, email FROM customers";

}  // namespace

std::string_view to_string(ApplicationStatus s) {
    switch (s) {
        case ApplicationStatus::submitted: return "submitted";
        case ApplicationStatus::granted: return "granted";
        case ApplicationStatus::rejected: return "rejected";
    }
    return "submitted";
}

std::optional<ApplicationStatus> application_status_from(std::string_view s) {
    if (s == "submitted") return ApplicationStatus::submitted;
    if (s == "granted") return ApplicationStatus::granted;
    if (s == "rejected") return ApplicationStatus::rejected;
    return std::nullopt;
}

std::string declaration_json(const std::vector<DeclaredAid>& d) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : d) out.push_back({{"fiscal_year", a.fiscal_year}, {"amount_cents", a.amount.cents()}});
    return out.dump();
}

std::optional<std::vector<DeclaredAid>> declaration_from_json(const std::string& s) {
    auto j = nlohmann::json::parse(s, nullptr, false);
    if (j.is_discarded() || !j.is_array()) return std::nullopt;
    std::vector<DeclaredAid> out;
    for (const auto& e : j) {
        if (!e.is_object() || !e.contains("fiscal_year") || !e.contains("amount_cents") ||
            !e["fiscal_year"].is_number_integer() || !e["amount_cents"].is_number_integer())
            return std::nullopt;
        out.push_back({e["fiscal_year"].get<int>(), Money::cents(e["amount_cents"].get<std::int64_t>())});
    }
    return out;
}

std::vector<ApplicationView> list_applications(db::Connection& c, const ApplicationFilter& f) {
    auto [where, params] = where_of(f);
    params.push_back(std::int64_t{f.limit});
    params.push_back(std::int64_t{f.offset});
    std::vector<ApplicationView> out;
    // Open applications first (the organizer's work queue), then the newest.
    for (const auto& r : c.query(std::string(kSelect) + where +
                                     " ORDER BY CASE WHEN a.status = 'submitted' THEN 0 ELSE 1 END, a.id DESC "
                                     "LIMIT ? OFFSET ?",
                                 params))
        out.push_back(view_from(r));
    return out;
}

std::int64_t count_applications(db::Connection& c, const ApplicationFilter& f) {
    auto [where, params] = where_of(f);
    return c.query("SELECT COUNT(*) FROM voucher_applications a" + where, params)[0].i64(0);
}

std::optional<ApplicationView> find_application(db::Connection& c, std::int64_t id,
                                                std::optional<std::int64_t> customer_scope) {
    auto r = c.query(std::string(kSelect) + " WHERE a.id = ?", {id});
    if (r.empty()) return std::nullopt;
    auto v = view_from(r[0]);
    if (customer_scope && v.app.customer_id != *customer_scope) return std::nullopt;
    return v;
}

std::optional<ApplicationView> lock_application(db::Connection& c, std::int64_t id) {
    if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM voucher_applications WHERE id = ? FOR UPDATE", {id});
    return find_application(c, id);
}

std::int64_t insert_application(db::Connection& c, const VoucherApplication& a, const std::string& now) {
    db::Value requested = a.requested ? db::Value{a.requested->cents()} : db::Value{db::Null{}};
    db::Value declaration = a.declaration ? db::Value{declaration_json(*a.declaration)} : db::Value{db::Null{}};
    return c.query("INSERT INTO voucher_applications (programme_id, customer_id, applicant_user_id, applicant_role, "
                   "requested_cents, purpose, de_minimis_declaration, status, applied_on, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?) RETURNING id",
                   {a.programme_id, a.customer_id, a.applicant_user_id, a.applicant_role, requested, a.purpose,
                    declaration, a.applied_on, now, now})[0]
        .i64(0);
}

bool has_open_application(db::Connection& c, std::int64_t programme_id, std::int64_t customer_id) {
    return !c.query("SELECT 1 FROM voucher_applications WHERE programme_id = ? AND customer_id = ? AND status = 'submitted'",
                    {programme_id, customer_id})
                .empty();
}

bool mark_granted(db::Connection& c, std::int64_t id, std::int64_t voucher_id, std::int64_t user_id,
                  const std::string& now) {
    return c.execute("UPDATE voucher_applications SET status = 'granted', voucher_id = ?, decided_by_user_id = ?, "
                     "decided_at = ?, updated_at = ? WHERE id = ? AND status = 'submitted'",
                     {voucher_id, user_id, now, now, id}) == 1;
}

bool mark_rejected(db::Connection& c, std::int64_t id, const std::string& reason, std::int64_t user_id,
                   const std::string& now) {
    return c.execute("UPDATE voucher_applications SET status = 'rejected', reject_reason = ?, decided_by_user_id = ?, "
                     "decided_at = ?, updated_at = ? WHERE id = ? AND status = 'submitted'",
                     {reason, user_id, now, now, id}) == 1;
}

std::optional<CustomerRow> find_customer(db::Connection& c, std::int64_t id) {
    return customer_from(c.query(std::string(kCustomer) + " WHERE id = ?", {id}));
}

std::optional<CustomerRow> lock_customer(db::Connection& c, std::int64_t id) {
    if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM customers WHERE id = ? FOR UPDATE", {id});
    return find_customer(c, id);
}

std::vector<CustomerRow> list_customers(db::Connection& c, const std::string& kind, int limit) {
    std::vector<CustomerRow> out;
    for (const auto& r : c.query(std::string(kCustomer) + " WHERE kind = ? ORDER BY name, id LIMIT ?", {kind, std::int64_t{limit}}))
        out.push_back(CustomerRow{r.i64(0), r.str(1), r.opt_str(2), r.str(3), r.str(4)});
    return out;
}

std::optional<CustomerRow> find_customer_by_business_id(db::Connection& c, const std::string& business_id) {
    return customer_from(c.query(std::string(kCustomer) + " WHERE business_id = ?", {business_id}));
}

std::int64_t insert_customer(db::Connection& c, const std::string& kind, const std::optional<std::string>& business_id,
                             const std::string& name, const std::string& email, const std::string& now) {
    db::Value bid = business_id ? db::Value{*business_id} : db::Value{db::Null{}};
    return c.query("INSERT INTO customers (kind, business_id, name, email, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                   {kind, bid, name, email, now})[0]
        .i64(0);
}

std::vector<std::string> customer_mail_addresses(db::Connection& c, std::int64_t customer_id) {
    auto r = c.query("SELECT email FROM customers WHERE id = ?", {customer_id});
    if (!r.empty() && !r[0].str(0).empty()) return {r[0].str(0)};
    std::vector<std::string> out;
    for (const auto& u : c.query("SELECT email FROM users WHERE customer_id = ? ORDER BY id", {customer_id}))
        out.push_back(u.str(0));
    return out;
}

}  // namespace pt::vouchers
