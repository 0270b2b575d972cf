#include "invoicing/http/invoice_routes.hpp"

#include <algorithm>
#include <charconv>

#include "core/errors.hpp"
#include "invoicing/data/invoice_export_queries.hpp"
#include "invoicing/domain/amounts.hpp"
#include "invoicing/domain/numbering.hpp"
#include "invoicing/domain/reference.hpp"

namespace pt::invoicing {

using http::Response;
using web::Ctx;

namespace {

const std::vector<std::string> kStatuses{"sent", "approved", "disputed", "paid", "credited"};

std::int64_t invoice_id(const Ctx& ctx) {
    auto id = web::id_param(ctx);
    if (!id) throw NotFound("invoice.not_found");
    return *id;
}

// The list's filters; errors are field -> i18n key.
struct ListQuery {
    InvoiceFilter filter;
    std::map<std::string, std::string> errors;
};

ListQuery list_query(const Ctx& ctx) {
    ListQuery q;
    const auto single = [&](const char* name) -> std::optional<std::string> {
        const auto n = ctx.req.query.count(name);
        if (n == 0) return std::nullopt;
        if (n > 1) {
            q.errors[name] = "validation.repeated";
            return std::nullopt;
        }
        auto v = ctx.req.query_param(name);
        if (v.empty()) return std::nullopt;
        return v;
    };
    if (auto m = single("month")) {
        if (!parse_month(*m)) q.errors["month"] = "invoice.month.invalid";
        else q.filter.month = *m;
    }
    if (auto s = single("status")) {
        if (std::find(kStatuses.begin(), kStatuses.end(), *s) == kStatuses.end()) q.errors["status"] = "invoices.filter_status_invalid";
        else q.filter.status = *s;
    }
    if (auto k = single("kind")) {
        if (*k != "invoice" && *k != "credit_note") q.errors["kind"] = "invoices.filter_kind_invalid";
        else q.filter.kind = *k;
    }
    if (auto p = single("provider_id")) {
        std::int64_t v = 0;
        auto [ptr, ec] = std::from_chars(p->data(), p->data() + p->size(), v);
        if (ec != std::errc() || ptr != p->data() + p->size() || v <= 0) q.errors["provider_id"] = "validation.not_an_id";
        else q.filter.provider_id = v;
    }
    return q;
}

nlohmann::json translate(const Ctx& ctx, const std::map<std::string, std::string>& errors) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, v] : errors) out[k] = ctx.t(v);
    return out;
}

std::string status_name(const Ctx& ctx, const std::string& s) { return ctx.t("invoice.status." + s); }

nlohmann::json row_view(const Ctx& ctx, const InvoiceRow& r) {
    auto j = to_json(r);
    j["status_name"] = status_name(ctx, r.status);
    j["kind_name"] = ctx.t("invoice.kind." + std::string(to_string(r.kind)));
    j["is_credit_note"] = r.kind == DocumentKind::credit_note;
    j["gross"] = r.gross.format(ctx.lang);
    j["net"] = r.net.format(ctx.lang);
    j["vat"] = r.vat.format(ctx.lang);
    j["issue_date_local"] = finnish_date(r.issue_date);
    j["due_date_local"] = finnish_date(r.due_date);
    return j;
}

nlohmann::json sums_view(const Ctx& ctx, const std::vector<StatusSum>& sums) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : kStatuses) {
        StatusSum found{s, 0, Money{}};
        for (const auto& x : sums)
            if (x.status == s) found = x;
        out.push_back({{"status", s}, {"status_name", status_name(ctx, s)}, {"count", found.count},
                       {"gross_cents", found.gross.cents()}, {"gross", found.gross.format(ctx.lang)}});
    }
    return out;
}

nlohmann::json sums_json(const std::vector<StatusSum>& sums) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& s : kStatuses) {
        StatusSum found{s, 0, Money{}};
        for (const auto& x : sums)
            if (x.status == s) found = x;
        out[s] = {{"count", found.count}, {"gross_cents", found.gross.cents()}};
    }
    return out;
}

std::string rate_text(int bp, const std::string& lang) {
    std::string s = std::to_string(bp / 100);
    if (bp % 100) {
        std::string f = std::to_string(bp % 100);
        if (f.size() < 2) f.insert(0, "0");
        if (f.back() == '0') f.pop_back();
        s += (lang == "en" ? "." : ",") + f;
    }
    return s + " %";
}

std::string quantity_text(std::int64_t milli, const std::string& lang) {
    auto s = format_hours_fi(milli);
    if (lang == "en")
        for (auto& ch : s)
            if (ch == ',') ch = '.';
    return s;
}

nlohmann::json party_view(const Party& p) {
    return {{"name", p.name}, {"business_id", p.business_id}, {"ovt", p.ovt}, {"einvoice_operator", p.einvoice_operator},
            {"street_address", p.street_address}, {"postal_code", p.postal_code}, {"post_office", p.post_office},
            {"iban", p.iban}};
}

// The full invoice for the API and the printable page.
nlohmann::json detail_json(const InvoiceRow& r, const Invoice& inv) {
    auto j = to_json(r);
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& l : inv.lines)
        lines.push_back({{"line_no", l.line_no},
                         {"description", l.description},
                         {"quantity_milli", l.quantity_milli},
                         {"unit_code", l.unit_code},
                         {"unit_price_cents", l.unit_price.cents()},
                         {"net_cents", l.net.cents()},
                         {"vat_rate_bp", l.vat_rate_bp},
                         {"vat_category", std::string(code_of(l.vat_category))},
                         {"bonus_code", l.bonus_code ? nlohmann::json(*l.bonus_code) : nlohmann::json(nullptr)}});
    nlohmann::json vat = nlohmann::json::array();
    for (const auto& g : inv.vat)
        vat.push_back({{"vat_category", std::string(code_of(g.category))},
                       {"vat_rate_bp", g.vat_rate_bp},
                       {"taxable_cents", g.taxable.cents()},
                       {"tax_cents", g.tax.cents()},
                       {"exemption_reason", g.exemption_reason}});
    j["lines"] = lines;
    j["vat_breakdown"] = vat;
    j["seller"] = party_view(inv.seller);
    j["buyer"] = party_view(inv.buyer);
    return j;
}

Response invoice_page(Ctx& ctx, db::Database& db, std::int64_t id, const std::string& alert = "", int status = 200,
                      const std::map<std::string, std::string>& errors = {}, const std::string& reason = "",
                      const std::string& form = "") {
    auto lease = db.acquire();
    auto row = find_invoice(*lease, id, ctx.who());
    if (!row) throw NotFound("invoice.not_found");
    auto inv = *load_invoice(*lease, id);
    auto j = row_view(ctx, *row);
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& l : inv.lines)
        lines.push_back({{"line_no", l.line_no},
                         {"description", l.description},
                         {"quantity", quantity_text(l.quantity_milli, ctx.lang)},
                         {"unit", ctx.t("invoice.unit_code." + l.unit_code)},
                         {"unit_price", l.unit_price.format(ctx.lang)},
                         {"net", l.net.format(ctx.lang)},
                         {"vat_rate", rate_text(l.vat_rate_bp, ctx.lang)},
                         {"is_bonus", l.bonus_code.has_value()}});
    nlohmann::json vat = nlohmann::json::array();
    for (const auto& g : inv.vat)
        vat.push_back({{"category", std::string(code_of(g.category))},
                       {"category_name", ctx.t("invoice.vat_code." + std::string(code_of(g.category)))},
                       {"rate", rate_text(g.vat_rate_bp, ctx.lang)},
                       {"taxable", g.taxable.format(ctx.lang)},
                       {"tax", g.tax.format(ctx.lang)},
                       {"exemption_reason", g.exemption_reason}});
    j["lines"] = lines;
    j["vat_breakdown"] = vat;
    j["seller"] = party_view(inv.seller);
    j["buyer"] = party_view(inv.buyer);
    j["reference_printed"] = print_reference(inv.reference_number);
    const auto role = ctx.who().role;
    const bool organizer = role == Role::organizer_admin || role == Role::finance_officer;
    j["can_decide"] = organizer && row->kind == DocumentKind::invoice && row->status == "sent";
    j["can_credit"] = organizer && row->kind == DocumentKind::invoice && (row->status == "approved" || row->status == "paid");
    // Payments are recorded on their own page (payment_routes): linked while the invoice takes them.
    j["can_pay"] = organizer && row->kind == DocumentKind::invoice && row->status == "approved";
    j["shows_payments"] = organizer && row->kind == DocumentKind::invoice;
    j["is_organizer_view"] = organizer;
    return ctx.page("invoice",
                    {{"title", ctx.t(row->kind == DocumentKind::credit_note ? "invoice.credit_note_title" : "invoice.title") +
                                   " " + row->number},
                     {"invoice", j},
                     {"alert", alert},
                     {"errors", translate(ctx, errors)},
                     {"reason", reason},
                     {"form_" + (form.empty() ? std::string("none") : form), true}},
                    status);
}

// After a run (redirect): "skipped=12:unknown_bonus,34:price_model"; anything else is ignored.
nlohmann::json skipped_view(const Ctx& ctx) {
    static const std::vector<std::string> reasons = {"price_model", "unknown_bonus", "nothing_to_bill", "bad_meetings", "other"};
    nlohmann::json out = nlohmann::json::array();
    const auto text = ctx.req.query_param("skipped");
    std::size_t at = 0;
    while (at < text.size() && out.size() < 200) {
        auto end = text.find(',', at);
        if (end == std::string::npos) end = text.size();
        const auto item = text.substr(at, end - at);
        at = end + 1;
        const auto colon = item.find(':');
        if (colon == std::string::npos) continue;
        std::int64_t id = 0;
        auto [ptr, ec] = std::from_chars(item.data(), item.data() + colon, id);
        const auto reason = item.substr(colon + 1);
        if (ec != std::errc() || ptr != item.data() + colon || id <= 0) continue;
        if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) continue;
        out.push_back({{"order_id", id}, {"message", ctx.t("invoices.skipped.reason." + reason)}});
    }
    return out;
}

Response admin_list_page(Ctx& ctx, db::Database& db, InvoiceService& service, const std::string& alert = "",
                         int status = 200, const std::map<std::string, std::string>& run_errors = {},
                         const std::string& run_month = "") {
    auto q = list_query(ctx);
    nlohmann::json statuses = nlohmann::json::array();
    for (const auto& s : kStatuses)
        statuses.push_back({{"code", s}, {"name", status_name(ctx, s)}, {"selected", ctx.req.query_param("status") == s}});
    auto lease = db.acquire();
    nlohmann::json providers = nlohmann::json::array();
    for (const auto& r : lease->query("SELECT DISTINCT p.id, p.name FROM providers p JOIN invoices i ON i.provider_id = p.id "
                                      "ORDER BY p.name"))
        providers.push_back({{"id", r.i64(0)}, {"name", r.str(1)},
                             {"selected", ctx.req.query_param("provider_id") == std::to_string(r.i64(0))}});
    nlohmann::json data = {{"title", ctx.t("invoices.admin_title")},
                           {"statuses", statuses},
                           {"providers", providers},
                           {"month", ctx.req.query_param("month")},
                           {"run_month", run_month.empty() ? service.default_month() : run_month},
                           {"run_errors", translate(ctx, run_errors)},
                           {"alert", alert}};
    data["skipped"] = skipped_view(ctx);
    data["has_skipped"] = !data["skipped"].empty();
    if (!q.errors.empty()) {
        data["errors"] = translate(ctx, q.errors);
        data["alert"] = ctx.t("validation.bad_query");
        data["invoices"] = nlohmann::json::array();
        data["total"] = 0;
        return ctx.page("admin_invoices", data, 400);
    }
    auto paging = web::parse_paging(ctx, 50, 100);
    q.filter.limit = paging.page_size;
    q.filter.offset = paging.offset();
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : list_invoices(*lease, ctx.who(), q.filter)) items.push_back(row_view(ctx, r));
    data["has_invoices"] = !items.empty();
    data["invoices"] = items;
    data["total"] = count_invoices(*lease, ctx.who(), q.filter);
    data["sums"] = sums_view(ctx, sums_by_status(*lease, ctx.who(), q.filter));
    data["has_sums"] = true;
    return ctx.page("admin_invoices", data, status);
}

// The JSON body's "reason": required text.
std::string json_reason(const Ctx& ctx) {
    auto body = ctx.req.json();
    if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
    if (!body.contains("reason") || body["reason"].is_null()) return "";
    if (!body["reason"].is_string()) throw Invalid({{"reason", "validation.not_text"}}, "validation.failed");
    return body["reason"].get<std::string>();
}

nlohmann::json run_json(const Ctx& ctx, const RunResult& r) {
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& s : r.skipped)
        skipped.push_back({{"order_id", s.order_id}, {"reason", s.reason},
                           {"message", ctx.t("invoices.skipped.reason." + s.reason)}});
    return {{"month", r.month},
            {"run_id", r.run_id ? nlohmann::json(*r.run_id) : nlohmann::json(nullptr)},
            {"invoice_count", r.invoice_ids.size()},
            {"invoice_ids", r.invoice_ids},
            {"skipped", skipped}};
}

}  // namespace

void register_invoice_routes(web::Routes& routes, db::Database& db, std::shared_ptr<InvoiceService> service) {
    auto& svc = *service;
    routes.get("/admin/invoices", Action::invoice_run,
               [&db, service](Ctx& ctx) { return admin_list_page(ctx, db, *service); });

    routes.post("/admin/invoices/run", Action::invoice_run, [&db, service](Ctx& ctx) {
        auto month = ctx.req.form().get("month");
        if (month.empty()) month = service->default_month();
        if (auto err = service->month_error(month))
            return admin_list_page(ctx, db, *service, ctx.t("validation.failed"), 422, {{"month", *err}}, month);
        auto r = service->run(ctx.who(), month);
        // The list filters by issue date: the new invoices are in today's month, not the run's.
        std::string to = "/admin/invoices?month=" + r.issue_month + "&created=" + std::to_string(r.invoice_ids.size());
        if (!r.skipped.empty()) {
            to += "&skipped=";
            for (std::size_t i = 0; i < r.skipped.size(); ++i)
                to += (i ? "," : "") + std::to_string(r.skipped[i].order_id) + ":" + r.skipped[i].reason;
        }
        return Response::redirect(to);
    });

    routes.get("/provider/invoices", Action::invoice_read, [&db](Ctx& ctx) {
        auto q = list_query(ctx);
        auto lease = db.acquire();
        nlohmann::json data = {{"title", ctx.t("invoices.provider_title")}};
        if (!q.errors.empty()) {
            data["errors"] = translate(ctx, q.errors);
            data["alert"] = ctx.t("validation.bad_query");
            return ctx.page("provider_invoices", data, 400);
        }
        q.filter.limit = 200;
        nlohmann::json items = nlohmann::json::array();
        for (const auto& r : list_invoices(*lease, ctx.who(), q.filter)) items.push_back(row_view(ctx, r));
        data["has_invoices"] = !items.empty();
        data["invoices"] = items;
        data["sums"] = sums_view(ctx, sums_by_status(*lease, ctx.who(), q.filter));
        data["has_sums"] = true;
        return ctx.page("provider_invoices", data);
    });

    routes.get("/invoices/{id}", Action::invoice_read, [&db](Ctx& ctx) { return invoice_page(ctx, db, invoice_id(ctx)); });

    routes.post("/invoices/{id}/approve", Action::invoice_decide, [&svc](Ctx& ctx) {
        auto id = invoice_id(ctx);
        svc.approve(ctx.who(), id);
        return Response::redirect("/invoices/" + std::to_string(id));
    });

    routes.post("/invoices/{id}/dispute", Action::invoice_decide, [&db, &svc](Ctx& ctx) {
        auto id = invoice_id(ctx);
        auto reason = ctx.req.form().get("reason");
        if (auto err = reason_error_key(reason))
            return invoice_page(ctx, db, id, ctx.t("validation.failed"), 422, {{"reason", *err}}, reason, "dispute");
        svc.dispute(ctx.who(), id, reason);
        return Response::redirect("/invoices/" + std::to_string(id));
    });

    routes.post("/invoices/{id}/credit", Action::invoice_credit, [&db, &svc](Ctx& ctx) {
        auto id = invoice_id(ctx);
        auto reason = ctx.req.form().get("reason");
        if (auto err = reason_error_key(reason))
            return invoice_page(ctx, db, id, ctx.t("validation.failed"), 422, {{"reason", *err}}, reason, "credit");
        auto note = svc.credit(ctx.who(), id, reason);
        return Response::redirect("/invoices/" + std::to_string(note.id));
    });

    routes.get("/api/v1/invoices", Action::invoice_read, [&db](Ctx& ctx) {
        auto q = list_query(ctx);
        if (!q.errors.empty()) throw UserError(400, "validation.failed", "validation.bad_query", q.errors);
        auto paging = web::parse_paging(ctx);
        q.filter.limit = paging.page_size;
        q.filter.offset = paging.offset();
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& r : list_invoices(*lease, ctx.who(), q.filter)) items.push_back(to_json(r));
        auto body = web::list_envelope(items, count_invoices(*lease, ctx.who(), q.filter), paging);
        body["totals"] = sums_json(sums_by_status(*lease, ctx.who(), q.filter));
        return Response::json(body);
    });

    routes.get("/api/v1/invoices/{id}", Action::invoice_read, [&db](Ctx& ctx) {
        auto id = invoice_id(ctx);
        auto lease = db.acquire();
        auto row = find_invoice(*lease, id, ctx.who());
        if (!row) throw NotFound("invoice.not_found");
        return Response::json(detail_json(*row, *load_invoice(*lease, id)));
    });

    routes.post("/api/v1/invoice-runs", Action::invoice_run, [&svc](Ctx& ctx) {
        std::optional<std::string> month;
        if (!ctx.req.body.empty()) {
            auto body = ctx.req.json();
            if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
            if (body.contains("month") && !body["month"].is_null()) {
                if (!body["month"].is_string()) throw Invalid({{"month", "invoice.month.invalid"}}, "validation.failed");
                month = body["month"].get<std::string>();
            }
        }
        auto r = svc.run(ctx.who(), month);
        return Response::json(run_json(ctx, r), r.invoice_ids.empty() ? 200 : 201);
    });

    routes.post("/api/v1/invoices/{id}/approve", Action::invoice_decide, [&svc](Ctx& ctx) {
        auto id = invoice_id(ctx);
        return Response::json(to_json(svc.approve(ctx.who(), id)));
    });

    routes.post("/api/v1/invoices/{id}/dispute", Action::invoice_decide, [&svc](Ctx& ctx) {
        auto id = invoice_id(ctx);
        return Response::json(to_json(svc.dispute(ctx.who(), id, json_reason(ctx))));
    });

    routes.post("/api/v1/invoices/{id}/credit", Action::invoice_credit, [&svc](Ctx& ctx) {
        auto id = invoice_id(ctx);
        return Response::json(to_json(svc.credit(ctx.who(), id, json_reason(ctx))), 201);
    });
}

}  // namespace pt::invoicing
