#include "vouchers/data/programme_queries.hpp"

#include <charconv>

#include "core/clock.hpp"

namespace pt::vouchers {

namespace {

constexpr const char* kSelect =
    "SELECT p.id, p.name, p.customer_type, p.denominations, p.max_per_customer_cents, p.validity_months, "
    "p.budget_cents, p.application_start, p.application_end, p.de_minimis, p.de_minimis_ceiling_cents, "
    "p.fiscal_year_start_month, p.created_at, p.updated_at, "
    "(SELECT COALESCE(SUM(v.value_cents), 0) FROM vouchers v WHERE v.programme_id = p.id), "
    "(SELECT COUNT(*) FROM vouchers v WHERE v.programme_id = p.id), "
    "(SELECT COUNT(*) FROM voucher_applications a WHERE a.programme_id = p.id AND a.status = 'submitted') "
    "FROM voucher_programmes p";

std::chrono::sys_days date_of(const std::string& s) {
    std::chrono::sys_days d{};
    parse_iso_date(s, d);
    return d;
}

std::string join_cents(const std::vector<Money>& values) {
    std::string out;
    for (const auto& m : values) {
        if (!out.empty()) out += ',';
        out += std::to_string(m.cents());
    }
    return out;
}

std::vector<Money> split_cents(const std::string& s) {
    std::vector<Money> out;
    std::size_t start = 0;
    while (start < s.size()) {
        auto end = s.find(',', start);
        if (end == std::string::npos) end = s.size();
        std::int64_t v = 0;
        auto [ptr, ec] = std::from_chars(s.data() + start, s.data() + end, v);
        if (ec != std::errc() || ptr != s.data() + end) throw std::runtime_error("voucher_programmes.denominations is not a cents list: " + s);
        out.push_back(Money::cents(v));
        start = end + 1;
    }
    return out;
}

ProgrammeView view_from(db::Connection& c, const db::Row& r) {
    ProgrammeView v;
    auto& p = v.programme;
    p.id = r.i64(0);
    p.name = r.str(1);
    p.customer_type = customer_type_from(r.str(2)).value_or(CustomerType::business);
    p.denominations = split_cents(r.str(3));
    p.max_per_customer = Money::cents(r.i64(4));
    p.validity_months = static_cast<int>(r.i64(5));
    p.budget = Money::cents(r.i64(6));
    p.application_start = date_of(r.str(7));
    p.application_end = date_of(r.str(8));
    p.de_minimis = r.boolean(9);
    p.de_minimis_ceiling = Money::cents(r.i64(10));
    p.fiscal_year_start_month = static_cast<unsigned>(r.i64(11));
    v.created_at = r.str(12);
    v.updated_at = r.str(13);
    v.allocated = Money::cents(r.i64(14));
    v.vouchers = r.i64(15);
    v.open_applications = r.i64(16);
    p.service_description_ids = programme_service_ids(c, p.id);
    return v;
}

std::pair<std::string, std::vector<db::Value>> where_of(const ProgrammeFilter& f) {
    if (!f.open_on) return {"", {}};
    return {" WHERE p.application_start <= ? AND p.application_end >= ?", {*f.open_on, *f.open_on}};
}

void write_services(db::Connection& c, const VoucherProgramme& p) {
    c.execute("DELETE FROM voucher_programme_services WHERE programme_id = ?", {p.id});
    for (auto id : p.service_description_ids)
        c.execute("INSERT INTO voucher_programme_services (programme_id, service_description_id) VALUES (?, ?)",
                  {p.id, id});
}

std::vector<db::Value> field_values(const VoucherProgramme& p) {
    return {p.name,
            std::string(to_string(p.customer_type)),
            join_cents(p.denominations),
            p.max_per_customer.cents(),
            std::int64_t{p.validity_months},
            p.budget.cents(),
            to_iso_date(p.application_start),
            to_iso_date(p.application_end),
            std::int64_t{p.de_minimis ? 1 : 0},
            p.de_minimis_ceiling.cents(),
            std::int64_t{p.fiscal_year_start_month}};
}

}  // namespace

std::vector<ProgrammeView> list_programmes(db::Connection& c, const ProgrammeFilter& f) {
    auto [where, params] = where_of(f);
    params.push_back(std::int64_t{f.limit});
    params.push_back(std::int64_t{f.offset});
    std::vector<ProgrammeView> out;
    for (const auto& r : c.query(std::string(kSelect) + where + " ORDER BY p.application_end DESC, p.id LIMIT ? OFFSET ?",
                                 params))
        out.push_back(view_from(c, r));
    return out;
}

std::int64_t count_programmes(db::Connection& c, const ProgrammeFilter& f) {
    auto [where, params] = where_of(f);
    return c.query("SELECT COUNT(*) FROM voucher_programmes p" + where, params)[0].i64(0);
}

std::optional<ProgrammeView> find_programme(db::Connection& c, std::int64_t id) {
    auto r = c.query(std::string(kSelect) + " WHERE p.id = ?", {id});
    if (r.empty()) return std::nullopt;
    return view_from(c, r[0]);
}

std::optional<ProgrammeView> lock_programme(db::Connection& c, std::int64_t id) {
    if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM voucher_programmes WHERE id = ? FOR UPDATE", {id});
    return find_programme(c, id);
}

std::int64_t insert_programme(db::Connection& c, const VoucherProgramme& p, const std::string& now) {
    auto params = field_values(p);
    params.push_back(now);
    params.push_back(now);
    VoucherProgramme saved = p;
    saved.id = c.query("INSERT INTO voucher_programmes (name, customer_type, denominations, max_per_customer_cents, "
                       "validity_months, budget_cents, application_start, application_end, de_minimis, "
                       "de_minimis_ceiling_cents, fiscal_year_start_month, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       params)[0]
                   .i64(0);
    write_services(c, saved);
    return saved.id;
}

void update_programme(db::Connection& c, const VoucherProgramme& p, const std::string& now) {
    auto params = field_values(p);
    params.push_back(now);
    params.push_back(p.id);
    c.execute("UPDATE voucher_programmes SET name = ?, customer_type = ?, denominations = ?, max_per_customer_cents = ?, "
              "validity_months = ?, budget_cents = ?, application_start = ?, application_end = ?, de_minimis = ?, "
              "de_minimis_ceiling_cents = ?, fiscal_year_start_month = ?, updated_at = ? WHERE id = ?",
              params);
    write_services(c, p);
}

std::vector<std::int64_t> unknown_service_descriptions(db::Connection& c, const std::vector<std::int64_t>& ids) {
    std::vector<std::int64_t> out;
    for (auto id : ids)
        if (c.query("SELECT 1 FROM service_descriptions WHERE id = ?", {id}).empty()) out.push_back(id);
    return out;
}

std::vector<std::int64_t> programme_service_ids(db::Connection& c, std::int64_t programme_id) {
    std::vector<std::int64_t> out;
    for (const auto& r : c.query("SELECT service_description_id FROM voucher_programme_services WHERE programme_id = ? "
                                 "ORDER BY service_description_id",
                                 {programme_id}))
        out.push_back(r.i64(0));
    return out;
}

std::vector<ExistingGrant> customer_grants(db::Connection& c, std::int64_t programme_id, std::int64_t customer_id) {
    std::vector<ExistingGrant> out;
    for (const auto& r : c.query("SELECT id, value_cents, valid_from FROM vouchers WHERE programme_id = ? AND customer_id = ? "
                                 "ORDER BY id",
                                 {programme_id, customer_id}))
        out.push_back({r.i64(0), Money::cents(r.i64(1)), date_of(r.str(2))});
    return out;
}

std::vector<GrantedAid> other_de_minimis_aid(db::Connection& c, std::int64_t customer_id,
                                             std::int64_t except_programme_id) {
    std::vector<GrantedAid> out;
    for (const auto& r : c.query("SELECT v.valid_from, v.value_cents FROM vouchers v "
                                 "JOIN voucher_programmes p ON p.id = v.programme_id "
                                 "WHERE v.customer_id = ? AND p.de_minimis = 1 AND p.id <> ? ORDER BY v.id",
                                 {customer_id, except_programme_id}))
        out.push_back({date_of(r.str(0)), Money::cents(r.i64(1))});
    return out;
}

}  // namespace pt::vouchers
