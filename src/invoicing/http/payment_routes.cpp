#include "invoicing/http/payment_routes.hpp"

#include <set>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace pt::invoicing {

using http::Response;
using nlohmann::json;
using web::Ctx;

namespace {

constexpr std::size_t kMaxReference = 100;

std::int64_t invoice_id(const Ctx& ctx) {
    auto id = web::id_param(ctx);
    if (!id) throw NotFound("payments.invoice_not_found");
    return *id;
}

// An invoice the caller may see: a provider user only its own provider's (others do not exist).
PayableInvoice visible_invoice(const Ctx& ctx, db::Connection& c, std::int64_t id) {
    auto inv = find_payable_invoice(c, id);
    if (!inv || (ctx.who().role == Role::provider_user && ctx.who().provider_id != inv->provider_id))
        throw NotFound("payments.invoice_not_found");
    return *inv;
}

json row_errors_json(const Ctx& ctx, const std::vector<CsvRowError>& rows) {
    json out = json::array();
    for (const auto& r : rows) out.push_back({{"line", r.line}, {"field", r.field}, {"message", ctx.t(r.key)}});
    return out;
}

std::string status_name(const Ctx& ctx, const std::string& s) { return ctx.t("payments.invoice_status." + s); }

json invoice_view(const Ctx& ctx, const PayableInvoice& inv) {
    auto j = invoice_summary_json(inv);
    j["gross"] = inv.target.gross.format(ctx.lang);
    j["paid"] = inv.target.paid.format(ctx.lang);
    j["open"] = inv.target.open().format(ctx.lang);
    j["status_name"] = status_name(ctx, inv.target.status);
    j["payable"] = inv.target.kind == "invoice" && inv.target.status == "approved";
    return j;
}

json payment_view(const Ctx& ctx, const PaymentRow& p) {
    auto j = to_json(p);
    j["amount"] = p.amount.format(ctx.lang);
    j["source_name"] = ctx.t("payments.source." + p.source);
    j["invoice_url"] = "/admin/invoices/" + std::to_string(p.invoice_id) + "/payments";
    return j;
}

// The manual payment from the form or the API; Invalid with field messages.
PaymentInput read_payment(const Ctx& ctx, const std::string& amount_field, std::optional<Money> amount, bool amount_bad,
                          const std::string& paid_on_raw, const std::string& reference_raw, web::FieldErrors& e) {
    PaymentInput in;
    if (amount_bad) e.add(amount_field, ctx.api ? "payments.amount_cents_format" : "payments.amount_format");
    else if (!amount) e.add(amount_field, "validation.required");
    else if (amount->cents() <= 0) e.add(amount_field, "payments.amount_positive");
    else in.amount = *amount;
    auto date = e.text("paid_on", paid_on_raw, 1, 10);
    if (!e.map().count("paid_on")) {
        in.paid_on = parse_payment_date(date);
        if (in.paid_on.empty()) e.add("paid_on", "payments.date_format");
    }
    in.reference = e.text("reference", reference_raw, 0, kMaxReference);
    return in;
}

Response invoice_payments_page(Ctx& ctx, db::Database& db, std::int64_t id, const json& values,
                               const std::map<std::string, std::string>& errors, const std::string& alert, int status) {
    auto lease = db.acquire();
    auto inv = visible_invoice(ctx, *lease, id);
    json items = json::array();
    for (const auto& p : list_payments(*lease, {.invoice_id = id, .limit = -1})) items.push_back(payment_view(ctx, p));
    return ctx.page("admin_payments_invoice",
                    {{"title", ctx.t("payments.invoice_title") + " " + inv.number},
                     {"invoice", invoice_view(ctx, inv)},
                     {"payments", items},
                     {"has_payments", !items.empty()},
                     {"v", values},
                     {"errors", errors},
                     {"alert", alert},
                     {"saved", ctx.req.query_param("saved") == "1" && status == 200},
                     {"today", to_iso_date(local_day(ctx.clock.now()))}},
                    status);
}

Response list_page(Ctx& ctx, db::Database& db) {
    auto paging = web::parse_paging(ctx, 50);
    auto lease = db.acquire();
    PaymentFilter f{.limit = paging.page_size, .offset = paging.offset()};
    json items = json::array();
    for (const auto& p : list_payments(*lease, f)) items.push_back(payment_view(ctx, p));
    const auto total = count_payments(*lease, f);
    json data = {{"title", ctx.t("payments.title")},
                 {"payments", items},
                 {"has_payments", !items.empty()},
                 {"total", total},
                 {"imported", ctx.req.query_param("imported")}};
    if (paging.offset() + paging.page_size < total) data["next_page"] = paging.page + 1;
    if (paging.page > 1) data["prev_page"] = paging.page - 1;
    return ctx.page("admin_payments", data);
}

Response import_page(Ctx& ctx, const json& rows, const std::string& alert, int status) {
    return ctx.page("admin_payments_import",
                    {{"title", ctx.t("payments.import_title")},
                     {"rows", rows},
                     {"has_rows", !rows.empty()},
                     {"alert", alert},
                     {"max_kib", kMaxCsvBytes / 1024}},
                    status);
}

json import_json(const Ctx& ctx, const ImportResult& r) {
    json payments = json::array();
    json settled = json::array();
    std::int64_t total = 0;
    for (const auto& p : r.payments) {
        payments.push_back(to_json(p.payment));
        total += p.payment.amount.cents();
        if (p.settled) settled.push_back(p.invoice.number);
    }
    (void)ctx;
    return {{"imported", r.payments.size()}, {"total_cents", total}, {"invoices_paid", settled}, {"payments", payments}};
}

bool csv_media_type(const std::string& content_type) {
    auto mt = content_type.substr(0, content_type.find(';'));
    while (!mt.empty() && mt.back() == ' ') mt.pop_back();
    for (auto& ch : mt) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return mt == "text/csv";
}

}  // namespace

void register_payment_routes(web::Routes& routes, db::Database& db, std::shared_ptr<PaymentService> service) {
    routes.get("/admin/payments", Action::payment_record, [&db](Ctx& ctx) { return list_page(ctx, db); });

    routes.get("/api/v1/payments", Action::payment_record, [&db](Ctx& ctx) {
        auto paging = web::parse_paging(ctx);
        auto lease = db.acquire();
        PaymentFilter f{.limit = paging.page_size, .offset = paging.offset()};
        json items = json::array();
        for (const auto& p : list_payments(*lease, f)) items.push_back(to_json(p));
        return Response::json(web::list_envelope(items, count_payments(*lease, f), paging));
    });

    routes.get("/api/v1/invoices/{id}/payments", Action::invoice_read, [&db](Ctx& ctx) {
        const auto id = invoice_id(ctx);
        auto lease = db.acquire();
        auto inv = visible_invoice(ctx, *lease, id);
        json items = json::array();
        for (const auto& p : list_payments(*lease, {.invoice_id = id, .limit = -1})) items.push_back(to_json(p));
        return Response::json({{"invoice", invoice_summary_json(inv)}, {"items", items}});
    });

    routes.post("/api/v1/invoices/{id}/payments", Action::payment_record, [service](Ctx& ctx) {
        const auto id = invoice_id(ctx);
        auto body = ctx.req.json();
        if (!body.is_object()) throw UserError(422, ctx.t("validation.failed"), ctx.t("validation.body_not_object"));
        web::FieldErrors e(ctx);
        static const std::set<std::string> known = {"amount_cents", "paid_on", "reference"};
        for (auto it = body.begin(); it != body.end(); ++it)
            if (!known.count(it.key()))
                e.add(it.key().size() <= 64 && text::valid_utf8(it.key()) && !text::has_control_chars(it.key()) ? it.key() : "body",
                      "payments.unknown_field");
        std::optional<Money> amount;
        bool amount_bad = false;
        if (body.contains("amount_cents")) {
            const auto& a = body["amount_cents"];
            if (!a.is_number_integer() || a.get<std::int64_t>() > 100'000'000'000LL) amount_bad = true;
            else amount = Money::cents(a.get<std::int64_t>());
        }
        auto str = [&](const char* k) -> std::string {
            if (!body.contains(k)) return "";
            if (!body[k].is_string()) { e.add(k, "validation.not_text"); return ""; }
            return body[k].get<std::string>();
        };
        const auto paid_on = str("paid_on"), reference = str("reference");
        auto in = read_payment(ctx, "amount_cents", amount, amount_bad, paid_on, reference, e);
        if (!e.empty()) throw Invalid(e.map(), ctx.t("validation.failed"));
        auto r = [&] {
            try {
                return service->record(ctx.who(), id, in);
            } catch (const Invalid& err) {
                // The API's field is amount_cents.
                std::map<std::string, std::string> fields;
                for (const auto& [k, v] : err.field_errors) fields[k == "amount" ? "amount_cents" : k] = v;
                throw Invalid(fields, err.detail);
            }
        }();
        return Response::json({{"payment", to_json(r.payment)}, {"invoice", invoice_summary_json(r.invoice)}}, 201);
    });

    routes.post("/api/v1/payments/import", Action::payment_record, [service](Ctx& ctx) {
        if (!csv_media_type(ctx.req.header("content-type")))
            throw UserError(415, ctx.t("error.unsupported_media_type"), ctx.t("payments.csv.media_type"));
        try {
            return Response::json(import_json(ctx, service->import_csv(ctx.who(), ctx.req.body)), 201);
        } catch (const CsvRejected& e) {
            return Response::problem(422, ctx.t(e.title), ctx.t(e.detail), {{"rows", row_errors_json(ctx, e.rows)}});
        }
    });

    routes.get("/admin/invoices/{id}/payments", Action::payment_record, [&db](Ctx& ctx) {
        return invoice_payments_page(ctx, db, invoice_id(ctx), json::object(), {}, "", 200);
    });

    routes.post("/admin/invoices/{id}/payments", Action::payment_record, [&db, service](Ctx& ctx) {
        const auto id = invoice_id(ctx);
        const auto& form = ctx.req.form();
        auto clean = [](const std::string& s) { return text::valid_utf8(s) ? s : std::string(); };
        json values = {{"amount", clean(form.get("amount"))}, {"paid_on", clean(form.get("paid_on"))},
                       {"reference", clean(form.get("reference"))}};
        web::FieldErrors e(ctx);
        const auto raw = form.get("amount");
        const bool blank = text::valid_utf8(raw) && text::trim(raw).empty();
        auto amount = blank ? std::nullopt : (text::valid_utf8(raw) ? Money::parse(text::trim(raw)) : std::nullopt);
        auto in = read_payment(ctx, "amount", amount, !blank && !amount, form.get("paid_on"), form.get("reference"), e);
        if (!e.empty()) {
            // The fields that did parse are checked against the invoice too, so every message shows at once.
            auto errors = e.map();
            auto lease = db.acquire();
            if (auto inv = find_payable_invoice(*lease, id)) {
                const auto today = to_iso_date(local_day(ctx.clock.now()));
                const auto amount_ok = !errors.count("amount");
                if (auto r = payment_refusal(inv->target, amount_ok ? in.amount : Money::cents(1),
                                             errors.count("paid_on") ? today : in.paid_on, today);
                    r && r->status == 422 && !errors.count(r->field))
                    errors[r->field] = ctx.t(r->key);
            }
            return invoice_payments_page(ctx, db, id, values, errors, ctx.t("validation.failed"), 422);
        }
        try {
            service->record(ctx.who(), id, in);
        } catch (const Invalid& err) {
            std::map<std::string, std::string> fields;
            for (const auto& [k, v] : err.field_errors) fields[k == "amount_cents" ? "amount" : k] = ctx.t(v);
            return invoice_payments_page(ctx, db, id, values, fields, ctx.t("validation.failed"), 422);
        } catch (const NotFound&) {
            throw;
        } catch (const UserError& err) {
            return invoice_payments_page(ctx, db, id, values, {}, ctx.t(err.detail), err.status);
        }
        return Response::redirect("/admin/invoices/" + std::to_string(id) + "/payments?saved=1");
    });

    routes.get("/admin/payments/import", Action::payment_record,
               [](Ctx& ctx) { return import_page(ctx, json::array(), "", 200); });

    routes.post("/admin/payments/import", Action::payment_record, [service](Ctx& ctx) {
        const auto& form = ctx.req.form();
        const http::UploadedFile* file = nullptr;
        for (const auto& f : form.files)
            if (f.field == "file") file = &f;
        if (!file || file->data.empty())
            return import_page(ctx, json::array({{{"line", 0}, {"field", "file"}, {"message", ctx.t("payments.csv.no_file")}}}),
                               ctx.t("payments.csv.rejected_detail"), 422);
        try {
            auto r = service->import_csv(ctx.who(), file->data);
            return Response::redirect("/admin/payments?imported=" + std::to_string(r.payments.size()));
        } catch (const CsvRejected& e) {
            return import_page(ctx, row_errors_json(ctx, e.rows), ctx.t(e.detail), 422);
        }
    });
}

}  // namespace pt::invoicing
