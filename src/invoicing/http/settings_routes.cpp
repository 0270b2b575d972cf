#include "invoicing/http/settings_routes.hpp"

#include <set>

#include "audit/audit.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "invoicing/data/invoicing_settings_queries.hpp"
#include "providers/domain/organization.hpp"

namespace pt::invoicing {

using http::Response;
using nlohmann::json;
using web::Ctx;

namespace {

constexpr std::array<const char*, 6> kTextFields = {"street_address",    "postal_code", "post_office", "ovt",
                                                     "einvoice_operator", "invoice_reference_template"};

json to_json(const InvoicingSettings& s) {
    return {{"name", s.name},
            {"business_id", s.business_id},
            {"street_address", s.street_address},
            {"postal_code", s.postal_code},
            {"post_office", s.post_office},
            {"ovt", s.ovt},
            {"einvoice_operator", s.einvoice_operator},
            {"invoice_reference_template", s.invoice_reference_template},
            {"payment_terms_days", s.payment_terms_days}};
}

std::optional<std::string>* text_slot(SettingsPatch& p, const std::string& k) {
    if (k == "street_address") return &p.street_address;
    if (k == "postal_code") return &p.postal_code;
    if (k == "post_office") return &p.post_office;
    if (k == "ovt") return &p.ovt;
    if (k == "einvoice_operator") return &p.einvoice_operator;
    return &p.invoice_reference_template;
}

// Texts: valid UTF-8, single line, trimmed (lengths are the domain's).
void read_text(web::FieldErrors& e, SettingsPatch& p, const std::string& field, const std::string& raw) {
    auto v = e.text(field, raw, 0, 10000);
    if (!e.map().count(field)) *text_slot(p, field) = v;
}

std::optional<int> parse_days(const std::string& raw) {
    auto v = text::valid_utf8(raw) ? text::trim(raw) : std::string("x");
    if (v.empty() || v.size() > 3) return std::nullopt;
    int n = 0;
    for (char ch : v) {
        if (ch < '0' || ch > '9') return std::nullopt;
        n = n * 10 + (ch - '0');
    }
    return n;
}

SettingsPatch read_form(const Ctx& ctx, const http::Form& f, std::map<std::string, std::string>& errors) {
    SettingsPatch p;
    web::FieldErrors e(ctx);
    for (const char* k : kTextFields) read_text(e, p, k, f.get(k));
    if (auto d = parse_days(f.get("payment_terms_days"))) p.payment_terms_days = *d;
    else e.add("payment_terms_days", "settings.terms_format");
    errors = e.map();
    return p;
}

SettingsPatch read_api(const Ctx& ctx, const json& body, std::map<std::string, std::string>& errors) {
    SettingsPatch p;
    web::FieldErrors e(ctx);
    static const std::set<std::string> known = {"street_address",    "postal_code", "post_office", "ovt",
                                                "einvoice_operator", "invoice_reference_template",
                                                "payment_terms_days"};
    for (auto it = body.begin(); it != body.end(); ++it) {
        const auto& k = it.key();
        if (!known.count(k)) {
            const bool printable = k.size() <= 64 && text::valid_utf8(k) && !text::has_control_chars(k);
            e.add(printable ? k : "body", k == "name" || k == "business_id" ? "settings.read_only" : "settings.unknown_field");
            continue;
        }
        if (k == "payment_terms_days") {
            if (!it->is_number_integer()) e.add(k, "settings.terms_not_integer");
            else if (it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 365) e.add(k, "settings.terms_range");
            else p.payment_terms_days = it->get<int>();
            continue;
        }
        if (!it->is_string()) { e.add(k, "validation.not_text"); continue; }
        read_text(e, p, k, it->get<std::string>());
    }
    errors = e.map();
    return p;
}

// Applies and stores the change in one transaction with its audit record; Invalid on a refusal.
InvoicingSettings save(const Ctx& ctx, db::Database& db, const SettingsPatch& p) {
    return db.transact(db::TxMode::write, [&](db::Connection& c) {
        auto s = find_invoicing_settings(c, true);
        if (!s) throw NotFound(ctx.t("settings.no_organizer"));
        const auto before = to_json(*s);
        auto errors = apply_settings(*s, p);
        if (!errors.empty()) {
            for (auto& [field, key] : errors) key = ctx.t(key);
            throw Invalid(errors, ctx.t("validation.failed"));
        }
        update_invoicing_settings(c, *s);
        audit::write(c, ctx.clock, {ctx.who().user_id, "invoicing_settings.update", "organizer",
                                    std::to_string(s->organizer_id), before, to_json(*s)});
        return *s;
    });
}

Response page(Ctx& ctx, db::Database& db, const json* posted, const std::map<std::string, std::string>& errors,
              const std::string& alert, int status) {
    std::optional<InvoicingSettings> s;
    {
        auto lease = db.acquire();
        s = find_invoicing_settings(*lease);
    }
    if (!s) throw NotFound(ctx.t("settings.no_organizer"));
    json v = posted ? *posted : to_json(*s);
    v["name"] = s->name;
    v["business_id"] = s->business_id;
    json operators = json::array();
    for (const auto& op : providers::known_operators())
        operators.push_back({{"id", std::string(op.id)}, {"name", std::string(op.name)}});
    return ctx.page("admin_invoicing_settings",
                    {{"title", ctx.t("settings.title")},
                     {"v", v},
                     {"errors", errors},
                     {"alert", alert},
                     {"operators", operators},
                     {"saved", ctx.req.query_param("saved") == "1" && status == 200}},
                    status);
}

json posted_values(const http::Form& f) {
    json v;
    auto clean = [](const std::string& s) { return text::valid_utf8(s) ? s : std::string(); };
    for (const char* k : kTextFields) v[k] = clean(f.get(k));
    v["payment_terms_days"] = clean(f.get("payment_terms_days"));
    return v;
}

bool json_media_type(const std::string& content_type) {
    auto mt = content_type.substr(0, content_type.find(';'));
    while (!mt.empty() && mt.back() == ' ') mt.pop_back();
    for (auto& ch : mt) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return mt == "application/json";
}

}  // namespace

void register_settings_routes(web::Routes& routes, db::Database& db) {
    routes.get("/admin/invoicing-settings", Action::invoice_run,
               [&db](Ctx& ctx) { return page(ctx, db, nullptr, {}, "", 200); });

    routes.post("/admin/invoicing-settings", Action::invoice_run, [&db](Ctx& ctx) {
        const auto& form = ctx.req.form();
        std::map<std::string, std::string> errors;
        auto p = read_form(ctx, form, errors);
        auto posted = posted_values(form);
        if (!errors.empty()) {
            // The rest of the fields are checked too, so every message shows at once.
            auto lease = db.acquire();
            if (auto s = find_invoicing_settings(*lease))
                for (const auto& [field, key] : apply_settings(*s, p)) errors.emplace(field, ctx.t(key));
            return page(ctx, db, &posted, errors, ctx.t("validation.failed"), 422);
        }
        try {
            save(ctx, db, p);
        } catch (const Invalid& e) {
            return page(ctx, db, &posted, e.field_errors, ctx.t("validation.failed"), 422);
        }
        return Response::redirect("/admin/invoicing-settings?saved=1");
    });

    routes.get("/api/v1/invoicing-settings", Action::invoice_run, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        auto s = find_invoicing_settings(*lease);
        if (!s) throw NotFound(ctx.t("settings.no_organizer"));
        return Response::json(to_json(*s));
    });

    routes.add("PUT", "/api/v1/invoicing-settings", Action::invoice_run, [&db](Ctx& ctx) {
        // The pipeline checks the media type of POSTs; PUT is checked here.
        if (!json_media_type(ctx.req.header("content-type")))
            throw UserError(415, ctx.t("error.unsupported_media_type"), ctx.t("error.unsupported_media_type_detail"));
        auto body = ctx.req.json();
        if (!body.is_object()) throw UserError(422, ctx.t("validation.failed"), ctx.t("validation.body_not_object"));
        std::map<std::string, std::string> errors;
        auto p = read_api(ctx, body, errors);
        if (!errors.empty()) throw Invalid(errors, ctx.t("validation.failed"));
        return Response::json(to_json(save(ctx, db, p)));
    });
}

}  // namespace pt::invoicing
