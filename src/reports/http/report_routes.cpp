#include "reports/http/report_routes.hpp"

#include <cmath>

#include <charconv>

#include "core/errors.hpp"
#include "core/money.hpp"
#include "reports/report_figures.hpp"

namespace pt::reports {

using http::Response;
using web::Ctx;

namespace {

const std::vector<std::string> kBillingStatuses{"draft", "submitted", "approved", "returned"};

std::int64_t order_id(const Ctx& ctx) {
    auto id = web::id_param(ctx);
    if (!id) throw NotFound("order.not_found");
    return *id;
}

// "2026-11-29" -> "29.11.2026" in Finnish; ISO in English.
std::string show_date(const Ctx& ctx, const std::string& ymd) {
    if (ctx.lang != "fi" || ymd.size() != 10) return ymd;
    auto d = ymd.substr(8, 2), m = ymd.substr(5, 2);
    if (d[0] == '0') d = d.substr(1);
    if (m[0] == '0') m = m.substr(1);
    return d + "." + m + "." + ymd.substr(0, 4);
}

std::string money(const Ctx& ctx, std::int64_t cents) { return Money::cents(cents).format(ctx.lang); }

nlohmann::json translated(const Ctx& ctx, const std::map<std::string, std::string>& errors) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, v] : errors) out[k] = ctx.t(v);
    return out;
}

// ---- request bodies --------------------------------------------------------------------------

std::string body_text(const nlohmann::json& body, const std::string& field, FieldMap& errors) {
    if (!body.contains(field) || body[field].is_null()) return {};
    if (!body[field].is_string()) { errors[field] = "validation.not_text"; return {}; }
    return body[field].get<std::string>();
}

std::vector<Meeting> body_meetings(const nlohmann::json& body, bool with_actions, FieldMap& errors) {
    std::vector<Meeting> out;
    if (!body.contains("meetings") || body["meetings"].is_null()) return out;
    const auto& a = body["meetings"];
    if (!a.is_array()) { errors["meetings"] = "reports.meetings_not_list"; return out; }
    if (a.size() > kMaxMeetings) { errors["meetings"] = "reports.too_many_meetings"; return out; }
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto at = "meetings." + std::to_string(i);
        Meeting m;
        if (!a[i].is_object()) { errors[at] = "reports.meeting_not_object"; out.push_back(m); continue; }
        m.date = body_text(a[i], "date", errors);
        if (errors.count("date")) { errors[at + ".date"] = errors["date"]; errors.erase("date"); }
        if (a[i].contains("minutes") && !a[i]["minutes"].is_null()) {
            const auto& v = a[i]["minutes"];
            if (v.is_number_integer() && !(v.is_number_unsigned() && v.get<std::uint64_t>() > 1000000))
                m.minutes = v.get<long long>();
            else if (v.is_number_unsigned())
                m.minutes = kMaxMinutes + 1;  // huge: out of range, reported by the rules
            else
                errors[at + ".minutes"] = "reports.not_integer";
        }
        if (with_actions) {
            m.actions = body_text(a[i], "actions", errors);
            if (errors.count("actions")) { errors[at + ".actions"] = errors["actions"]; errors.erase("actions"); }
        }
        out.push_back(std::move(m));
    }
    return out;
}

std::optional<bool> body_bool(const nlohmann::json& body, const std::string& field, FieldMap& errors) {
    if (!body.contains(field) || body[field].is_null()) return std::nullopt;
    if (!body[field].is_boolean()) { errors[field] = "reports.not_boolean"; return std::nullopt; }
    return body[field].get<bool>();
}

nlohmann::json json_body(const Ctx& ctx, bool required) {
    if (!required && ctx.req.body.empty()) return nlohmann::json::object();
    auto body = ctx.req.json();
    if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
    return body;
}

void throw_if_any(const FieldMap& errors) {
    if (!errors.empty()) throw Invalid(errors, "validation.failed");
}

ServiceReportInput service_input_from_json(const nlohmann::json& body) {
    FieldMap errors;
    ServiceReportInput in;
    in.starting_situation = body_text(body, "starting_situation", errors);
    in.goal = body_text(body, "goal", errors);
    in.concrete_actions = body_text(body, "concrete_actions", errors);
    in.employment_findings = body_text(body, "employment_findings", errors);
    in.follow_up_plan = body_text(body, "follow_up_plan", errors);
    in.follow_up_schedule = body_text(body, "follow_up_schedule", errors);
    in.meetings = body_meetings(body, true, errors);
    throw_if_any(errors);
    return in;
}

BillingReportInput billing_input_from_json(const nlohmann::json& body) {
    FieldMap errors;
    BillingReportInput in;
    in.meetings = body_meetings(body, false, errors);
    in.delivery_confirmed = body_bool(body, "delivery_confirmed", errors).value_or(false);
    auto code = body_text(body, "bonus_code", errors);
    if (!code.empty()) in.bonus_code = code;
    in.bonus_evidence = body_text(body, "bonus_evidence", errors);
    throw_if_any(errors);
    return in;
}

// ---- forms -----------------------------------------------------------------------------------

// Meeting rows of a form: meeting_date / meeting_minutes / meeting_actions repeated in row order;
// a row left empty or ticked "remove" is dropped.
std::vector<Meeting> form_meetings(const http::Form& form, bool with_actions, FieldMap& errors) {
    const auto dates = form.all("meeting_date");
    const auto minutes = form.all("meeting_minutes");
    const auto actions = form.all("meeting_actions");
    const auto removed = form.all("meeting_remove");
    std::vector<Meeting> out;
    const auto n = std::max({dates.size(), minutes.size(), with_actions ? actions.size() : std::size_t{0}});
    if (n > kMaxMeetings + 10) { errors["meetings"] = "reports.too_many_meetings"; return out; }
    for (std::size_t i = 0; i < n; ++i) {
        if (std::find(removed.begin(), removed.end(), std::to_string(i)) != removed.end()) continue;
        Meeting m;
        m.date = i < dates.size() ? dates[i] : "";
        const std::string min = i < minutes.size() ? minutes[i] : "";
        if (with_actions && i < actions.size()) m.actions = actions[i];
        auto blank = [](const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; };
        if (blank(m.date) && blank(min) && blank(m.actions)) continue;
        m.date = m.date.substr(0, std::min<std::size_t>(m.date.size(), 40));
        const auto at = "meetings." + std::to_string(out.size()) + ".minutes";
        if (!blank(min)) {
            long long v = 0;
            auto [p, ec] = std::from_chars(min.data(), min.data() + min.size(), v);
            if (ec == std::errc::result_out_of_range) m.minutes = kMaxMinutes + 1;
            else if (ec != std::errc() || p != min.data() + min.size()) {
                // Out of range for the rules too, so the rest of the form is still checked.
                errors[at] = "reports.not_integer";
                m.minutes = -1;
            }
            else m.minutes = v;
        }
        out.push_back(std::move(m));
    }
    return out;
}

ServiceReportInput service_input_from_form(const http::Form& f, FieldMap& errors) {
    ServiceReportInput in;
    in.starting_situation = f.get("starting_situation");
    in.goal = f.get("goal");
    in.concrete_actions = f.get("concrete_actions");
    in.employment_findings = f.get("employment_findings");
    in.follow_up_plan = f.get("follow_up_plan");
    in.follow_up_schedule = f.get("follow_up_schedule");
    in.meetings = form_meetings(f, true, errors);
    return in;
}

BillingReportInput billing_input_from_form(const http::Form& f, FieldMap& errors) {
    BillingReportInput in;
    in.meetings = form_meetings(f, false, errors);
    in.delivery_confirmed = f.get("delivery_confirmed") == "1";
    if (auto code = f.get("bonus_code"); !code.empty()) in.bonus_code = code;
    in.bonus_evidence = f.get("bonus_evidence");
    return in;
}

// ---- pages -----------------------------------------------------------------------------------

nlohmann::json order_facts(const Ctx& ctx, const orders::OrderView& o) {
    return {{"id", o.id},
            {"contract_number", o.contract_number.value_or("")},
            {"product", o.product_card_title},
            {"provider", o.provider_name},
            {"customer", o.customer_name},
            {"status_name", ctx.t("order.status." + std::string(orders::to_string(o.status)))}};
}

nlohmann::json meeting_rows(const std::vector<Meeting>& ms, const nlohmann::json& errors, bool with_blank, bool with_actions) {
    nlohmann::json rows = nlohmann::json::array();
    auto err = [&](const std::string& k) { return errors.contains(k) ? errors[k] : nlohmann::json(""); };
    for (std::size_t i = 0; i < ms.size(); ++i) {
        const auto at = "meetings." + std::to_string(i) + ".";
        rows.push_back({{"i", i},
                        {"n", i + 1},
                        {"date", ms[i].date},
                        {"minutes", ms[i].minutes ? std::to_string(*ms[i].minutes) : ""},
                        {"actions", ms[i].actions},
                        {"with_actions", with_actions},
                        {"removable", true},
                        {"err_date", err(at + "date")},
                        {"err_minutes", err(at + "minutes")},
                        {"err_actions", err(at + "actions")}});
    }
    if (with_blank)
        for (std::size_t i = ms.size(); i < ms.size() + 2; ++i)
            rows.push_back({{"i", i}, {"n", i + 1}, {"date", ""}, {"minutes", ""}, {"actions", ""},
                            {"with_actions", with_actions}, {"removable", false}, {"err_date", ""},
                            {"err_minutes", ""}, {"err_actions", ""}});
    return rows;
}

nlohmann::json status_view(const Ctx& ctx, const std::string& status, const std::string& due_on, bool overdue) {
    return {{"status", status},
            {"status_name", ctx.t("reports.status." + status)},
            {"due_on", due_on},
            {"due_local", show_date(ctx, due_on)},
            {"overdue", overdue}};
}

Response service_page(Ctx& ctx, const ServiceReportView& v, const std::optional<ServiceReportInput>& entered,
                      const std::map<std::string, std::string>& errors, int status) {
    const bool can_edit = v.ctx.editable && ctx.user && ctx.user->role == Role::provider_user;
    auto report = to_json(v);
    auto errs = translated(ctx, errors);
    auto meetings = entered ? entered->meetings : v.meetings;
    if (entered) {
        report["starting_situation"] = entered->starting_situation;
        report["goal"] = entered->goal;
        report["concrete_actions"] = entered->concrete_actions;
        report["employment_findings"] = entered->employment_findings;
        report["follow_up_plan"] = entered->follow_up_plan;
        report["follow_up_schedule"] = entered->follow_up_schedule;
    }
    report["total_minutes"] = total_minutes(meetings);
    nlohmann::json data = {{"title", ctx.t("reports.service.title")},
                           {"order", order_facts(ctx, v.ctx.order)},
                           {"report", report},
                           {"state", status_view(ctx, v.row.status, v.ctx.due_on, v.ctx.overdue)},
                           {"meetings", meeting_rows(meetings, errs, can_edit, true)},
                           {"has_meetings", !meetings.empty()},
                           {"can_edit", can_edit},
                           {"errors", errs},
                           {"today", v.ctx.today},
                           {"earliest", v.ctx.earliest}};
    if (!errors.empty()) data["alert"] = ctx.t("validation.failed");
    return ctx.page("service_report", data, status);
}

Response billing_page(Ctx& ctx, const BillingReportView& v, const std::optional<BillingReportInput>& entered,
                      const std::map<std::string, std::string>& errors, int status) {
    const bool can_edit = v.ctx.editable && ctx.user && ctx.user->role == Role::provider_user;
    const bool can_decide = v.decidable && ctx.user && !access_denied_status(Action::billing_report_decide, ctx.user);
    auto report = to_json(v);
    auto errs = translated(ctx, errors);
    auto meetings = entered ? entered->meetings : v.meetings;
    const auto chosen = entered ? entered->bonus_code : v.row.bonus_code;
    if (entered) {
        report["delivery_confirmed"] = entered->delivery_confirmed;
        report["bonus_evidence_entered"] = entered->bonus_evidence;
    } else {
        report["bonus_evidence_entered"] = v.row.bonus_evidence;
    }
    const auto minutes = total_minutes(meetings);
    report["total_minutes"] = minutes;
    report["over_cap"] = over_cap(v.price_model, minutes);
    report["hours"] = std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
    nlohmann::json bonuses = nlohmann::json::array();
    for (const auto& b : v.price_model.bonuses)
        bonuses.push_back({{"code", b.code}, {"amount", money(ctx, b.amount.cents())}, {"evidence", b.evidence},
                           {"selected", chosen == std::optional<std::string>(b.code)}});
    if (v.row.bonus_code) {
        report["bonus_status_name"] = ctx.t("reports.bonus_status." + v.row.bonus_status.value_or("none"));
        if (const auto* b = procurement::find_bonus(v.price_model, *v.row.bonus_code))
            report["bonus_amount"] = money(ctx, b->amount.cents());
    }
    if (const auto* h = std::get_if<procurement::HourlyRate>(&v.price_model.base)) {
        report["rate"] = money(ctx, h->rate.cents());
        report["cap"] = money(ctx, h->cap.cents());
    }
    nlohmann::json data = {{"title", ctx.t("reports.billing.title")},
                           {"order", order_facts(ctx, v.ctx.order)},
                           {"report", report},
                           {"hourly", is_hourly(v.price_model)},
                           {"bonuses", bonuses},
                           {"has_bonuses", !bonuses.empty()},
                           {"state", status_view(ctx, v.row.status, v.ctx.due_on, v.ctx.overdue)},
                           {"meetings", meeting_rows(meetings, errs, can_edit, false)},
                           {"has_meetings", !meetings.empty()},
                           {"can_edit", can_edit},
                           {"can_decide", can_decide},
                           {"errors", errs},
                           {"today", v.ctx.today},
                           {"earliest", v.ctx.earliest}};
    if (!errors.empty()) data["alert"] = ctx.t("validation.failed");
    return ctx.page("billing_report", data, status);
}

nlohmann::json provider_summary_view(const Ctx& ctx, nlohmann::json s) {
    for (auto& o : s["orders"]) {
        o["status_name"] = ctx.t("order.status." + o["status"].get<std::string>());
        o["sum"] = money(ctx, o["sum_cents"].get<std::int64_t>());
    }
    s["orders_total"]["sum"] = money(ctx, s["orders_total"]["sum_cents"].get<std::int64_t>());
    for (auto& p : s["reports"]["pending"]) {
        p["kind_name"] = ctx.t("reports.kind." + p["kind"].get<std::string>());
        p["status_name"] = ctx.t("reports.status." + p["status"].get<std::string>());
        p["due_local"] = show_date(ctx, p["due_on"].get<std::string>());
    }
    for (auto& i : s["invoices"]) {
        i["status_name"] = ctx.t("reports.invoice_status." + i["status"].get<std::string>());
        i["sum"] = money(ctx, i["sum_cents"].get<std::int64_t>());
    }
    s["payments"]["sum"] = money(ctx, s["payments"]["sum_cents"].get<std::int64_t>());
    s["has_orders"] = !s["orders"].empty();
    s["has_pending"] = !s["reports"]["pending"].empty();
    s["has_invoices"] = !s["invoices"].empty();
    return s;
}

// A provider user sees only its own provider; others' look like they do not exist.
std::int64_t summary_provider(const Ctx& ctx, std::optional<std::int64_t> requested) {
    const auto& who = ctx.who();
    if (who.role == Role::provider_user) {
        if (!who.provider_id || (requested && *requested != *who.provider_id)) throw NotFound("reports.provider_not_found");
        return *who.provider_id;
    }
    if (!requested) throw NotFound("reports.provider_not_found");
    return *requested;
}

std::optional<std::string> status_filter(const Ctx& ctx) {
    auto s = ctx.req.query_param("status");
    if (s.empty()) return std::nullopt;
    if (std::find(kBillingStatuses.begin(), kBillingStatuses.end(), s) == kBillingStatuses.end())
        throw UserError(400, "validation.failed", "validation.bad_query", {{"status", "reports.unknown_status"}});
    return s;
}

nlohmann::json billing_item_json(const BillingListItem& b, const std::string& today) {
    const auto ms = meetings_from_json(b.meetings_json, false);
    return {{"order_id", b.order_id},
            {"status", b.status},
            {"provider", {{"id", b.provider_id}, {"name", b.provider_name}}},
            {"contract_number", b.contract_number ? nlohmann::json(*b.contract_number) : nlohmann::json(nullptr)},
            {"product", b.product_title},
            {"customer", b.customer_name},
            {"total_minutes", total_minutes(ms)},
            {"delivery_confirmed", b.delivery_confirmed},
            {"bonus_code", b.bonus_code ? nlohmann::json(*b.bonus_code) : nlohmann::json(nullptr)},
            {"bonus_status", b.bonus_status ? nlohmann::json(*b.bonus_status) : nlohmann::json(nullptr)},
            {"due_on", b.due_on},
            {"overdue", !b.submitted_at && b.due_on < today},
            {"submitted_at", b.submitted_at ? nlohmann::json(*b.submitted_at) : nlohmann::json(nullptr)}};
}

}  // namespace

nlohmann::json order_panel(db::Connection& c, const orders::OrderView& o, const web::Ctx& ctx) {
    using S = orders::OrderStatus;
    if (o.status != S::ended && o.status != S::reported && o.status != S::invoiced && o.status != S::paid)
        return nullptr;
    const auto r = order_reports(c, o.id);
    if (!r) return nullptr;
    const auto today = local_date(ctx.clock.now());
    const auto pend = pending_reports({*r}, today);
    // Readers: provider, organizer and counsellor (service report only); the customer sees no panel.
    const bool readable = ctx.user && !access_denied_status(Action::report_read, ctx.user);
    if (!readable) return nullptr;
    nlohmann::json items = nlohmann::json::array();
    auto add = [&](const std::string& kind, const std::optional<std::string>& status, const std::optional<std::string>& due) {
        if (kind == "billing" && ctx.user->role == Role::counsellor) return;
        const auto d = due.value_or(due_on_for(r->ended_at, r->updated_at));
        bool overdue = false;
        for (const auto& p : pend)
            if (p.kind == kind) overdue = p.overdue;
        auto v = status_view(ctx, status.value_or("not_started"), d, overdue);
        v["kind"] = kind;
        v["kind_name"] = ctx.t("reports.kind." + kind);
        v["link"] = "/orders/" + std::to_string(o.id) + "/" + kind + "-report";
        items.push_back(v);
    };
    add("service", r->service_status, r->service_due_on);
    add("billing", r->billing_status, r->billing_due_on);
    return {{"items", items}, {"any_overdue", std::any_of(pend.begin(), pend.end(), [](auto& p) { return p.overdue; })}};
}

void register_routes(web::Routes& routes, db::Database& db, std::shared_ptr<ReportsService> service) {
    // ---- service report ----
    routes.get("/orders/{id}/service-report", Action::report_read, [service](Ctx& ctx) {
        return service_page(ctx, service->service_report(ctx.who(), order_id(ctx)), std::nullopt, {}, 200);
    });
    routes.post("/orders/{id}/service-report", Action::report_edit, [service](Ctx& ctx) {
        const auto id = order_id(ctx);
        const auto& form = ctx.req.form();
        const bool submit = form.get("op") == "submit";
        FieldMap errors;
        auto in = service_input_from_form(form, errors);
        try {
            if (errors.count("meetings")) throw Invalid(errors, "validation.failed");
            service->save_service_report(ctx.who(), id, in, submit);
        } catch (const Invalid& e) {
            // The form's own parse errors (a number that is not one) win over the rules' wording.
            auto all = e.field_errors;
            for (const auto& [k, v] : errors) all[k] = v;
            return service_page(ctx, service->service_report(ctx.who(), id), in, all, 422);
        }
        return Response::redirect("/orders/" + std::to_string(id) + "/service-report" + (submit ? "?submitted=1" : "?saved=1"));
    });
    routes.get("/api/v1/orders/{id}/service-report", Action::report_read, [service](Ctx& ctx) {
        return Response::json(to_json(service->service_report(ctx.who(), order_id(ctx))));
    });
    routes.add("PUT", "/api/v1/orders/{id}/service-report", Action::report_edit, [service](Ctx& ctx) {
        const auto id = order_id(ctx);
        auto in = service_input_from_json(json_body(ctx, true));
        return Response::json(to_json(service->save_service_report(ctx.who(), id, in, false)));
    });
    routes.post("/api/v1/orders/{id}/service-report/submit", Action::report_edit, [service](Ctx& ctx) {
        const auto id = order_id(ctx);
        return Response::json(to_json(service->save_service_report(ctx.who(), id, std::nullopt, true)));
    });

    // ---- billing report ----
    routes.get("/orders/{id}/billing-report", Action::report_read, [service](Ctx& ctx) {
        return billing_page(ctx, service->billing_report(ctx.who(), order_id(ctx)), std::nullopt, {}, 200);
    });
    routes.post("/orders/{id}/billing-report", Action::report_edit, [service](Ctx& ctx) {
        const auto id = order_id(ctx);
        const auto& form = ctx.req.form();
        const bool submit = form.get("op") == "submit";
        FieldMap errors;
        auto in = billing_input_from_form(form, errors);
        try {
            if (errors.count("meetings")) throw Invalid(errors, "validation.failed");
            service->save_billing_report(ctx.who(), id, in, submit);
        } catch (const Invalid& e) {
            // The form's own parse errors (a number that is not one) win over the rules' wording.
            auto all = e.field_errors;
            for (const auto& [k, v] : errors) all[k] = v;
            return billing_page(ctx, service->billing_report(ctx.who(), id), in, all, 422);
        }
        return Response::redirect("/orders/" + std::to_string(id) + "/billing-report" + (submit ? "?submitted=1" : "?saved=1"));
    });
    routes.post("/orders/{id}/billing-report/approve", Action::billing_report_decide, [service](Ctx& ctx) {
        const auto id = order_id(ctx);
        const auto v = ctx.req.form().get("bonus_approved");
        std::optional<bool> bonus;
        if (v == "yes") bonus = true;
        else if (v == "no") bonus = false;
        try {
            service->approve_billing_report(ctx.who(), id, bonus);
        } catch (const Invalid& e) {
            return billing_page(ctx, service->billing_report(ctx.who(), id), std::nullopt, e.field_errors, 422);
        }
        return Response::redirect("/orders/" + std::to_string(id) + "/billing-report");
    });
    routes.post("/orders/{id}/billing-report/return", Action::billing_report_decide, [service](Ctx& ctx) {
        const auto id = order_id(ctx);
        try {
            service->return_billing_report(ctx.who(), id, ctx.req.form().get("reason"));
        } catch (const Invalid& e) {
            auto page = billing_page(ctx, service->billing_report(ctx.who(), id), std::nullopt, e.field_errors, 422);
            return page;
        }
        return Response::redirect("/orders/" + std::to_string(id) + "/billing-report");
    });
    routes.get("/api/v1/orders/{id}/billing-report", Action::report_read, [service](Ctx& ctx) {
        return Response::json(to_json(service->billing_report(ctx.who(), order_id(ctx))));
    });
    routes.add("PUT", "/api/v1/orders/{id}/billing-report", Action::report_edit, [service](Ctx& ctx) {
        const auto id = order_id(ctx);
        auto in = billing_input_from_json(json_body(ctx, true));
        return Response::json(to_json(service->save_billing_report(ctx.who(), id, in, false)));
    });
    routes.post("/api/v1/orders/{id}/billing-report/submit", Action::report_edit, [service](Ctx& ctx) {
        const auto id = order_id(ctx);
        return Response::json(to_json(service->save_billing_report(ctx.who(), id, std::nullopt, true)));
    });
    routes.post("/api/v1/orders/{id}/billing-report/approve", Action::billing_report_decide, [service](Ctx& ctx) {
        const auto id = order_id(ctx);
        auto body = json_body(ctx, false);
        FieldMap errors;
        auto bonus = body_bool(body, "bonus_approved", errors);
        throw_if_any(errors);
        return Response::json(to_json(service->approve_billing_report(ctx.who(), id, bonus)));
    });
    routes.post("/api/v1/orders/{id}/billing-report/return", Action::billing_report_decide, [service](Ctx& ctx) {
        const auto id = order_id(ctx);
        auto body = json_body(ctx, true);
        FieldMap errors;
        auto reason = body_text(body, "reason", errors);
        throw_if_any(errors);
        return Response::json(to_json(service->return_billing_report(ctx.who(), id, reason)));
    });

    // ---- the organizer's billing list ----
    routes.get("/admin/billing-reports", Action::billing_report_decide, [&db, service](Ctx& ctx) {
        const auto today = local_date(ctx.clock.now());
        std::optional<std::string> status;
        nlohmann::json data = {{"title", ctx.t("reports.billing_list.title")}};
        int code = 200;
        try {
            status = status_filter(ctx);
        } catch (const UserError& e) {
            data["errors"] = translated(ctx, e.field_errors);
            data["alert"] = ctx.t("validation.bad_query");
            code = 400;
        }
        nlohmann::json statuses = nlohmann::json::array();
        for (const auto& s : kBillingStatuses)
            statuses.push_back({{"code", s}, {"name", ctx.t("reports.status." + s)}, {"selected", status == std::optional(s)}});
        data["statuses"] = statuses;
        nlohmann::json items = nlohmann::json::array();
        std::int64_t total = 0;
        if (code == 200) {
            auto paging = web::parse_paging(ctx, 50, 100);
            auto lease = db.acquire();
            for (const auto& b : list_billing_reports(*lease, status, paging.page_size, paging.offset())) {
                auto j = billing_item_json(b, today);
                j["status_name"] = ctx.t("reports.status." + b.status);
                j["due_local"] = show_date(ctx, b.due_on);
                items.push_back(j);
            }
            total = count_billing_reports(*lease, status);
        }
        data["has_items"] = !items.empty();
        data["items"] = items;
        data["total"] = total;
        return ctx.page("billing_report_list", data, code);
    });
    routes.get("/api/v1/billing-reports", Action::billing_report_decide, [&db](Ctx& ctx) {
        const auto today = local_date(ctx.clock.now());
        auto status = status_filter(ctx);
        auto paging = web::parse_paging(ctx);
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& b : list_billing_reports(*lease, status, paging.page_size, paging.offset()))
            items.push_back(billing_item_json(b, today));
        return Response::json(web::list_envelope(items, count_billing_reports(*lease, status), paging));
    });

    // ---- timeliness ----
    routes.get("/admin/reports/timeliness", Action::report_timeliness, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        auto t = timeliness_json(*lease, local_date(ctx.clock.now()));
        for (auto& p : t["providers"]) {
            // One decimal, rounded, with the language's decimal mark ("1,5" in Finnish).
            const auto tenths = std::llround(p["average_days_late"].get<double>() * 10);
            p["average"] = std::to_string(tenths / 10) + (ctx.lang == "en" ? "." : ",") + std::to_string(tenths % 10);
            p["has_overdue"] = p["overdue"].get<std::int64_t>() > 0;
        }
        t["title"] = ctx.t("reports.timeliness.title");
        t["has_providers"] = !t["providers"].empty();
        return ctx.page("report_timeliness", t);
    });
    routes.get("/api/v1/reports/timeliness", Action::report_timeliness, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        return Response::json(timeliness_json(*lease, local_date(ctx.clock.now())));
    });

    // ---- provider summary ----
    const auto summary_page = [&db](Ctx& ctx, std::optional<std::int64_t> requested) {
        const auto id = summary_provider(ctx, requested);
        auto lease = db.acquire();
        if (!provider_name(*lease, id)) throw NotFound("reports.provider_not_found");
        auto s = provider_summary_view(ctx, provider_summary_json(*lease, id, local_date(ctx.clock.now())));
        s["title"] = ctx.t("reports.summary.title");
        return ctx.page("provider_summary", s);
    };
    routes.get("/provider/summary", Action::provider_summary,
               [summary_page](Ctx& ctx) { return summary_page(ctx, std::nullopt); });
    routes.get("/admin/providers/{id}/summary", Action::provider_summary, [summary_page](Ctx& ctx) {
        auto id = web::id_param(ctx);
        if (!id) throw NotFound("reports.provider_not_found");
        return summary_page(ctx, *id);
    });
    routes.get("/api/v1/providers/{id}/summary", Action::provider_summary, [&db](Ctx& ctx) {
        auto requested = web::id_param(ctx);
        if (!requested) throw NotFound("reports.provider_not_found");
        const auto id = summary_provider(ctx, *requested);
        auto lease = db.acquire();
        if (!provider_name(*lease, id)) throw NotFound("reports.provider_not_found");
        return Response::json(provider_summary_json(*lease, id, local_date(ctx.clock.now())));
    });
}

}  // namespace pt::reports
