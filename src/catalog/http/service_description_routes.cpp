#include "catalog/http/service_description_routes.hpp"

#include <algorithm>
#include <array>
#include <regex>
#include <set>

#include "audit/audit.hpp"
#include "catalog/data/catalog_queries.hpp"
#include "catalog/domain/service_vat.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "procurement/domain/price_model_json.hpp"

namespace pt::catalog {

using http::Response;
using nlohmann::json;
using web::Ctx;

namespace {

constexpr std::array<const char*, 4> kSchemes = {"service_class", "target_group", "life_event", "municipality"};
constexpr std::array<const char*, 3> kLanguages = {"fi", "sv", "en"};
// Bounds no real frame comes near; they keep a hostile request small.
constexpr std::int64_t kMaxAmountCents = 1'000'000'000;  // 10 M€
constexpr std::size_t kMaxPriceValues = 10;
constexpr std::size_t kMaxBonuses = 10;
constexpr std::size_t kMaxTermsPerScheme = 400;  // every municipality fits
constexpr std::size_t kFormRows = 3;             // empty value and bonus rows the form offers

// What a request asks to set; absent fields keep their value (create starts from the defaults).
struct SdPatch {
    std::optional<std::string> code;
    std::map<std::string, std::string> texts;  // name_fi, name_sv, ... (see kTexts)
    std::optional<std::vector<std::string>> languages;
    std::optional<procurement::PriceModel> price_model;
    std::map<std::string, std::vector<std::string>> terms;  // only the schemes given
    // VAT: absent parts keep their value; the combination is checked after applying (vat_errors).
    std::optional<int> vat_rate_bp;
    std::optional<std::string> vat_category, vat_exemption_reason;
    bool vat_given() const { return vat_rate_bp || vat_category || vat_exemption_reason; }
    std::map<std::string, std::string> errors;
};

struct TextSpec {
    const char* name;
    std::size_t min, max;
    bool multiline;
};
constexpr std::array<TextSpec, 8> kTexts = {{
    {"name_fi", 2, 200, false},
    {"name_sv", 0, 200, false},
    {"name_en", 2, 200, false},
    {"description_fi", 0, 5000, true},
    {"description_sv", 0, 5000, true},
    {"description_en", 0, 5000, true},
    {"goal", 0, 2000, true},
    {"content_limits", 0, 5000, true},
}};

bool valid_code(const std::string& code) {
    static const std::regex re("^[a-z0-9][a-z0-9-]{1,39}$");
    return std::regex_match(code, re);
}

bool is_language(const std::string& l) { return std::find(kLanguages.begin(), kLanguages.end(), l) != kLanguages.end(); }

// The languages in their canonical order fi, sv, en; at least one, none twice, none unknown.
std::optional<std::vector<std::string>> check_languages(const std::vector<std::string>& in, web::FieldErrors& e) {
    std::set<std::string> seen;
    for (const auto& l : in) {
        if (!is_language(l)) { e.add("languages", "validation.unknown_language"); return std::nullopt; }
        if (!seen.insert(l).second) { e.add("languages", "services.duplicate_value"); return std::nullopt; }
    }
    if (seen.empty()) { e.add("languages", "services.languages_required"); return std::nullopt; }
    std::vector<std::string> out;
    for (const char* l : kLanguages)
        if (seen.count(l)) out.push_back(l);
    return out;
}

// Where a price model refusal is shown: the API has one field, the form one per part.
std::string price_field(std::string_view rule_key, bool form) {
    if (!form) return "price_model";
    if (rule_key == "price_model.non_positive_rate") return "hourly_rate";
    if (rule_key == "price_model.cap_below_rate") return "hourly_cap";
    if (rule_key.find("bonus") != std::string_view::npos) return "bonuses";
    return "price_values";
}

// Bounds and texts beyond the model's own rules (price_model_error), then those rules.
void check_price_model(procurement::PriceModel& m, web::FieldErrors& e, bool form) {
    static const std::regex bonus_code_re("^[a-z0-9][a-z0-9_-]{0,39}$");
    const auto before = e.map().size();
    if (const auto* f = std::get_if<procurement::FixedVoucherValue>(&m.base)) {
        if (f->allowed.size() > kMaxPriceValues) e.add(form ? "price_values" : "price_model", "services.too_many_values");
        for (Money v : f->allowed)
            if (v.cents() > kMaxAmountCents) e.add(form ? "price_values" : "price_model", "services.amount_too_large");
    } else {
        const auto& h = std::get<procurement::HourlyRate>(m.base);
        if (h.rate.cents() > kMaxAmountCents) e.add(form ? "hourly_rate" : "price_model", "services.amount_too_large");
        if (h.cap.cents() > kMaxAmountCents) e.add(form ? "hourly_cap" : "price_model", "services.amount_too_large");
    }
    const std::string bonus_field = form ? "bonuses" : "price_model";
    if (m.bonuses.size() > kMaxBonuses) e.add(bonus_field, "services.too_many_bonuses");
    for (auto& b : m.bonuses) {
        if (!b.code.empty() && !std::regex_match(b.code, bonus_code_re)) e.add(bonus_field, "services.bonus_code_format");
        if (b.amount.cents() > kMaxAmountCents) e.add(bonus_field, "services.amount_too_large");
        b.evidence = e.text(bonus_field, b.evidence, 0, 1000, true);
    }
    if (e.map().size() != before) return;
    if (auto rule = procurement::price_model_error(m)) e.add(price_field(*rule, form), std::string(*rule));
}

// Codes of one scheme as given; whether they exist is checked in the transaction.
std::optional<std::vector<std::string>> check_codes(const std::vector<std::string>& codes, const std::string& field,
                                                    web::FieldErrors& e) {
    static const std::regex code_re("^[A-Za-z0-9][A-Za-z0-9.]{0,19}$");
    if (codes.size() > kMaxTermsPerScheme) { e.add(field, "services.too_many_terms"); return std::nullopt; }
    std::vector<std::string> out;
    for (const auto& c : codes) {
        if (!std::regex_match(c, code_re)) { e.add(field, "services.term_format"); return std::nullopt; }
        if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    return out;
}

// --- API body -------------------------------------------------------------------------------

std::string field_name_for_error(const std::string& key) {
    if (key.size() > 64 || !text::valid_utf8(key) || text::has_control_chars(key)) return "body";
    return key;
}

SdPatch read_api(const Ctx& ctx, const json& body, bool create) {
    SdPatch p;
    web::FieldErrors e(ctx);
    static const std::set<std::string> known = {
        "code", "name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en",
        "goal", "content_limits", "languages", "price_model", "classification",
        "vat_rate_bp", "vat_category", "vat_exemption_reason"};
    for (auto it = body.begin(); it != body.end(); ++it)
        if (!known.count(it.key())) e.add(field_name_for_error(it.key()), "services.unknown_field");
    // Fields the first version of the API required stay required on create, so a misspelt
    // key is never silently empty.
    for (const char* k : {"code", "name_fi", "name_en", "description_fi", "description_en"})
        if (create && !body.contains(k)) e.add(k, "validation.required");
    auto text_of = [&](const std::string& k, std::size_t min, std::size_t max, bool multiline) -> std::optional<std::string> {
        if (!body.contains(k)) return std::nullopt;
        if (!body[k].is_string()) { e.add(k, "validation.not_text"); return std::nullopt; }
        return e.text(k, body[k].get<std::string>(), min, max, multiline);
    };
    if (auto code = text_of("code", 2, 40, false)) {
        if (!code->empty() && !valid_code(*code)) e.add("code", "validation.code_format");
        p.code = *code;
    }
    for (const auto& t : kTexts)
        if (auto v = text_of(t.name, t.min, t.max, t.multiline)) p.texts[t.name] = *v;

    if (body.contains("languages")) {
        const auto& l = body["languages"];
        std::vector<std::string> langs;
        bool ok = l.is_array();
        if (ok)
            for (const auto& x : l) {
                if (!x.is_string()) { ok = false; break; }
                langs.push_back(x.get<std::string>());
            }
        if (!ok) e.add("languages", "services.not_a_list_of_text");
        else p.languages = check_languages(langs, e);
    }
    if (body.contains("price_model")) {
        auto m = procurement::price_model_from_json(body["price_model"]);
        if (!m) {
            e.add("price_model", "services.price_model_shape");
        } else {
            check_price_model(*m, e, false);
            p.price_model = std::move(*m);
        }
    }
    if (body.contains("vat_rate_bp")) {
        const auto& r = body["vat_rate_bp"];
        if (!r.is_number_integer()) {
            e.add("vat_rate_bp", "services.vat_rate_not_integer");
        } else {
            const auto bp = r.get<std::int64_t>();
            if (bp < 0 || bp > 10000 || !is_finnish_vat_rate(static_cast<int>(bp))) e.add("vat_rate_bp", "services.vat_rate_unknown");
            else p.vat_rate_bp = static_cast<int>(bp);
        }
    }
    if (auto cat = text_of("vat_category", 1, 1, false)) p.vat_category = *cat;
    if (auto reason = text_of("vat_exemption_reason", 0, kMaxExemptionReason, false)) p.vat_exemption_reason = *reason;
    // A rate above zero can only be standard rated: the category need not be repeated.
    if (p.vat_rate_bp && *p.vat_rate_bp > 0 && !p.vat_category) p.vat_category = "S";
    if (body.contains("classification")) {
        const auto& cl = body["classification"];
        if (!cl.is_object()) e.add("classification", "services.classification_shape");
        else
            for (auto it = cl.begin(); it != cl.end(); ++it) {
                if (!is_scheme(it.key())) { e.add("classification", "services.unknown_scheme"); continue; }
                const std::string field = "classification." + it.key();
                std::vector<std::string> codes;
                bool ok = it.value().is_array();
                if (ok)
                    for (const auto& x : it.value()) {
                        if (!x.is_string()) { ok = false; break; }
                        codes.push_back(x.get<std::string>());
                    }
                if (!ok) { e.add(field, "services.not_a_list_of_text"); continue; }
                if (auto c = check_codes(codes, field, e)) p.terms[it.key()] = *c;
            }
    }
    p.errors = e.map();
    return p;
}

// --- HTML form ------------------------------------------------------------------------------

std::string nth(const std::vector<std::string>& v, std::size_t i) { return i < v.size() ? v[i] : std::string(); }

std::optional<Money> form_amount(const std::string& raw, const std::string& field, bool required, web::FieldErrors& e) {
    auto v = text::valid_utf8(raw) ? text::trim(raw) : std::string("\x01");
    if (v.empty()) {
        if (required) e.add(field, "validation.required");
        return std::nullopt;
    }
    auto m = Money::parse(v);
    if (!m) e.add(field, "services.amount_format");
    return m;
}

SdPatch read_form(const Ctx& ctx, const http::Form& f, bool create) {
    SdPatch p;
    web::FieldErrors e(ctx);
    if (create) {
        p.code = e.text("code", f.get("code"), 2, 40);
        if (!p.code->empty() && !valid_code(*p.code)) e.add("code", "validation.code_format");
    }
    for (const auto& t : kTexts) p.texts[t.name] = e.text(t.name, f.get(t.name), t.min, t.max, t.multiline);
    // The frame's fields are read when the form showed them; a client that posts only the
    // names and descriptions (the first version of this form) gets the default frame.
    if (f.get("frame") == "1") {
        p.languages = check_languages(f.all("languages"), e);

        procurement::PriceModel m;
        bool shape_ok = true;
        const auto kind = f.get("price_kind");
        if (kind == "fixed") {
            procurement::FixedVoucherValue fixed;
            for (const auto& raw : f.all("price_value")) {
                if (text::valid_utf8(raw) && text::trim(raw).empty()) continue;
                auto a = form_amount(raw, "price_values", false, e);
                if (!a) { shape_ok = false; break; }
                fixed.allowed.push_back(*a);
            }
            m.base = std::move(fixed);
        } else if (kind == "hourly") {
            auto rate = form_amount(f.get("hourly_rate"), "hourly_rate", true, e);
            auto cap = form_amount(f.get("hourly_cap"), "hourly_cap", true, e);
            if (rate && cap) m.base = procurement::HourlyRate{*rate, *cap};
            else shape_ok = false;
        } else {
            e.add("price_kind", "services.price_kind");
            shape_ok = false;
        }
        const auto codes = f.all("bonus_code"), amounts = f.all("bonus_amount"), evidence = f.all("bonus_evidence");
        const auto rows = std::max({codes.size(), amounts.size(), evidence.size()});
        if (rows > kMaxBonuses + kFormRows) { e.add("bonuses", "services.too_many_bonuses"); shape_ok = false; }
        for (std::size_t i = 0; shape_ok && i < rows; ++i) {
            auto code = e.text("bonuses", nth(codes, i), 0, 40);
            auto ev = nth(evidence, i);
            bool blank = code.empty() && text::valid_utf8(nth(amounts, i)) && text::trim(nth(amounts, i)).empty() &&
                         text::valid_utf8(ev) && text::trim(ev).empty();
            if (blank) continue;
            auto amount = form_amount(nth(amounts, i), "bonuses", true, e);
            if (!amount || e.map().count("bonuses")) { shape_ok = false; break; }
            m.bonuses.push_back({code, *amount, ev});
        }
        if (shape_ok) {
            check_price_model(m, e, true);
            p.price_model = std::move(m);
        }
        // VAT, when the form shows it (forms older than issue 6 keep the stored values).
        if (f.has("vat_rate")) {
            if (auto bp = text::valid_utf8(f.get("vat_rate")) ? parse_vat_percent(f.get("vat_rate")) : std::nullopt; !bp)
                e.add("vat_rate", "services.vat_rate_format");
            else if (!is_finnish_vat_rate(*bp))
                e.add("vat_rate", "services.vat_rate_unknown");
            else
                p.vat_rate_bp = *bp;
            const auto cat = f.get("vat_category");
            if (cat != "S" && cat != "Z" && cat != "E") e.add("vat_category", "services.vat_category_unknown");
            else p.vat_category = cat;
            auto reason = e.text("vat_exemption_reason", f.get("vat_exemption_reason"), 0, kMaxExemptionReason);
            // The reason box stays filled when the organizer switches to S or Z: it no longer applies.
            p.vat_exemption_reason = cat == "E" ? reason : std::string();
        }
        for (const char* s : kSchemes) {
            std::vector<std::string> codes_given;
            for (const auto& c : f.all(s))
                if (!c.empty()) codes_given.push_back(c);
            if (auto c = check_codes(codes_given, s, e)) p.terms[s] = *c;
        }
    }
    p.errors = e.map();
    return p;
}

// --- Use cases ------------------------------------------------------------------------------

void apply(const SdPatch& p, ServiceDescriptionDetail& d) {
    if (p.code) d.sd.code = *p.code;
    auto set = [&](const char* k, std::string& field) {
        if (auto it = p.texts.find(k); it != p.texts.end()) field = it->second;
    };
    set("name_fi", d.sd.name_fi);
    set("name_en", d.sd.name_en);
    set("description_fi", d.sd.description_fi);
    set("description_en", d.sd.description_en);
    set("name_sv", d.frame.name_sv);
    set("description_sv", d.frame.description_sv);
    set("goal", d.frame.goal);
    set("content_limits", d.frame.content_limits);
    if (p.languages) d.frame.languages = *p.languages;
    if (p.price_model) d.frame.price_model = *p.price_model;
    if (p.vat_rate_bp) d.frame.vat.rate_bp = *p.vat_rate_bp;
    if (p.vat_category) d.frame.vat.category = *p.vat_category;
    if (p.vat_exemption_reason) d.frame.vat.exemption_reason = *p.vat_exemption_reason;
}

// The VAT rate, category and reason together, once the request's parts are applied to the
// stored ones (the form names the rate field "vat_rate": it takes a percentage).
void check_vat(const Ctx& ctx, const SdPatch& p, const ServiceDescriptionDetail& d, bool form) {
    if (!p.vat_given()) return;
    auto errors = vat_errors(d.frame.vat);
    if (errors.empty()) return;
    std::map<std::string, std::string> out;
    for (const auto& [field, key] : errors) out[form && field == "vat_rate_bp" ? "vat_rate" : field] = ctx.t(key);
    throw Invalid(out, ctx.t("validation.failed"));
}

// Unknown codes are refused with the codes named, per scheme (field prefix "classification."
// for the API, the select's name for the form).
void check_terms_exist(const Ctx& ctx, db::Connection& c, const SdPatch& p, const std::string& prefix) {
    std::map<std::string, std::string> errors;
    for (const auto& [scheme, codes] : p.terms) {
        auto unknown = unknown_terms(c, scheme, codes);
        if (unknown.empty()) continue;
        std::string list;
        for (std::size_t i = 0; i < unknown.size() && i < 10; ++i) list += (i ? ", " : "") + unknown[i];
        errors[prefix + scheme] = ctx.t("services.unknown_term") + " " + list;
    }
    if (!errors.empty()) throw Invalid(errors, ctx.t("validation.failed"));
}

void write_terms(db::Connection& c, std::int64_t id, const SdPatch& p) {
    for (const auto& [scheme, codes] : p.terms) set_service_terms(c, id, scheme, codes);
}

std::int64_t create_service_description(const Ctx& ctx, db::Database& db, const SdPatch& p, const std::string& prefix) {
    const auto now = to_iso(ctx.clock.now());
    return db.transact(db::TxMode::write, [&](db::Connection& c) {
        ServiceDescriptionDetail d;
        apply(p, d);
        check_vat(ctx, p, d, prefix.empty());
        d.sd.created_at = now;
        if (service_code_taken(c, d.sd.code)) throw Conflict(ctx.t("service.code_taken"));
        check_terms_exist(ctx, c, p, prefix);
        d.sd.id = insert_service_description(c, d.sd);
        update_service_description(c, d.sd, d.frame, now);
        write_terms(c, d.sd.id, p);
        auto after = find_service_description_detail(c, d.sd.id);
        audit::write(c, ctx.clock, {ctx.who().user_id, "service_description.create", "service_description",
                                    std::to_string(d.sd.id), nullptr, to_json(*after)});
        return d.sd.id;
    });
}

void edit_service_description(const Ctx& ctx, db::Database& db, std::int64_t id, const SdPatch& p,
                              const std::string& prefix) {
    const auto now = to_iso(ctx.clock.now());
    db.transact(db::TxMode::write, [&](db::Connection& c) {
        if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM service_descriptions WHERE id = ? FOR UPDATE", {id});
        auto d = find_service_description_detail(c, id);
        if (!d) throw NotFound(ctx.t("service.not_found"));
        // The code names the service in links and integrations: it does not change.
        if (p.code && *p.code != d->sd.code)
            throw Invalid({{"code", ctx.t("services.code_immutable")}}, ctx.t("validation.failed"));
        const auto before = to_json(*d);
        check_terms_exist(ctx, c, p, prefix);
        apply(p, *d);
        check_vat(ctx, p, *d, prefix.empty());
        // Published cards were checked against the old price model: a model they no longer fit
        // is refused, so the catalog never offers a price the service does not allow.
        if (p.price_model) {
            std::size_t misfits = 0;
            for (const auto& row : c.query("SELECT price_cents FROM product_cards WHERE service_description_id = ? "
                                           "AND status = 'published'", {id}))
                if (procurement::check_price(*p.price_model, Money::cents(row.i64(0)))) ++misfits;
            if (misfits > 0)
                throw Invalid({{!prefix.empty() ? "price_model"
                                : std::holds_alternative<procurement::HourlyRate>(p.price_model->base) ? "hourly_cap"
                                                                                                       : "price_values",
                                ctx.t("services.price_model_misfits_cards") + " (" + std::to_string(misfits) + ")"}},
                              ctx.t("validation.failed"));
        }
        update_service_description(c, d->sd, d->frame, now);
        write_terms(c, id, p);
        auto after = find_service_description_detail(c, id);
        audit::write(c, ctx.clock, {ctx.who().user_id, "service_description.update", "service_description",
                                    std::to_string(id), before, to_json(*after)});
    });
}

// --- Views ----------------------------------------------------------------------------------

// "2500" or "2500,50": what the organizer would type.
std::string euros_input(Money m) {
    auto c = m.cents();
    auto s = std::to_string(c / 100);
    if (c % 100) s += (c % 100 < 10 ? ",0" : ",") + std::to_string(c % 100);
    return s;
}

std::string price_summary(const Ctx& ctx, const procurement::PriceModel& m) {
    std::string out;
    if (const auto* f = std::get_if<procurement::FixedVoucherValue>(&m.base)) {
        for (Money v : f->allowed) out += (out.empty() ? "" : " / ") + v.format(ctx.lang);
    } else {
        const auto& h = std::get<procurement::HourlyRate>(m.base);
        out = h.rate.format(ctx.lang) + " " + ctx.t("services.per_hour") + ", " + ctx.t("services.cap_short") + " " +
              h.cap.format(ctx.lang);
    }
    if (!m.bonuses.empty()) out += " + " + std::to_string(m.bonuses.size()) + " " + ctx.t("services.bonuses_short");
    return out;
}

// The texts of a service description under the names both the API and the form use.
json text_fields(const ServiceDescriptionDetail& d) {
    return {{"code", d.sd.code},
            {"name_fi", d.sd.name_fi},
            {"name_sv", d.frame.name_sv},
            {"name_en", d.sd.name_en},
            {"description_fi", d.sd.description_fi},
            {"description_sv", d.frame.description_sv},
            {"description_en", d.sd.description_en},
            {"goal", d.frame.goal},
            {"content_limits", d.frame.content_limits},
            {"languages", d.frame.languages},
            {"vat_rate_bp", d.frame.vat.rate_bp},
            {"vat_category", d.frame.vat.category},
            {"vat_exemption_reason", d.frame.vat.exemption_reason}};
}

// The values a form shows: from a stored service description...
json values_from(const ServiceDescriptionDetail& d) {
    json v = text_fields(d);
    v["vat_rate"] = format_vat_percent(d.frame.vat.rate_bp);
    json values = json::array();
    if (const auto* f = std::get_if<procurement::FixedVoucherValue>(&d.frame.price_model.base)) {
        v["price_kind"] = "fixed";
        for (Money m : f->allowed) values.push_back(euros_input(m));
    } else {
        const auto& h = std::get<procurement::HourlyRate>(d.frame.price_model.base);
        v["price_kind"] = "hourly";
        v["hourly_rate"] = euros_input(h.rate);
        v["hourly_cap"] = euros_input(h.cap);
    }
    v["price_values"] = values;
    json bonuses = json::array();
    for (const auto& b : d.frame.price_model.bonuses)
        bonuses.push_back({{"code", b.code}, {"amount", euros_input(b.amount)}, {"evidence", b.evidence}});
    v["bonuses"] = bonuses;
    json terms = json::object();
    for (const auto& t : d.terms) terms[t.scheme].push_back(t.code);
    v["terms"] = terms;
    return v;
}

// ...or as posted (kept on a refusal, so nothing typed is lost; broken UTF-8 is dropped).
json values_from(const http::Form& f) {
    auto clean = [](const std::string& s) { return text::valid_utf8(s) ? s : std::string(); };
    auto clean_all = [&](const std::vector<std::string>& in) {
        json out = json::array();
        for (const auto& s : in) out.push_back(clean(s));
        return out;
    };
    json v = {{"code", clean(f.get("code"))}};
    for (const auto& t : kTexts) v[t.name] = clean(f.get(t.name));
    const bool frame = f.get("frame") == "1";
    v["languages"] = frame ? clean_all(f.all("languages")) : json::array({"fi"});
    v["price_kind"] = frame ? clean(f.get("price_kind")) : std::string("fixed");
    v["price_values"] = frame ? clean_all(f.all("price_value")) : json::array({"2500", "5000"});
    v["vat_rate"] = clean(f.get("vat_rate"));
    v["vat_category"] = clean(f.get("vat_category"));
    v["vat_exemption_reason"] = clean(f.get("vat_exemption_reason"));
    v["hourly_rate"] = clean(f.get("hourly_rate"));
    v["hourly_cap"] = clean(f.get("hourly_cap"));
    const auto codes = f.all("bonus_code"), amounts = f.all("bonus_amount"), evidence = f.all("bonus_evidence");
    json bonuses = json::array();
    const auto rows = std::min<std::size_t>(std::max({codes.size(), amounts.size(), evidence.size()}), kMaxBonuses + kFormRows);
    for (std::size_t i = 0; i < rows; ++i)
        bonuses.push_back({{"code", clean(nth(codes, i))}, {"amount", clean(nth(amounts, i))}, {"evidence", clean(nth(evidence, i))}});
    v["bonuses"] = bonuses;
    json terms = json::object();
    for (const char* s : kSchemes) terms[s] = clean_all(f.all(s));
    v["terms"] = terms;
    return v;
}

bool contains(const json& list, const std::string& s) {
    if (!list.is_array()) return false;
    for (const auto& x : list)
        if (x.is_string() && x.get<std::string>() == s) return true;
    return false;
}

std::string form_html(const Ctx& ctx, db::Connection& c, json v, const std::map<std::string, std::string>& errors,
                      const std::string& action, bool edit) {
    json data = {{"action", action}, {"edit", edit}, {"csrf_token", ctx.csrf_token}, {"errors", errors}};
    const auto kind = v.value("price_kind", std::string("fixed"));
    data["kind_fixed"] = kind != "hourly";
    data["kind_hourly"] = kind == "hourly";
    const auto vat_category = v.value("vat_category", std::string("S"));
    data["vat_s"] = vat_category == "S";
    data["vat_z"] = vat_category == "Z";
    data["vat_e"] = vat_category == "E";
    json values = json::array();
    for (const auto& x : v["price_values"]) values.push_back({{"value", x}});
    // Room for a few more values than there are, up to the limit.
    const auto wanted = std::min(std::max(values.size() + 1, kFormRows), kMaxPriceValues);
    while (values.size() < wanted) values.push_back({{"value", ""}});
    for (std::size_t i = 0; i < values.size(); ++i) values[i]["n"] = i + 1;  // unique ids for the labels
    data["price_values"] = values;
    json bonuses = v["bonuses"];
    while (bonuses.size() < kFormRows) bonuses.push_back({{"code", ""}, {"amount", ""}, {"evidence", ""}});
    for (std::size_t i = 0; i < bonuses.size(); ++i) bonuses[i]["n"] = i + 1;
    data["bonuses"] = bonuses;
    json langs = json::array();
    for (const char* l : kLanguages)
        langs.push_back({{"code", l}, {"name", ctx.t(std::string("language.") + l)}, {"checked", contains(v["languages"], l)}});
    data["languages"] = langs;
    json schemes = json::array();
    bool any_terms = false;
    for (const char* s : kSchemes) {
        json options = json::array();
        const json chosen = v["terms"].value(s, json::array());
        for (const auto& t : list_terms(c, s)) {
            std::string indent = t.parent_code.empty() ? "" : "\u2014 ";
            options.push_back({{"code", t.code}, {"label", indent + t.code + " " + t.label(ctx.lang)},
                               {"selected", contains(chosen, t.code)}});
        }
        any_terms = any_terms || !options.empty();
        json scheme = {{"name", s}, {"label", ctx.t(std::string("services.scheme.") + s)},
                       {"help", ctx.t(std::string("services.scheme_help.") + s)}, {"options", options},
                       {"size", std::min<std::size_t>(std::max<std::size_t>(options.size(), 2), 8)}};
        if (auto it = errors.find(s); it != errors.end()) scheme["error"] = it->second;
        schemes.push_back(scheme);
    }
    data["schemes"] = schemes;
    data["no_terms"] = !any_terms;
    data["v"] = std::move(v);
    return ctx.renderer.fragment("admin_service_form", data, ctx.lang);
}

Response list_page(Ctx& ctx, db::Database& db, const json& values, const std::map<std::string, std::string>& errors,
                   const std::string& alert, int status) {
    auto lease = db.acquire();
    json list = json::array();
    for (const auto& d : list_service_description_details(*lease)) {
        auto row = to_json(d);
        row["price_summary"] = price_summary(ctx, d.frame.price_model);
        json names = json::array();
        for (const auto& l : d.frame.languages) names.push_back(ctx.t("language." + l));
        row["language_names"] = names;
        row["url"] = "/admin/service-descriptions/" + std::to_string(d.sd.id);
        list.push_back(row);
    }
    return ctx.page("admin_services",
                    {{"title", ctx.t("services.title")}, {"services", list}, {"alert", alert},
                     {"form_html", form_html(ctx, *lease, values, errors, "/admin/service-descriptions", false)}},
                    status);
}

Response edit_page(Ctx& ctx, db::Database& db, std::int64_t id, const json* posted,
                   const std::map<std::string, std::string>& errors, const std::string& alert, int status) {
    auto lease = db.acquire();
    auto d = find_service_description_detail(*lease, id);
    if (!d) throw NotFound(ctx.t("service.not_found"));
    json values = posted ? *posted : values_from(*d);
    values["code"] = d->sd.code;
    const auto action = "/admin/service-descriptions/" + std::to_string(id);
    json data = {{"title", d->sd.name(ctx.lang)},
                 {"service", to_json(*d)},
                 {"alert", alert},
                 {"saved", ctx.req.query_param("saved") == "1" && status == 200},
                 {"form_html", form_html(ctx, *lease, std::move(values), errors, action, true)}};
    return ctx.page("admin_service", data, status);
}

json default_form_values() {
    ServiceDescriptionDetail d;
    d.frame.vat = {2550, "S", ""};  // the general rate is what a new service most often has
    auto v = values_from(d);
    v["code"] = "";
    return v;
}

// Anonymous callers get the cached answer; signed-in ones always a fresh one.
web::AppHandler cached(web::PageCache& cache, web::AppHandler h) {
    return [&cache, h = std::move(h)](Ctx& ctx) {
        if (ctx.user) return h(ctx);
        return cache.get_or_make(ctx.lang + " " + ctx.req.target, [&] { return h(ctx); });
    };
}

bool json_content_type(const std::string& content_type) {
    auto mt = content_type.substr(0, content_type.find(';'));
    while (!mt.empty() && mt.back() == ' ') mt.pop_back();
    for (auto& ch : mt) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return mt == "application/json" || (mt.rfind("application/", 0) == 0 && mt.size() > 5 &&
                                         mt.compare(mt.size() - 5, 5, "+json") == 0);
}

json api_body(const Ctx& ctx) {
    // The pipeline checks the media type of POSTs; PUT is checked here the same way.
    if (!json_content_type(ctx.req.header("content-type")))
        throw UserError(415, ctx.t("error.unsupported_media_type"), ctx.t("error.unsupported_media_type_detail"));
    auto body = ctx.req.json();
    if (!body.is_object()) throw UserError(422, ctx.t("validation.failed"), ctx.t("validation.body_not_object"));
    return body;
}

}  // namespace

json to_json(const Term& t) {
    return {{"code", t.code}, {"parent_code", t.parent_code},
            {"labels", {{"fi", t.label_fi}, {"sv", t.label_sv}, {"en", t.label_en}}}};
}

json to_json(const ServiceDescriptionDetail& d) {
    json classification = json::object();
    for (const char* s : kSchemes) classification[s] = json::array();
    for (const auto& t : d.terms) classification[t.scheme].push_back(to_json(t));
    json j = text_fields(d);
    j["id"] = d.sd.id;
    j["price_model"] = procurement::to_json(d.frame.price_model);
    j["classification"] = classification;
    j["created_at"] = d.sd.created_at;
    j["updated_at"] = d.frame.updated_at;
    return j;
}

void register_service_description_routes(web::Routes& routes, db::Database& db, web::PageCache& cache) {
    routes.get("/admin/service-descriptions", Action::service_description_create, [&db](Ctx& ctx) {
        return list_page(ctx, db, default_form_values(), {}, "", 200);
    });

    routes.post("/admin/service-descriptions", Action::service_description_create, [&db](Ctx& ctx) {
        const auto& form = ctx.req.form();
        auto p = read_form(ctx, form, true);
        if (!p.errors.empty()) return list_page(ctx, db, values_from(form), p.errors, ctx.t("validation.failed"), 422);
        try {
            create_service_description(ctx, db, p, "");
        } catch (const Conflict& e) {
            return list_page(ctx, db, values_from(form), {{"code", e.detail}}, e.detail, 409);
        } catch (const Invalid& e) {
            return list_page(ctx, db, values_from(form), e.field_errors, ctx.t("validation.failed"), 422);
        }
        return Response::redirect("/admin/service-descriptions");
    });

    routes.get("/admin/service-descriptions/{id}", Action::service_description_edit, [&db](Ctx& ctx) {
        auto id = web::id_param(ctx);
        if (!id) throw NotFound(ctx.t("service.not_found"));
        return edit_page(ctx, db, *id, nullptr, {}, "", 200);
    });

    routes.post("/admin/service-descriptions/{id}", Action::service_description_edit, [&db](Ctx& ctx) {
        auto id = web::id_param(ctx);
        if (!id) throw NotFound(ctx.t("service.not_found"));
        const auto& form = ctx.req.form();
        auto p = read_form(ctx, form, false);
        auto posted = values_from(form);
        if (!p.errors.empty()) return edit_page(ctx, db, *id, &posted, p.errors, ctx.t("validation.failed"), 422);
        try {
            edit_service_description(ctx, db, *id, p, "");
        } catch (const Invalid& e) {
            return edit_page(ctx, db, *id, &posted, e.field_errors, ctx.t("validation.failed"), 422);
        }
        return Response::redirect("/admin/service-descriptions/" + std::to_string(*id) + "?saved=1");
    });

    routes.get("/api/v1/service-descriptions", Action::public_read, cached(cache, [&db](Ctx& ctx) {
        auto paging = web::parse_paging(ctx);
        auto lease = db.acquire();
        auto all = list_service_description_details(*lease);
        json items = json::array();
        for (std::size_t i = paging.offset(); i < all.size() && items.size() < std::size_t(paging.page_size); ++i)
            items.push_back(to_json(all[i]));
        return Response::json(web::list_envelope(items, static_cast<std::int64_t>(all.size()), paging));
    }));

    routes.get("/api/v1/service-descriptions/{id}", Action::public_read, cached(cache, [&db](Ctx& ctx) {
        std::optional<ServiceDescriptionDetail> d;
        if (auto id = web::id_param(ctx)) {
            auto lease = db.acquire();
            d = find_service_description_detail(*lease, *id);
        }
        if (!d) throw NotFound(ctx.t("service.not_found"));
        return Response::json(to_json(*d));
    }));

    routes.post("/api/v1/service-descriptions", Action::service_description_create, [&db](Ctx& ctx) {
        auto body = api_body(ctx);
        auto p = read_api(ctx, body, true);
        if (!p.errors.empty()) throw Invalid(p.errors, ctx.t("validation.failed"));
        auto id = create_service_description(ctx, db, p, "classification.");
        auto lease = db.acquire();
        return Response::json(to_json(*find_service_description_detail(*lease, id)), 201);
    });

    routes.add("PUT", "/api/v1/service-descriptions/{id}", Action::service_description_edit, [&db](Ctx& ctx) {
        auto id = web::id_param(ctx);
        if (!id) throw NotFound(ctx.t("service.not_found"));
        auto body = api_body(ctx);
        auto p = read_api(ctx, body, false);
        if (!p.errors.empty()) throw Invalid(p.errors, ctx.t("validation.failed"));
        edit_service_description(ctx, db, *id, p, "classification.");
        auto lease = db.acquire();
        return Response::json(to_json(*find_service_description_detail(*lease, *id)));
    });

    routes.get("/api/v1/classifications/{scheme}", Action::public_read, cached(cache, [&db](Ctx& ctx) {
        const auto scheme = ctx.req.param("scheme");
        if (!is_scheme(scheme)) throw NotFound(ctx.t("services.unknown_scheme"));
        auto lease = db.acquire();
        json items = json::array();
        for (const auto& t : list_terms(*lease, scheme)) items.push_back(to_json(t));
        const auto total = static_cast<std::int64_t>(items.size());
        return Response::json({{"scheme", scheme}, {"items", std::move(items)}, {"total", total}});
    }));
}

}  // namespace pt::catalog
