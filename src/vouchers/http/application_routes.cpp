#include "vouchers/http/application_routes.hpp"

#include <charconv>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "vouchers/data/programme_queries.hpp"

namespace pt::vouchers {

using http::Response;
using web::Ctx;

namespace {

using Fields = std::map<std::string, std::string>;
using std::chrono::sys_days;

sys_days today_of(const Ctx& ctx) { return local_day(ctx.clock.now()); }

std::int64_t path_id(const Ctx& ctx, const char* not_found) {
    auto id = web::id_param(ctx);
    if (!id) throw NotFound(not_found);
    return *id;
}

// A positive decimal integer and nothing else.
std::optional<std::int64_t> positive(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

// Trimmed text check like web::FieldErrors::text, as an i18n key.
std::optional<std::string> text_error(std::string& value, std::size_t min, std::size_t max, bool multiline) {
    if (!text::valid_utf8(value)) return "validation.invalid_utf8";
    value = text::trim(value);
    if (text::has_control_chars(value) || (!multiline && value.find_first_of("\r\n\t") != std::string::npos))
        return "validation.control_chars";
    auto n = text::length(value);
    if (n < min) return n == 0 ? "validation.required" : "validation.too_short";
    if (n > max) return "validation.too_long";
    return std::nullopt;
}

Fields translated(const Ctx& ctx, const Fields& f) {
    Fields out;
    for (const auto& [k, v] : f) out[k] = ctx.t(v);
    return out;
}

// The API's field names as the form's inputs are named.
std::string html_field(const std::string& api_field) {
    if (api_field == "customer" || api_field == "customer.customer_id") return "customer_id";
    if (api_field == "customer.business_id") return "business_id";
    if (api_field == "customer.name") return "customer_name";
    if (api_field == "customer.email") return "customer_email";
    if (api_field == "de_minimis_declaration") return "de_minimis";
    return api_field;
}

std::optional<ApplicationStatus> status_filter(const Ctx& ctx) {
    auto s = ctx.req.query_param("status");
    if (s.empty()) return std::nullopt;
    auto st = application_status_from(s);
    if (!st)
        throw UserError(400, "validation.failed", "voucher_application.unknown_status",
                        {{"status", "voucher_application.unknown_status"}});
    return st;
}

std::optional<std::int64_t> programme_filter(const Ctx& ctx) {
    auto s = ctx.req.query_param("programme_id");
    if (s.empty()) return std::nullopt;
    auto id = positive(s);
    if (!id) throw UserError(400, "validation.failed", "validation.not_an_id", {{"programme_id", "validation.not_an_id"}});
    return id;
}

std::string refusal_text(const Ctx& ctx, const GrantRefused& e) {
    nlohmann::json data = {{"remaining", e.remaining ? e.remaining->format(ctx.lang) : std::string()}};
    return ctx.renderer.render_text(ctx.t(e.detail), data, ctx.lang);
}

std::string status_name(const Ctx& ctx, ApplicationStatus s) {
    return ctx.t("voucher_application.status." + std::string(to_string(s)));
}

// A row of a list or the page's application: the JSON plus display texts.
nlohmann::json to_view(const Ctx& ctx, const ApplicationView& v) {
    auto j = to_json(v);
    j["status_name"] = status_name(ctx, v.app.status);
    j["is_" + std::string(to_string(v.app.status))] = true;
    j["on_behalf"] = v.app.applicant_role == "counsellor";
    if (v.app.decided_at) j["decided_local"] = local_datetime(*v.app.decided_at);
    j["requested"] = v.app.requested ? v.app.requested->format(ctx.lang) : std::string();
    j["granted"] = v.granted ? v.granted->format(ctx.lang) : std::string();
    j["customer_type_name"] = ctx.t("voucher_application.customer_type." + v.programme_customer_type);
    if (v.app.declaration) {
        nlohmann::json d = nlohmann::json::array();
        for (const auto& a : *v.app.declaration) d.push_back({{"fiscal_year", a.fiscal_year}, {"amount", a.amount.format(ctx.lang)}});
        j["declaration_rows"] = d;
        j["has_declaration"] = true;
    }
    return j;
}

// ---- the apply form

struct FormValues {
    std::string customer_id, business_id, customer_name, customer_email, requested_cents, purpose;
    std::map<int, std::string> aid;  // euros by fiscal year
};

Response apply_form_page(Ctx& ctx, db::Database& db, std::int64_t programme_id, const FormValues& values,
                         const Fields& errors, const std::string& alert, int status) {
    auto lease = db.acquire();
    auto pv = find_programme(*lease, programme_id);
    if (!pv) throw NotFound("voucher_application.programme_not_found");
    const auto& p = pv->programme;
    const auto today = today_of(ctx);
    nlohmann::json denominations = nlohmann::json::array();
    denominations.push_back({{"cents", ""}, {"label", ctx.t("voucher_application.no_preference")},
                             {"checked", values.requested_cents.empty()}, {"dom_id", "requested-none"}});
    for (auto d : p.denominations)
        denominations.push_back({{"cents", std::to_string(d.cents())}, {"label", d.format(ctx.lang)},
                                 {"checked", values.requested_cents == std::to_string(d.cents())},
                                 {"dom_id", "requested-" + std::to_string(d.cents())}});
    nlohmann::json years = nlohmann::json::array();
    if (p.de_minimis) {
        for (int y : de_minimis_window(today, p.fiscal_year_start_month)) {
            auto it = values.aid.find(y);
            const auto name = "de_minimis_" + std::to_string(y);
            nlohmann::json row = {{"year", y}, {"name", name}, {"value", it == values.aid.end() ? std::string("0") : it->second}};
            if (auto e = errors.find(name); e != errors.end()) row["error"] = e->second;
            years.push_back(row);
        }
    }
    const bool counsellor = ctx.who().role == Role::counsellor;
    nlohmann::json customers = nlohmann::json::array();
    if (counsellor) {
        for (const auto& cu : list_customers(*lease, std::string(to_string(p.customer_type)), 500))
            customers.push_back({{"id", cu.id}, {"name", cu.name}, {"business_id", cu.business_id.value_or("")},
                                 {"selected", values.customer_id == std::to_string(cu.id)}});
    }
    std::string customer_name;
    if (!counsellor && ctx.who().customer_id)
        if (auto cu = find_customer(*lease, *ctx.who().customer_id)) customer_name = cu->name;
    nlohmann::json data = {
        {"title", ctx.t("voucher_application.apply_title")},
        {"programme", {{"id", p.id}, {"name", p.name},
                       {"customer_type_name", ctx.t("voucher_application.customer_type." + std::string(to_string(p.customer_type)))},
                       {"is_business", p.customer_type == CustomerType::business},
                       {"application_start", to_iso_date(p.application_start)},
                       {"application_end", to_iso_date(p.application_end)},
                       {"validity_months", p.validity_months},
                       {"de_minimis", p.de_minimis},
                       {"ceiling", p.de_minimis_ceiling.format(ctx.lang)}}},
        {"open", accepts_applications(p, today)},
        {"denominations", denominations},
        {"years", years},
        {"is_counsellor", counsellor},
        {"customers", customers},
        {"customer_name", customer_name},
        {"values", {{"business_id", values.business_id}, {"customer_name", values.customer_name},
                    {"customer_email", values.customer_email}, {"purpose", values.purpose}}},
        {"errors", errors},
        {"has_errors", !errors.empty()},
        {"alert", alert},
        {"purpose_max", kPurposeMax}};
    return ctx.page("voucher_application_form", data, status);
}

// The form into the service's input; format problems by form field (i18n keys).
ApplyInput input_from_form(const Ctx& ctx, std::int64_t programme_id, FormValues& values, Fields& errors) {
    const auto& form = ctx.req.form();
    ApplyInput in;
    in.programme_id = programme_id;
    values.customer_id = form.get("customer_id");
    values.business_id = form.get("business_id");
    values.customer_name = form.get("customer_name");
    values.customer_email = form.get("customer_email");
    values.requested_cents = form.get("requested_cents");
    values.purpose = form.get("purpose");
    if (ctx.who().role == Role::counsellor) {
        auto& ch = in.customer;
        if (!values.customer_id.empty()) {
            if (auto id = positive(values.customer_id)) ch.customer_id = id;
            else errors["customer_id"] = "validation.not_an_id";
        } else {
            if (!text::trim(values.business_id).empty()) ch.business_id = values.business_id;
            if (!text::trim(values.customer_name).empty()) ch.name = values.customer_name;
            if (!text::trim(values.customer_email).empty()) ch.email = values.customer_email;
        }
    }
    if (!values.requested_cents.empty()) {
        if (auto c = positive(values.requested_cents)) in.requested = Money::cents(*c);
        else errors["requested_cents"] = "voucher_application.requested_not_denomination";
    }
    std::string purpose = values.purpose;
    if (auto e = text_error(purpose, 0, kPurposeMax, true)) errors["purpose"] = *e;
    else in.purpose = purpose;
    // The three counting years' amounts, when the programme asks for them.
    std::map<int, std::string> aid;
    for (const auto& [k, v] : form.fields) {
        if (k.rfind("de_minimis_", 0) != 0) continue;
        auto year = positive(std::string_view(k).substr(11));
        if (!year || *year > 9999) continue;
        aid[static_cast<int>(*year)] = v;
    }
    values.aid = aid;
    if (!aid.empty()) {
        std::map<int, std::string> bad;
        auto declared = declaration_from_form(aid, bad);
        for (const auto& [y, key] : bad) errors["de_minimis_" + std::to_string(y)] = key;
        if (bad.empty()) in.declaration = declared;
    }
    return in;
}

// ---- the application page

Response application_page(Ctx& ctx, db::Database& db, std::int64_t id, const Fields& errors, const std::string& alert,
                          int status, const std::string& reason = {}) {
    auto lease = db.acquire();
    auto v = find_visible_application(*lease, id, ctx.who());
    if (!v) throw NotFound("voucher_application.not_found");
    auto app = to_view(ctx, *v);
    const bool organizer = ctx.who().role == Role::organizer_admin;
    nlohmann::json data = {{"title", ctx.t("voucher_application.title")}, {"application", app}, {"errors", errors},
                           {"alert", alert}, {"reason", reason}, {"is_organizer", organizer}};
    if (organizer) {
        const auto f = decision_figures(*lease, *v, today_of(ctx));
        auto pv = find_programme(*lease, v->app.programme_id);
        nlohmann::json options = nlohmann::json::array();
        if (pv) {
            for (auto d : pv->programme.denominations) {
                const bool ok = std::find(f.grantable.begin(), f.grantable.end(), d) != f.grantable.end();
                options.push_back({{"cents", d.cents()}, {"label", d.format(ctx.lang)}, {"enabled", ok},
                                   {"checked", ok && v->app.requested == d}});
            }
        }
        nlohmann::json grants = nlohmann::json::array();
        for (const auto& g : f.customer_grants)
            grants.push_back({{"voucher_id", g.voucher_id}, {"value", g.value.format(ctx.lang)}, {"granted_on", to_iso_date(g.granted_on)}});
        nlohmann::json figures = {{"remaining_budget", f.remaining_budget.format(ctx.lang)},
                                  {"remaining_customer_cap", f.remaining_customer_cap.format(ctx.lang)},
                                  {"customer_grants", grants},
                                  {"has_customer_grants", !grants.empty()},
                                  {"de_minimis", f.de_minimis}};
        if (f.de_minimis) {
            figures["window"] = std::to_string(f.window[0]) + "–" + std::to_string(f.window[2]);
            figures["ceiling"] = f.ceiling.format(ctx.lang);
            figures["aid_in_window"] = f.aid_in_window.format(ctx.lang);
            figures["headroom"] = f.headroom.format(ctx.lang);
        }
        data["figures"] = figures;
        data["options"] = options;
        data["can_decide"] = v->app.status == ApplicationStatus::submitted;
        data["nothing_grantable"] = f.grantable.empty();
    }
    return ctx.page("voucher_application", data, status);
}

// A list page (HTML).
Response list_page(Ctx& ctx, db::Database& db) {
    ApplicationFilter f;
    f.customer_id = customer_scope(ctx.who());
    f.status = status_filter(ctx);
    f.programme_id = programme_filter(ctx);
    auto paging = web::parse_paging(ctx, 50, 100);
    f.limit = paging.page_size;
    f.offset = paging.offset();
    auto lease = db.acquire();
    nlohmann::json items = nlohmann::json::array();
    for (const auto& v : list_applications(*lease, f)) items.push_back(to_view(ctx, v));
    nlohmann::json statuses = nlohmann::json::array();
    for (auto s : {ApplicationStatus::submitted, ApplicationStatus::granted, ApplicationStatus::rejected})
        statuses.push_back({{"code", std::string(to_string(s))}, {"name", status_name(ctx, s)}, {"selected", f.status == s}});
    nlohmann::json programmes = nlohmann::json::array();
    ProgrammeFilter pf;
    pf.limit = 100;
    for (const auto& p : list_programmes(*lease, pf))
        programmes.push_back({{"id", p.programme.id}, {"name", p.programme.name}, {"selected", f.programme_id == p.programme.id}});
    return ctx.page("voucher_applications", {{"title", ctx.t("voucher_application.list_title")},
                                             {"applications", items},
                                             {"has_applications", !items.empty()},
                                             {"statuses", statuses},
                                             {"programmes", programmes},
                                             {"total", count_applications(*lease, f)}});
}

// ---- the API body

std::optional<std::int64_t> json_id(const nlohmann::json& body, const char* key, const std::string& field, Fields& errors) {
    if (!body.contains(key) || body[key].is_null()) return std::nullopt;
    const auto& v = body[key];
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > INT64_MAX) || v.get<std::int64_t>() <= 0) {
        errors[field] = "validation.not_an_id";
        return std::nullopt;
    }
    return v.get<std::int64_t>();
}

std::optional<std::string> json_string(const nlohmann::json& body, const char* key, const std::string& field, Fields& errors) {
    if (!body.contains(key) || body[key].is_null()) return std::nullopt;
    if (!body[key].is_string()) { errors[field] = "validation.not_text"; return std::nullopt; }
    return body[key].get<std::string>();
}

ApplyInput input_from_json(const Ctx& ctx, const nlohmann::json& body) {
    if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
    Fields errors;
    ApplyInput in;
    if (!body.contains("programme_id") || body["programme_id"].is_null()) errors["programme_id"] = "validation.required";
    else if (auto id = json_id(body, "programme_id", "programme_id", errors)) in.programme_id = *id;
    if (ctx.who().role == Role::counsellor && body.contains("customer") && !body["customer"].is_null()) {
        const auto& cu = body["customer"];
        if (!cu.is_object()) errors["customer"] = "voucher_application.customer_not_object";
        else {
            in.customer.customer_id = json_id(cu, "customer_id", "customer.customer_id", errors);
            in.customer.business_id = json_string(cu, "business_id", "customer.business_id", errors);
            in.customer.name = json_string(cu, "name", "customer.name", errors);
            in.customer.email = json_string(cu, "email", "customer.email", errors);
        }
    }
    if (body.contains("requested_cents") && !body["requested_cents"].is_null()) {
        const auto& r = body["requested_cents"];
        if (!r.is_number_integer() || (r.is_number_unsigned() && r.get<std::uint64_t>() > INT64_MAX) || r.get<std::int64_t>() <= 0)
            errors["requested_cents"] = "voucher_application.requested_not_denomination";
        else in.requested = Money::cents(r.get<std::int64_t>());
    }
    if (auto purpose = json_string(body, "purpose", "purpose", errors)) {
        if (auto e = text_error(*purpose, 0, kPurposeMax, true)) errors["purpose"] = *e;
        else in.purpose = *purpose;
    }
    if (body.contains("de_minimis_declaration") && !body["de_minimis_declaration"].is_null()) {
        auto parsed = parse_declaration(body["de_minimis_declaration"]);
        if (parsed.error) errors["de_minimis_declaration"] = *parsed.error;
        else in.declaration = parsed.aid;
    }
    if (!errors.empty()) throw Invalid(errors, "validation.failed");
    return in;
}

// denomination_cents of a grant: a positive integer (whether it is a denomination is the domain's).
Money denomination_from_json(const nlohmann::json& body) {
    if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
    if (!body.contains("denomination_cents") || body["denomination_cents"].is_null())
        throw Invalid({{"denomination_cents", "voucher_application.denomination_required"}}, "validation.failed");
    const auto& d = body["denomination_cents"];
    if (!d.is_number_integer() || (d.is_number_unsigned() && d.get<std::uint64_t>() > INT64_MAX) || d.get<std::int64_t>() <= 0)
        throw Invalid({{"denomination_cents", "voucher_application.denomination_invalid"}}, "validation.failed");
    return Money::cents(d.get<std::int64_t>());
}

std::string reason_from_json(const nlohmann::json& body) {
    if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
    if (!body.contains("reason") || body["reason"].is_null())
        throw Invalid({{"reason", "voucher_application.reason.required"}}, "validation.failed");
    if (!body["reason"].is_string()) throw Invalid({{"reason", "validation.not_text"}}, "validation.failed");
    return body["reason"].get<std::string>();
}

}  // namespace

void register_application_routes(web::Routes& routes, db::Database& db, std::shared_ptr<ApplicationService> service) {
    // ---- HTML

    routes.get("/programmes/{id}/apply", Action::voucher_apply, [&db](Ctx& ctx) {
        auto id = path_id(ctx, "voucher_application.programme_not_found");
        return apply_form_page(ctx, db, id, {}, {}, "", 200);
    });

    routes.post("/programmes/{id}/apply", Action::voucher_apply, [&db, service](Ctx& ctx) {
        auto id = path_id(ctx, "voucher_application.programme_not_found");
        {
            auto lease = db.acquire();
            if (!find_programme(*lease, id)) throw NotFound("voucher_application.programme_not_found");
        }
        FormValues values;
        Fields errors;
        auto in = input_from_form(ctx, id, values, errors);
        if (!errors.empty()) return apply_form_page(ctx, db, id, values, translated(ctx, errors), ctx.t("validation.failed"), 422);
        try {
            auto v = service->apply(ctx.who(), in);
            return Response::redirect("/voucher-applications/" + std::to_string(v.app.id));
        } catch (const UserError& e) {
            if (e.status == 404 || e.status == 403 || e.status == 401) throw;
            Fields fields;
            for (const auto& [k, v] : e.field_errors) fields[html_field(k)] = ctx.t(v);
            return apply_form_page(ctx, db, id, values, fields, ctx.t(e.detail.empty() ? e.title : e.detail), e.status);
        }
    });

    routes.get("/voucher-applications", Action::voucher_application_list, [&db](Ctx& ctx) { return list_page(ctx, db); });

    routes.get("/voucher-applications/{id}", Action::voucher_application_read, [&db](Ctx& ctx) {
        return application_page(ctx, db, path_id(ctx, "voucher_application.not_found"), {}, "", 200);
    });

    routes.post("/voucher-applications/{id}/grant", Action::voucher_application_decide, [&db, service](Ctx& ctx) {
        auto id = path_id(ctx, "voucher_application.not_found");
        auto raw = ctx.req.form().get("denomination_cents");
        auto cents = positive(raw);
        if (!cents)
            return application_page(ctx, db, id,
                                    {{"denomination_cents", ctx.t(raw.empty() ? "voucher_application.denomination_required"
                                                                              : "voucher_application.denomination_invalid")}},
                                    ctx.t("validation.failed"), 422);
        try {
            service->grant(ctx.who(), id, Money::cents(*cents));
        } catch (const GrantRefused& e) {
            if (e.refusal == GrantRefusal::not_a_denomination)
                return application_page(ctx, db, id, {{"denomination_cents", ctx.t("grant.not_a_denomination")}},
                                        ctx.t("validation.failed"), 422);
            return application_page(ctx, db, id, {}, refusal_text(ctx, e), e.status);
        } catch (const UserError& e) {
            if (e.status == 404) throw;
            return application_page(ctx, db, id, translated(ctx, e.field_errors), ctx.t(e.detail), e.status);
        }
        return Response::redirect("/voucher-applications/" + std::to_string(id));
    });

    routes.post("/voucher-applications/{id}/reject", Action::voucher_application_decide, [&db, service](Ctx& ctx) {
        auto id = path_id(ctx, "voucher_application.not_found");
        auto reason = ctx.req.form().get("reason");
        try {
            service->reject(ctx.who(), id, reason);
        } catch (const UserError& e) {
            if (e.status == 404) throw;
            return application_page(ctx, db, id, translated(ctx, e.field_errors), ctx.t(e.detail), e.status, reason);
        }
        return Response::redirect("/voucher-applications/" + std::to_string(id));
    });

    // ---- API

    routes.get("/api/v1/voucher-applications", Action::voucher_application_list, [&db](Ctx& ctx) {
        ApplicationFilter f;
        f.customer_id = customer_scope(ctx.who());
        f.status = status_filter(ctx);
        f.programme_id = programme_filter(ctx);
        auto paging = web::parse_paging(ctx);
        f.limit = paging.page_size;
        f.offset = paging.offset();
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& v : list_applications(*lease, f)) items.push_back(to_json(v));
        return Response::json(web::list_envelope(items, count_applications(*lease, f), paging));
    });

    routes.get("/api/v1/voucher-applications/{id}", Action::voucher_application_read, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        auto v = find_visible_application(*lease, path_id(ctx, "voucher_application.not_found"), ctx.who());
        if (!v) throw NotFound("voucher_application.not_found");
        auto j = to_json(*v);
        // The organizer decides with these figures in view.
        if (ctx.who().role == Role::organizer_admin) j["decision"] = to_json(decision_figures(*lease, *v, today_of(ctx)));
        return Response::json(j);
    });

    routes.post("/api/v1/voucher-applications", Action::voucher_apply, [service](Ctx& ctx) {
        auto in = input_from_json(ctx, ctx.req.json());
        return Response::json(to_json(service->apply(ctx.who(), in)), 201);
    });

    routes.post("/api/v1/voucher-applications/{id}/grant", Action::voucher_application_decide, [service](Ctx& ctx) {
        auto id = path_id(ctx, "voucher_application.not_found");
        auto denomination = denomination_from_json(ctx.req.json());
        try {
            return Response::json(to_json(service->grant(ctx.who(), id, denomination)));
        } catch (const GrantRefused& e) {
            // A value that is not one of the programme's is a field problem, not a conflict.
            if (e.refusal == GrantRefusal::not_a_denomination)
                throw Invalid({{"denomination_cents", "grant.not_a_denomination"}}, "validation.failed");
            return Response::problem(e.status, ctx.t(e.title), refusal_text(ctx, e),
                                     {{"refusal", e.detail},
                                      {"remaining_cents", e.remaining ? nlohmann::json(e.remaining->cents()) : nlohmann::json(nullptr)}});
        }
    });

    routes.post("/api/v1/voucher-applications/{id}/reject", Action::voucher_application_decide, [service](Ctx& ctx) {
        auto id = path_id(ctx, "voucher_application.not_found");
        auto reason = reason_from_json(ctx.req.json());
        return Response::json(to_json(service->reject(ctx.who(), id, reason)));
    });
}

}  // namespace pt::vouchers
