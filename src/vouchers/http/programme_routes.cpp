#include "vouchers/http/programme_routes.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <set>

#include "catalog/data/catalog_queries.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "vouchers/domain/programme_input.hpp"

namespace pt::vouchers {

using http::Response;
using nlohmann::json;
using web::Ctx;

namespace {

constexpr std::size_t kServicesMax = 200;
constexpr Money kDefaultCeiling = Money::euros(300'000);

// The API names amounts in cents; the form (and the domain) without the suffix.
std::string api_field(const std::string& domain_field) {
    static const std::map<std::string, std::string> renamed = {
        {"denominations", "denominations_cents"},
        {"max_per_customer", "max_per_customer_cents"},
        {"budget", "budget_cents"},
        {"de_minimis_ceiling", "de_minimis_ceiling_cents"},
    };
    auto it = renamed.find(domain_field);
    return it == renamed.end() ? domain_field : it->second;
}

std::map<std::string, std::string> to_api_fields(const std::map<std::string, std::string>& in) {
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : in) out.emplace(api_field(k), v);
    return out;
}

std::chrono::sys_days today_of(const Ctx& ctx) { return local_day(ctx.clock.now()); }

bool sees_figures(const Ctx& ctx) { return ctx.user && ctx.user->role == Role::organizer_admin; }
bool may_apply(const Ctx& ctx) {
    return ctx.user && (ctx.user->role == Role::customer || ctx.user->role == Role::counsellor);
}

int status_rank(std::string_view s) { return s == "open" ? 0 : s == "upcoming" ? 1 : 2; }

std::map<std::int64_t, catalog::ServiceDescription> services_by_id(db::Connection& c) {
    std::map<std::int64_t, catalog::ServiceDescription> out;
    for (auto& sd : catalog::list_service_descriptions(c)) out.emplace(sd.id, std::move(sd));
    return out;
}

std::vector<ProgrammeView> all_programmes(db::Connection& c) {
    ProgrammeFilter f;
    f.limit = static_cast<int>(std::min<std::int64_t>(count_programmes(c, f), 100000));
    return list_programmes(c, f);
}

// Taking applications first (closing soonest first), then upcoming (opening soonest first), then
// closed (most recently closed first).
void sort_for_public(std::vector<ProgrammeView>& list, std::chrono::sys_days today) {
    std::ranges::stable_sort(list, [today](const ProgrammeView& a, const ProgrammeView& b) {
        const auto& pa = a.programme;
        const auto& pb = b.programme;
        const int ra = status_rank(programme_status(pa, today)), rb = status_rank(programme_status(pb, today));
        if (ra != rb) return ra < rb;
        if (ra == 0 && pa.application_end != pb.application_end) return pa.application_end < pb.application_end;
        if (ra == 1 && pa.application_start != pb.application_start) return pa.application_start < pb.application_start;
        if (ra == 2 && pa.application_end != pb.application_end) return pa.application_end > pb.application_end;
        return pa.id < pb.id;
    });
}

// --- JSON -----------------------------------------------------------------------------------

json programme_json(const ProgrammeView& v, const std::map<std::int64_t, catalog::ServiceDescription>& sds,
                    std::chrono::sys_days today, bool figures) {
    const auto& p = v.programme;
    json j = programme_audit_json(p);
    json services = json::array();
    for (auto id : p.service_description_ids)
        if (auto it = sds.find(id); it != sds.end())
            services.push_back({{"id", id}, {"code", it->second.code}, {"name_fi", it->second.name_fi},
                                {"name_en", it->second.name_en}});
    j["services"] = services;
    j["status"] = std::string(programme_status(p, today));
    j["created_at"] = v.created_at;
    j["updated_at"] = v.updated_at;
    if (!figures) {
        j.erase("budget_cents");
    } else {
        j["allocated_cents"] = v.allocated.cents();
        j["unallocated_cents"] = v.unallocated().cents();
        j["vouchers"] = v.vouchers;
        j["open_applications"] = v.open_applications;
    }
    return j;
}

// What a page shows of a programme, in the reader's language.
json programme_view(const Ctx& ctx, const ProgrammeView& v,
                    const std::map<std::int64_t, catalog::ServiceDescription>& sds, std::chrono::sys_days today) {
    const auto& p = v.programme;
    json j = programme_json(v, sds, today, sees_figures(ctx));
    std::string denominations;
    for (auto d : p.denominations) denominations += (denominations.empty() ? "" : " / ") + d.format(ctx.lang);
    j["denominations"] = denominations;
    j["max_per_customer"] = p.max_per_customer.format(ctx.lang);
    j["customer_type_name"] = ctx.t("programme.customer_type." + std::string(to_string(p.customer_type)));
    j["status_name"] = ctx.t("programme.status." + j["status"].get<std::string>());
    j["is_open"] = j["status"] == "open";
    j["de_minimis_ceiling"] = p.de_minimis_ceiling.format(ctx.lang);
    json names = json::array();
    for (const auto& s : j["services"]) names.push_back(ctx.lang == "en" ? s["name_en"] : s["name_fi"]);
    j["service_names"] = names;
    j["url"] = "/programmes/" + std::to_string(p.id);
    j["admin_url"] = "/admin/programmes/" + std::to_string(p.id);
    j["apply_url"] = "/programmes/" + std::to_string(p.id) + "/apply";
    j["may_apply"] = may_apply(ctx) && j["is_open"].get<bool>();
    if (!sees_figures(ctx)) return j;
    j["budget"] = p.budget.format(ctx.lang);
    j["allocated"] = v.allocated.format(ctx.lang);
    j["unallocated"] = v.unallocated().format(ctx.lang);
    j["budget_cents_value"] = p.budget.cents();  // <meter> bounds (figures are only rendered for the organizer)
    j["allocated_cents_value"] = v.allocated.cents();
    j["use_percent"] = p.budget.cents() > 0 ? v.allocated.cents() * 100 / p.budget.cents() : 0;
    j["vouchers_count"] = v.vouchers;
    j["open_applications_count"] = v.open_applications;
    return j;
}

// --- API body -------------------------------------------------------------------------------

struct Parsed {
    VoucherProgramme programme;
    std::map<std::string, std::string> errors;  // field -> i18n key (domain field names)
};

// Domain rules for the fields that parsed; a field keeps its first (parse) error.
void add_domain_errors(Parsed& r) {
    for (const auto& [field, key] : programme_errors(r.programme)) r.errors.try_emplace(field, key);
    // A name is one line (the domain allows tabs and line breaks, which only multi-line texts may have).
    if (r.programme.name.find_first_of("\r\n\t") != std::string::npos)
        r.errors.try_emplace("name", "programme.name_control_chars");
    // The ceiling is stored (and must be positive in the table) even when de minimis is off.
    if (r.programme.de_minimis_ceiling.cents() <= 0)
        r.errors.try_emplace("de_minimis_ceiling", "programme.de_minimis_ceiling_not_positive");
}

// A whole number within int64, or nullopt (a float, a string, an unsigned beyond int64 ...).
std::optional<std::int64_t> json_integer(const json& v, bool& too_large) {
    too_large = false;
    if (!v.is_number_integer()) return std::nullopt;
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
        too_large = true;
        return std::nullopt;
    }
    return v.get<std::int64_t>();
}

std::string field_name_for_error(const std::string& key) {
    if (key.size() > 64 || !text::valid_utf8(key) || text::has_control_chars(key)) return "body";
    return key;
}

Parsed read_api(const json& body) {
    Parsed r;
    auto& p = r.programme;
    auto& e = r.errors;
    static const std::set<std::string> known = {
        "name", "customer_type", "denominations_cents", "max_per_customer_cents", "validity_months", "budget_cents",
        "service_description_ids", "application_start", "application_end", "de_minimis", "de_minimis_ceiling_cents",
        "fiscal_year_start_month"};
    std::map<std::string, std::string> unknown;
    for (auto it = body.begin(); it != body.end(); ++it)
        if (!known.count(it.key())) unknown.try_emplace(field_name_for_error(it.key()), "programme.unknown_field");
    for (const char* k : {"name", "customer_type", "denominations_cents", "max_per_customer_cents", "validity_months",
                          "budget_cents", "service_description_ids", "application_start", "application_end"}) {
        std::string field = k;
        if (field.ends_with("_cents")) field.resize(field.size() - 6);
        if (!body.contains(k) || body[k].is_null()) e.try_emplace(field, "validation.required");
    }
    // The fields below are filed under the domain's names; to_api_fields renames them at the end.
    auto cents = [&](const char* key, const char* field, Money& out) {
        if (!body.contains(key) || body[key].is_null()) return;
        bool too_large = false;
        auto v = json_integer(body[key], too_large);
        if (!v) { e.try_emplace(field, too_large ? "programme.amount_too_large" : "programme.not_whole_cents"); return; }
        if (*v > kProgrammeAmountMaxCents) { e.try_emplace(field, "programme.amount_too_large"); return; }
        out = Money::cents(*v);
    };
    auto small_int = [&](const char* key, std::int64_t fallback_out_of_range, std::int64_t& out) {
        if (!body.contains(key) || body[key].is_null()) return;
        bool too_large = false;
        auto v = json_integer(body[key], too_large);
        if (!v && !too_large) { e.try_emplace(key, "programme.not_whole_number"); return; }
        out = (!v || *v < -1000 || *v > 1000) ? fallback_out_of_range : *v;
    };

    if (body.contains("name") && !body["name"].is_null()) {
        if (!body["name"].is_string()) e.try_emplace("name", "validation.not_text");
        else p.name = body["name"].get<std::string>();
    }
    if (body.contains("customer_type") && !body["customer_type"].is_null()) {
        auto t = body["customer_type"].is_string() ? customer_type_from(body["customer_type"].get<std::string>())
                                                   : std::nullopt;
        if (!t) e.try_emplace("customer_type", "programme.customer_type_invalid");
        else p.customer_type = *t;
    }
    // A list of whole numbers under `key`: each passes `accept` (which files its own error and
    // returns false to stop), or the list's error is filed under `field`.
    auto integer_list = [&](const char* key, const char* field, std::size_t max, const char* not_a_list,
                            const char* too_many, const auto& accept) {
        if (!body.contains(key) || body[key].is_null()) return;
        const auto& list = body[key];
        if (!list.is_array()) { e.try_emplace(field, not_a_list); return; }
        if (list.size() > max) { e.try_emplace(field, too_many); return; }
        for (const auto& x : list) {
            bool too_large = false;
            auto v = json_integer(x, too_large);
            if (!accept(v, too_large)) return;
        }
    };
    integer_list("denominations_cents", "denominations", kDenominationsMax, "programme.denominations_not_a_list",
                 "programme.too_many_denominations", [&](std::optional<std::int64_t> v, bool too_large) {
                     if (!v) { e.try_emplace("denominations", too_large ? "programme.amount_too_large" : "programme.not_whole_cents"); return false; }
                     if (*v > kProgrammeAmountMaxCents) { e.try_emplace("denominations", "programme.amount_too_large"); return false; }
                     p.denominations.push_back(Money::cents(*v));
                     return true;
                 });
    cents("max_per_customer_cents", "max_per_customer", p.max_per_customer);
    cents("budget_cents", "budget", p.budget);
    p.de_minimis_ceiling = kDefaultCeiling;
    cents("de_minimis_ceiling_cents", "de_minimis_ceiling", p.de_minimis_ceiling);
    std::int64_t months = 0;
    small_int("validity_months", kValidityMonthsMax + 1, months);
    p.validity_months = static_cast<int>(months);
    std::int64_t fy = 1;
    small_int("fiscal_year_start_month", 0, fy);
    p.fiscal_year_start_month = (fy < 1 || fy > 12) ? 0u : static_cast<unsigned>(fy);

    integer_list("service_description_ids", "service_description_ids", kServicesMax, "programme.service_ids_invalid",
                 "programme.too_many_services", [&](std::optional<std::int64_t> v, bool) {
                     if (!v || *v <= 0) { e.try_emplace("service_description_ids", "programme.service_ids_invalid"); return false; }
                     p.service_description_ids.push_back(*v);
                     return true;
                 });
    for (auto [key, out] : {std::pair{"application_start", &p.application_start},
                            std::pair{"application_end", &p.application_end}}) {
        if (!body.contains(key) || body[key].is_null()) continue;
        if (!body[key].is_string() || !parse_iso_date(body[key].get<std::string>(), *out))
            e.try_emplace(key, "programme.date_invalid");
    }
    if (body.contains("de_minimis") && !body["de_minimis"].is_null()) {
        if (!body["de_minimis"].is_boolean()) e.try_emplace("de_minimis", "programme.not_boolean");
        else p.de_minimis = body["de_minimis"].get<bool>();
    }
    add_domain_errors(r);
    r.errors = to_api_fields(r.errors);
    for (const auto& [k, v] : unknown) r.errors.try_emplace(k, v);
    if (!text::valid_utf8(p.name)) return r;
    p.name = text::trim(p.name);
    return r;
}

// --- HTML form ------------------------------------------------------------------------------

std::optional<Money> form_amount(const std::string& raw, const char* field, Parsed& r, bool required) {
    const auto v = text::trim(raw);
    if (v.empty()) {
        if (required) r.errors.try_emplace(field, "validation.required");
        return std::nullopt;
    }
    auto m = Money::parse(v);
    if (!m) { r.errors.try_emplace(field, "programme.amount_format"); return std::nullopt; }
    if (m->cents() > kProgrammeAmountMaxCents) { r.errors.try_emplace(field, "programme.amount_too_large"); return std::nullopt; }
    return m;
}

std::optional<std::int64_t> form_integer(const std::string& raw, const char* field, Parsed& r) {
    const auto v = text::trim(raw);
    if (v.empty()) { r.errors.try_emplace(field, "validation.required"); return std::nullopt; }
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec == std::errc::result_out_of_range) return std::int64_t{1'000'000};  // out of range, said by the domain
    if (ec != std::errc() || ptr != v.data() + v.size()) { r.errors.try_emplace(field, "programme.not_whole_number"); return std::nullopt; }
    return out;
}

Parsed read_form(const http::Form& f) {
    Parsed r;
    auto& p = r.programme;
    // The form parser already refused text that is not UTF-8.
    p.name = f.get("name");
    if (text::valid_utf8(p.name) && !text::has_control_chars(p.name)) p.name = text::trim(p.name);
    if (auto t = customer_type_from(f.get("customer_type"))) p.customer_type = *t;
    else r.errors.try_emplace("customer_type", "programme.customer_type_invalid");

    auto list = parse_euro_list(f.get("denominations"));
    if (!list.error.empty()) r.errors.try_emplace("denominations", list.error);
    else p.denominations = list.values;
    if (auto m = form_amount(f.get("max_per_customer"), "max_per_customer", r, true)) p.max_per_customer = *m;
    if (auto m = form_amount(f.get("budget"), "budget", r, true)) p.budget = *m;
    p.de_minimis_ceiling = kDefaultCeiling;
    if (auto m = form_amount(f.get("de_minimis_ceiling"), "de_minimis_ceiling", r, false)) p.de_minimis_ceiling = *m;
    if (auto n = form_integer(f.get("validity_months"), "validity_months", r))
        p.validity_months = static_cast<int>(std::clamp<std::int64_t>(*n, -1, kValidityMonthsMax + 1));
    if (auto n = form_integer(f.get("fiscal_year_start_month"), "fiscal_year_start_month", r))
        p.fiscal_year_start_month = (*n < 1 || *n > 12) ? 0u : static_cast<unsigned>(*n);

    const auto ids = f.all("service_description_ids");
    if (ids.size() > kServicesMax) r.errors.try_emplace("service_description_ids", "programme.too_many_services");
    for (const auto& s : ids) {
        std::int64_t id = 0;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
        if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || id <= 0) {
            r.errors.try_emplace("service_description_ids", "programme.service_ids_invalid");
            break;
        }
        p.service_description_ids.push_back(id);
    }
    for (auto [key, out] : {std::pair{"application_start", &p.application_start},
                            std::pair{"application_end", &p.application_end}}) {
        const auto v = text::trim(f.get(key));
        if (v.empty()) r.errors.try_emplace(key, "validation.required");
        else if (!parse_iso_date(v, *out)) r.errors.try_emplace(key, "programme.date_invalid");
    }
    const auto dm = f.get("de_minimis");
    if (dm == "1") p.de_minimis = true;
    else if (!dm.empty() && dm != "0") r.errors.try_emplace("de_minimis", "programme.not_boolean");
    add_domain_errors(r);
    return r;
}

// The values a form shows: from a stored programme...
json values_from(const VoucherProgramme& p) {
    return {{"name", p.name},
            {"customer_type", std::string(to_string(p.customer_type))},
            {"denominations", euro_list_for_input(p.denominations)},
            {"max_per_customer", euros_for_input(p.max_per_customer)},
            {"validity_months", std::to_string(p.validity_months)},
            {"budget", euros_for_input(p.budget)},
            {"service_description_ids", p.service_description_ids},
            {"application_start", to_iso_date(p.application_start)},
            {"application_end", to_iso_date(p.application_end)},
            {"de_minimis", p.de_minimis},
            {"de_minimis_ceiling", euros_for_input(p.de_minimis_ceiling)},
            {"fiscal_year_start_month", std::to_string(p.fiscal_year_start_month)}};
}

// ...or as posted, kept on a refusal so nothing typed is lost.
json values_from(const http::Form& f) {
    auto clean = [](const std::string& s) { return text::valid_utf8(s) ? s : std::string(); };
    std::vector<std::int64_t> ids;
    for (const auto& s : f.all("service_description_ids")) {
        std::int64_t id = 0;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
        if (ec == std::errc() && ptr == s.data() + s.size()) ids.push_back(id);
    }
    return {{"name", clean(f.get("name"))},
            {"customer_type", clean(f.get("customer_type"))},
            {"denominations", clean(f.get("denominations"))},
            {"max_per_customer", clean(f.get("max_per_customer"))},
            {"validity_months", clean(f.get("validity_months"))},
            {"budget", clean(f.get("budget"))},
            {"service_description_ids", ids},
            {"application_start", clean(f.get("application_start"))},
            {"application_end", clean(f.get("application_end"))},
            {"de_minimis", f.get("de_minimis") == "1"},
            {"de_minimis_ceiling", clean(f.get("de_minimis_ceiling"))},
            {"fiscal_year_start_month", clean(f.get("fiscal_year_start_month"))}};
}

json default_values(const Ctx& ctx) {
    VoucherProgramme p;
    p.denominations = {Money::euros(2500), Money::euros(5000)};
    p.max_per_customer = Money::euros(5000);
    p.budget = Money::euros(200'000);
    p.application_start = today_of(ctx);
    p.application_end = today_of(ctx) + std::chrono::days{365};
    auto v = values_from(p);
    v["name"] = "";
    return v;
}

std::map<std::string, std::string> translated(const Ctx& ctx, const std::map<std::string, std::string>& keys) {
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : keys) out.emplace(k, ctx.t(v));
    return out;
}

// The new/edit page: the form (and, when editing, the programme's figures).
Response form_page(Ctx& ctx, db::Database& db, const ProgrammeView* existing, json v,
                   const std::map<std::string, std::string>& errors, int status) {
    auto lease = db.acquire();
    const auto sds = services_by_id(*lease);
    std::set<std::int64_t> chosen;
    for (const auto& id : v["service_description_ids"]) chosen.insert(id.get<std::int64_t>());
    json services = json::array();
    for (const auto& [id, sd] : sds)
        services.push_back({{"id", id}, {"name", sd.name(ctx.lang)}, {"code", sd.code}, {"checked", chosen.count(id) > 0}});
    json months = json::array();
    const auto month = v.value("fiscal_year_start_month", std::string("1"));
    for (int m = 1; m <= 12; ++m)
        months.push_back({{"value", m}, {"name", ctx.t("programme.month." + std::to_string(m))},
                          {"selected", month == std::to_string(m)}});
    const auto type = v.value("customer_type", std::string("business"));
    json data = {{"errors", errors},
                 {"has_errors", !errors.empty()},
                 {"services", services},
                 {"months", months},
                 {"type_business", type == "business"},
                 {"type_person", type == "person"},
                 {"edit", existing != nullptr},
                 {"saved", existing && ctx.req.query_param("saved") == "1" && status == 200}};
    if (existing) {
        data["title"] = existing->programme.name;
        data["action"] = "/admin/programmes/" + std::to_string(existing->programme.id);
        data["programme"] = programme_view(ctx, *existing, sds, today_of(ctx));
    } else {
        data["title"] = ctx.t("programme.new_title");
        data["action"] = "/admin/programmes/new";
    }
    if (!errors.empty()) data["alert"] = ctx.t("validation.failed");
    data["v"] = std::move(v);
    return ctx.page("programme_form", data, status);
}

std::optional<ProgrammeView> programme_by_param(Ctx& ctx, db::Database& db) {
    auto id = web::id_param(ctx);
    if (!id) return std::nullopt;
    auto lease = db.acquire();
    return find_programme(*lease, *id);
}

json api_body(const Ctx& ctx) {
    auto body = ctx.req.json();
    if (!body.is_object()) throw UserError(422, ctx.t("validation.failed"), ctx.t("validation.body_not_object"));
    return body;
}

Translate translator(const Ctx& ctx) {
    return [&ctx](const std::string& key) { return ctx.t(key); };
}

Response api_programme(Ctx& ctx, db::Database& db, std::int64_t id, int status) {
    auto lease = db.acquire();
    auto v = find_programme(*lease, id);
    if (!v) throw NotFound(ctx.t("programme.not_found"));
    return Response::json(programme_json(*v, services_by_id(*lease), today_of(ctx), sees_figures(ctx)), status);
}

}  // namespace

std::string_view programme_status(const VoucherProgramme& p, std::chrono::sys_days today) {
    if (today < p.application_start) return "upcoming";
    if (today > p.application_end) return "closed";
    return "open";
}

void register_programme_routes(web::Routes& routes, db::Database& db, std::shared_ptr<ProgrammeService> service) {
    // --- the organizer's pages ---
    routes.get("/admin/programmes", Action::programme_manage, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        const auto sds = services_by_id(*lease);
        const auto today = today_of(ctx);
        json items = json::array();
        Money budget, allocated;
        for (const auto& v : all_programmes(*lease)) {
            items.push_back(programme_view(ctx, v, sds, today));
            budget += v.programme.budget;
            allocated += v.allocated;
        }
        return ctx.page("admin_programmes", {{"title", ctx.t("programme.admin_title")},
                                             {"programmes", items},
                                             {"has_programmes", !items.empty()},
                                             {"total_budget", budget.format(ctx.lang)},
                                             {"total_allocated", allocated.format(ctx.lang)},
                                             {"total_unallocated", (budget - allocated).format(ctx.lang)}});
    });

    routes.get("/admin/programmes/new", Action::programme_manage, [&db](Ctx& ctx) {
        return form_page(ctx, db, nullptr, default_values(ctx), {}, 200);
    });

    routes.post("/admin/programmes/new", Action::programme_manage, [&db, service](Ctx& ctx) {
        const auto& form = ctx.req.form();
        auto r = read_form(form);
        if (!r.errors.empty()) return form_page(ctx, db, nullptr, values_from(form), translated(ctx, r.errors), 422);
        std::int64_t id = 0;
        try {
            id = service->create(r.programme, ctx.who().user_id, translator(ctx));
        } catch (const UserError& e) {
            if (e.field_errors.empty()) throw;
            return form_page(ctx, db, nullptr, values_from(form), e.field_errors, e.status);
        }
        return Response::redirect("/admin/programmes/" + std::to_string(id) + "?saved=1");
    });

    routes.get("/admin/programmes/{id}", Action::programme_manage, [&db](Ctx& ctx) {
        auto v = programme_by_param(ctx, db);
        if (!v) throw NotFound(ctx.t("programme.not_found"));
        return form_page(ctx, db, &*v, values_from(v->programme), {}, 200);
    });

    routes.post("/admin/programmes/{id}", Action::programme_manage, [&db, service](Ctx& ctx) {
        auto v = programme_by_param(ctx, db);
        if (!v) throw NotFound(ctx.t("programme.not_found"));
        const auto& form = ctx.req.form();
        auto r = read_form(form);
        if (!r.errors.empty()) return form_page(ctx, db, &*v, values_from(form), translated(ctx, r.errors), 422);
        r.programme.id = v->programme.id;
        try {
            service->update(r.programme, ctx.who().user_id, translator(ctx));
        } catch (const UserError& e) {
            if (e.field_errors.empty()) throw;
            return form_page(ctx, db, &*v, values_from(form), e.field_errors, e.status);
        }
        return Response::redirect("/admin/programmes/" + std::to_string(v->programme.id) + "?saved=1");
    });

    // --- public pages ---
    routes.get("/programmes", Action::programme_read, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        const auto sds = services_by_id(*lease);
        const auto today = today_of(ctx);
        auto list = all_programmes(*lease);
        sort_for_public(list, today);
        json items = json::array();
        for (const auto& v : list) items.push_back(programme_view(ctx, v, sds, today));
        return ctx.page("programmes", {{"title", ctx.t("programme.public_title")},
                                       {"programmes", items},
                                       {"has_programmes", !items.empty()},
                                       {"is_organizer", sees_figures(ctx)}});
    });

    routes.get("/programmes/{id}", Action::programme_read, [&db](Ctx& ctx) {
        auto v = programme_by_param(ctx, db);
        if (!v) throw NotFound(ctx.t("programme.not_found"));
        auto lease = db.acquire();
        auto view = programme_view(ctx, *v, services_by_id(*lease), today_of(ctx));
        return ctx.page("programme", {{"title", v->programme.name}, {"programme", view},
                                      {"is_organizer", sees_figures(ctx)}});
    });

    // --- API ---
    routes.get("/api/v1/programmes", Action::programme_read, [&db](Ctx& ctx) {
        auto paging = web::parse_paging(ctx);
        auto lease = db.acquire();
        const auto sds = services_by_id(*lease);
        const auto today = today_of(ctx);
        auto list = all_programmes(*lease);
        sort_for_public(list, today);
        json items = json::array();
        for (std::size_t i = paging.offset(); i < list.size() && items.size() < std::size_t(paging.page_size); ++i)
            items.push_back(programme_json(list[i], sds, today, sees_figures(ctx)));
        return Response::json(web::list_envelope(items, static_cast<std::int64_t>(list.size()), paging));
    });

    routes.get("/api/v1/programmes/{id}", Action::programme_read, [&db](Ctx& ctx) {
        auto id = web::id_param(ctx);
        if (!id) throw NotFound(ctx.t("programme.not_found"));
        return api_programme(ctx, db, *id, 200);
    });

    routes.post("/api/v1/programmes", Action::programme_manage, [&db, service](Ctx& ctx) {
        auto r = read_api(api_body(ctx));
        if (!r.errors.empty()) throw Invalid(translated(ctx, r.errors), ctx.t("validation.failed"));
        std::int64_t id = 0;
        try {
            id = service->create(r.programme, ctx.who().user_id, translator(ctx));
        } catch (const UserError& e) {
            if (e.field_errors.empty()) throw;
            throw UserError(e.status, e.title, e.detail, to_api_fields(e.field_errors));
        }
        return api_programme(ctx, db, id, 201);
    });

    routes.add("PUT", "/api/v1/programmes/{id}", Action::programme_manage, [&db, service](Ctx& ctx) {
        auto v = programme_by_param(ctx, db);
        if (!v) throw NotFound(ctx.t("programme.not_found"));
        auto r = read_api(api_body(ctx));
        if (!r.errors.empty()) throw Invalid(translated(ctx, r.errors), ctx.t("validation.failed"));
        r.programme.id = v->programme.id;
        try {
            service->update(r.programme, ctx.who().user_id, translator(ctx));
        } catch (const UserError& e) {
            if (e.field_errors.empty()) throw;
            throw UserError(e.status, e.title, e.detail, to_api_fields(e.field_errors));
        }
        return api_programme(ctx, db, v->programme.id, 200);
    });
}

}  // namespace pt::vouchers
