#include "catalog/http/card_routes.hpp"

#include <regex>
#include <set>

#include "catalog/domain/card_rules.hpp"
#include "catalog/http/catalog_routes.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "procurement/domain/price_model_json.hpp"
#include "procurement/domain/registration.hpp"

namespace pt::catalog {

using http::Response;
using web::Ctx;

namespace {

constexpr std::size_t kMaxAreas = 50;

bool is_municipality_code(const std::string& s) {
    static const std::regex re("^[0-9]{3}$");
    return std::regex_match(s, re);
}

bool is_class_code(const std::string& s) {
    static const std::regex re("^P[0-9]{1,2}(\\.[0-9]{1,2})?$");
    return std::regex_match(s, re);
}

// One validation for the form and the API. `Src` reads a field: text(name), list(name),
// id(name), price(errors) — the form takes euros as typed, the API integer cents.
template <class Src>
CardInput read_card(const Ctx& ctx, Src& src, web::FieldErrors& errors) {
    CardInput in;
    in.service_description_id = src.id(errors, "service_description_id");
    in.title = src.text(errors, "title", 3, 200, false);
    in.summary = src.text(errors, "summary", 0, 500, false);
    in.description = src.text(errors, "description", 0, 5000, true);
    in.duration = src.text(errors, "duration", 1, 100, false);
    in.price = src.price(errors);
    in.delivery_mode = src.text(errors, "delivery_mode", 1, 20, false);
    if (!in.delivery_mode.empty()) {
        const auto& modes = delivery_modes();
        if (std::find(modes.begin(), modes.end(), in.delivery_mode) == modes.end())
            errors.add("delivery_mode", "catalog.unknown_delivery_mode");
    }
    if (auto langs = src.list(errors, "languages")) {
        auto norm = normalize_languages(*langs);
        if (!norm) errors.add("languages", "validation.unknown_language");
        else if (norm->empty()) errors.add("languages", "cards.languages_required");
        else in.languages = *norm;
    }
    if (auto areas = src.list(errors, "areas")) {
        std::set<std::string> seen;
        for (const auto& a : *areas) {
            if (!is_municipality_code(a)) {
                errors.add("areas", "validation.municipality_format");
                break;
            }
            if (seen.insert(a).second) in.areas.push_back(a);
        }
        if (in.areas.empty()) errors.add("areas", "cards.areas_required");
        else if (in.areas.size() > kMaxAreas) errors.add("areas", "cards.too_many_areas");
    }
    in.service_class = src.text(errors, "service_class", 0, 10, false);
    if (!in.service_class.empty() && !is_class_code(in.service_class))
        errors.add("service_class", "validation.service_class_format");
    auto video = src.text(errors, "video_url", 0, 500, false);
    if (!video.empty()) {
        if (auto link = procurement::parse_video_url(video)) in.video_url = link->canonical_url();
        else errors.add("video_url", "cards.video_not_allowed");
    }
    (void)ctx;
    return in;
}

struct FormSource {
    const http::Form& form;
    std::int64_t id(web::FieldErrors& e, const char* k) { return e.id(k, form.get(k)); }
    std::string text(web::FieldErrors& e, const char* k, std::size_t min, std::size_t max, bool multiline) {
        return e.text(k, form.get(k), min, max, multiline);
    }
    std::optional<std::vector<std::string>> list(web::FieldErrors& e, const char* k) {
        auto v = form.all(k);
        for (const auto& s : v)
            if (!text::valid_utf8(s)) {
                e.add(k, "validation.invalid_utf8");
                return std::nullopt;
            }
        if (v.size() > 100) {
            e.add(k, "validation.out_of_range");
            return std::nullopt;
        }
        return v;
    }
    Money price(web::FieldErrors& e) {
        auto v = form.get("price");
        if (text::trim(v).empty()) {
            e.add("price", "validation.required");
            return {};
        }
        auto m = text::valid_utf8(v) ? Money::parse(v) : std::nullopt;
        if (!m) e.add("price", "cards.price_format");
        else if (*m <= Money{}) e.add("price", "cards.price_positive");
        return m.value_or(Money{});
    }
};

struct JsonSource {
    const nlohmann::json& body;
    std::int64_t id(web::FieldErrors& e, const char* k) { return e.id(k, body); }
    std::string text(web::FieldErrors& e, const char* k, std::size_t min, std::size_t max, bool multiline) {
        return e.json_text(k, body, min, max, multiline);
    }
    std::optional<std::vector<std::string>> list(web::FieldErrors& e, const char* k) {
        if (!body.contains(k) || body[k].is_null()) return std::vector<std::string>{};
        const auto& v = body[k];
        if (!v.is_array() || v.size() > 100) {
            e.add(k, "cards.not_a_list");
            return std::nullopt;
        }
        std::vector<std::string> out;
        for (const auto& item : v) {
            if (!item.is_string()) {
                e.add(k, "cards.not_a_list");
                return std::nullopt;
            }
            out.push_back(item.get<std::string>());
        }
        return out;
    }
    Money price(web::FieldErrors& e) {
        if (!body.contains("price_cents")) {
            e.add("price_cents", "validation.required");
            return {};
        }
        const auto& v = body["price_cents"];
        if (!v.is_number_integer() || v.get<std::int64_t>() <= 0 || v.get<std::int64_t>() > 10000000000000LL) {
            e.add("price_cents", "cards.price_cents_format");
            return {};
        }
        return Money::cents(v.get<std::int64_t>());
    }
};

// The API names the price field price_cents; the service's rules call it price.
std::map<std::string, std::string> api_fields(std::map<std::string, std::string> errors) {
    if (auto it = errors.find("price"); it != errors.end()) {
        errors["price_cents"] = it->second;
        errors.erase(it);
    }
    return errors;
}

nlohmann::json provider_json(const ProductCard& c) {
    auto j = to_json(c);
    j["withdrawn_reason"] = c.withdrawn_reason;
    j["created_at"] = c.created_at;
    j["updated_at"] = c.updated_at;
    return j;
}

std::int64_t card_id(const Ctx& ctx) {
    auto id = web::id_param(ctx);
    if (!id) throw NotFound("catalog.card_not_found");
    return *id;
}

std::int64_t own_provider(const Ctx& ctx) {
    const auto& who = ctx.who();
    if (!who.provider_id) throw NotFound("catalog.card_not_found");
    return *who.provider_id;
}

std::string price_model_text(const std::string& json, const std::string& lang, const Ctx& ctx) {
    auto m = procurement::parse_price_model(json);
    if (!m) return "";
    if (const auto* f = std::get_if<procurement::FixedVoucherValue>(&m->base)) {
        std::string out;
        for (const auto& v : f->allowed) out += (out.empty() ? "" : " / ") + v.format(lang);
        return ctx.t("cards.price_fixed") + " " + out;
    }
    const auto& h = std::get<procurement::HourlyRate>(m->base);
    return ctx.t("cards.price_hourly") + " " + h.rate.format(lang) + ", " + ctx.t("cards.price_cap") + " " +
           h.cap.format(lang);
}

// The form page: the service descriptions the provider is admitted to today, their classes
// and areas as choices, and the values as typed (`form`) with messages beside the fields.
Response form_page(Ctx& ctx, db::Database& db, CardService& service, std::optional<std::int64_t> id,
                   nlohmann::json form, const std::map<std::string, std::string>& errors, const std::string& alert,
                   int status) {
    auto admitted = service.admitted_services(ctx.who());
    const auto selected_sd = form.value("service_description_id", std::string());
    const auto selected_class = form.value("service_class", std::string());
    std::set<std::string> selected_areas, selected_langs;
    for (const auto& a : form.value("areas", std::vector<std::string>{})) selected_areas.insert(a);
    for (const auto& l : form.value("languages", std::vector<std::string>{})) selected_langs.insert(l);

    nlohmann::json services = nlohmann::json::array(), classes = nlohmann::json::array(),
                   areas = nlohmann::json::array();
    std::set<std::string> class_seen, area_seen;
    bool any_without_areas = false;
    for (const auto& s : admitted) {
        services.push_back({{"id", s.service.id},
                            {"name", s.service.name(ctx.lang)},
                            {"period_end", s.period_end},
                            {"price_model", price_model_text(s.price_model_json, ctx.lang, ctx)},
                            {"selected", std::to_string(s.service.id) == selected_sd}});
        for (const auto& t : s.classes)
            if (class_seen.insert(t.code).second)
                classes.push_back({{"code", t.code}, {"name", t.label(ctx.lang)}, {"selected", t.code == selected_class}});
        if (s.municipalities.empty()) any_without_areas = true;
        for (const auto& t : s.municipalities)
            if (area_seen.insert(t.code).second)
                areas.push_back({{"code", t.code}, {"name", t.label(ctx.lang)}, {"selected", selected_areas.count(t.code) > 0}});
    }
    if (any_without_areas) {
        auto lease = db.acquire();
        for (const auto& t : list_terms(*lease, "municipality"))
            if (area_seen.insert(t.code).second)
                areas.push_back({{"code", t.code}, {"name", t.label(ctx.lang)}, {"selected", selected_areas.count(t.code) > 0}});
    }
    nlohmann::json langs = nlohmann::json::array();
    for (const auto& l : catalog_languages())
        langs.push_back({{"code", l}, {"name", ctx.t("language." + l)}, {"checked", selected_langs.count(l) > 0}});
    nlohmann::json modes = nlohmann::json::array();
    for (const auto& m : delivery_modes())
        modes.push_back({{"code", m}, {"name", ctx.t("delivery_mode." + m)},
                         {"selected", form.value("delivery_mode", std::string()) == m}});
    nlohmann::json data = {{"title", ctx.t(id ? "cards.edit_title" : "cards.new_title")},
                           {"action", id ? "/provider/cards/" + std::to_string(*id) + "/edit" : "/provider/cards/new"},
                           {"form", form},
                           {"errors", errors},
                           {"alert", alert},
                           {"services", services},
                           {"has_services", !services.empty()},
                           {"classes", classes},
                           {"areas", areas},
                           {"languages", langs},
                           {"delivery_modes", modes}};
    return ctx.page("card_form", data, status);
}

// The form's values as typed, for the re-rendered form (invalid UTF-8 dropped).
nlohmann::json echo_form(const http::Form& f) {
    auto clean = [](const std::string& s) { return text::valid_utf8(s) ? s : std::string(); };
    nlohmann::json out = nlohmann::json::object();
    for (const char* k : {"service_description_id", "title", "summary", "description", "price", "delivery_mode",
                          "duration", "service_class", "video_url"})
        out[k] = clean(f.get(k));
    for (const char* k : {"areas", "languages"}) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& v : f.all(k)) list.push_back(clean(v));
        out[k] = list;
    }
    return out;
}

nlohmann::json echo_card(const ProductCard& c) {
    return {{"service_description_id", std::to_string(c.service.id)},
            {"title", c.title},
            {"summary", c.summary},
            {"description", c.description},
            {"price", c.price.decimal()},
            {"delivery_mode", c.delivery_mode},
            {"duration", c.duration},
            {"service_class", c.service_class},
            {"video_url", c.video_url},
            {"areas", c.areas},
            {"languages", c.languages}};
}

nlohmann::json list_view(const ProductCard& c, const Ctx& ctx) {
    auto v = to_view(c, ctx);
    v["status_name"] = ctx.t("cards.status." + c.status);
    v["is_published"] = c.status == "published";
    v["can_publish"] = c.status != "published";
    if (c.status == "withdrawn" && !c.withdrawn_reason.empty())
        v["withdrawn_reason_name"] = ctx.t("cards.withdrawn_reason." + c.withdrawn_reason);
    // A draft has no period yet; 9999-12-31 is the column's "none".
    if (c.status != "draft" && c.period_end != "9999-12-31") v["period_end_shown"] = c.period_end;
    return v;
}

Response list_page(Ctx& ctx, db::Database& db, const std::string& alert, int status,
                   const std::map<std::string, std::string>& errors = {}) {
    const auto provider_id = own_provider(ctx);
    auto paging = web::parse_paging(ctx, 50, 100);
    auto lease = db.acquire();
    nlohmann::json items = nlohmann::json::array();
    for (const auto& c : list_provider_cards(*lease, provider_id, paging.page_size, paging.offset()))
        items.push_back(list_view(c, ctx));
    nlohmann::json messages = nlohmann::json::array();
    for (const auto& [field, message] : errors) messages.push_back({{"field", field}, {"message", ctx.t(message)}});
    const auto total = count_provider_cards(*lease, provider_id);
    nlohmann::json data = {{"title", ctx.t("cards.title")}, {"cards", items}, {"has_cards", !items.empty()},
                           {"total", total}, {"alert", alert}, {"messages", messages}};
    if (paging.page > 1) data["prev_url"] = "/provider/cards?page=" + std::to_string(paging.page - 1);
    if (paging.offset() + paging.page_size < total) data["next_url"] = "/provider/cards?page=" + std::to_string(paging.page + 1);
    return ctx.page("provider_cards", data, status);
}

// A state change from the list page: refusals come back to the list with the message.
template <class F>
Response list_action(Ctx& ctx, db::Database& db, F&& f) {
    try {
        f();
    } catch (const UserError& e) {
        if (e.status == 404 || e.status == 401 || e.status == 403) throw;
        return list_page(ctx, db, ctx.t(e.detail.empty() ? e.title : e.detail), e.status, e.field_errors);
    }
    return Response::redirect("/provider/cards");
}

nlohmann::json json_body(const Ctx& ctx) {
    // PUT is not covered by the pipeline's media-type check for POST, so the same rule here.
    if (ctx.req.method == "PUT") {
        auto ct = ctx.req.header("content-type");
        auto mt = text::trim(ct.substr(0, ct.find(';')));
        for (auto& ch : mt) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (mt != "application/json")
            throw UserError(415, "error.unsupported_media_type", "error.unsupported_media_type_detail");
    }
    auto body = ctx.req.json();
    if (!body.is_object()) throw UserError(422, "validation.failed", "validation.body_not_object");
    return body;
}

CardInput read_api_card(const Ctx& ctx, const nlohmann::json& body) {
    web::FieldErrors errors(ctx);
    JsonSource src{body};
    auto in = read_card(ctx, src, errors);
    // Every required field must be sent, so a misspelt key is not silently empty.
    for (const char* k : {"languages", "areas"})
        if (!body.contains(k)) errors.add(k, "validation.required");
    static const std::set<std::string> known = {"service_description_id", "title", "summary", "description",
                                                "price_cents", "languages", "delivery_mode", "duration",
                                                "service_class", "areas", "video_url"};
    for (const auto& [k, v] : body.items())
        if (!known.count(k)) errors.add(k.size() > 64 || !text::valid_utf8(k) ? "body" : k, "cards.unknown_field");
    errors.throw_if_any();
    return in;
}

}  // namespace

void register_card_routes(web::Routes& routes, db::Database& db, std::shared_ptr<CardService> service) {
    routes.get("/provider/cards", Action::card_manage, [&db](Ctx& ctx) { return list_page(ctx, db, "", 200); });

    routes.get("/provider/cards/new", Action::card_manage, [&db, service](Ctx& ctx) {
        nlohmann::json form = {{"languages", {"fi"}}, {"delivery_mode", "on_site"}};
        return form_page(ctx, db, *service, std::nullopt, form, {}, "", 200);
    });

    auto save = [&db, service](Ctx& ctx, std::optional<std::int64_t> id) {
        const auto& form = ctx.req.form();
        web::FieldErrors errors(ctx);
        FormSource src{form};
        auto in = read_card(ctx, src, errors);
        if (!errors.empty())
            return form_page(ctx, db, *service, id, echo_form(form), errors.map(), ctx.t("validation.failed"), 422);
        try {
            if (id) service->update(ctx.who(), *id, in);
            else service->create(ctx.who(), in);
        } catch (const UserError& e) {
            if (e.status == 404) throw;
            std::map<std::string, std::string> fields;
            for (const auto& [k, v] : e.field_errors) fields[k] = ctx.t(v);
            return form_page(ctx, db, *service, id, echo_form(form), fields, ctx.t(e.detail.empty() ? e.title : e.detail),
                             e.status);
        }
        return Response::redirect("/provider/cards");
    };

    routes.post("/provider/cards/new", Action::card_manage, [save](Ctx& ctx) { return save(ctx, std::nullopt); });

    routes.get("/provider/cards/{id}/edit", Action::card_manage, [&db, service](Ctx& ctx) {
        auto id = card_id(ctx);
        std::optional<ProductCard> card;
        {
            auto lease = db.acquire();
            card = find_provider_card(*lease, own_provider(ctx), id);
        }
        if (!card) throw NotFound("catalog.card_not_found");
        return form_page(ctx, db, *service, id, echo_card(*card), {}, "", 200);
    });

    routes.post("/provider/cards/{id}/edit", Action::card_manage, [save](Ctx& ctx) { return save(ctx, card_id(ctx)); });

    routes.post("/provider/cards/{id}/publish", Action::card_manage, [&db, service](Ctx& ctx) {
        auto id = card_id(ctx);
        return list_action(ctx, db, [&] { service->publish(ctx.who(), id); });
    });

    routes.post("/provider/cards/{id}/withdraw", Action::card_manage, [&db, service](Ctx& ctx) {
        auto id = card_id(ctx);
        return list_action(ctx, db, [&] { service->withdraw(ctx.who(), id); });
    });

    routes.get("/api/v1/provider/product-cards", Action::card_manage, [&db](Ctx& ctx) {
        const auto provider_id = own_provider(ctx);
        auto paging = web::parse_paging(ctx);
        auto lease = db.acquire();
        nlohmann::json items = nlohmann::json::array();
        for (const auto& c : list_provider_cards(*lease, provider_id, paging.page_size, paging.offset()))
            items.push_back(provider_json(c));
        return Response::json(web::list_envelope(items, count_provider_cards(*lease, provider_id), paging));
    });

    routes.get("/api/v1/provider/product-cards/{id}", Action::card_manage, [&db](Ctx& ctx) {
        auto id = card_id(ctx);
        auto lease = db.acquire();
        auto card = find_provider_card(*lease, own_provider(ctx), id);
        if (!card) throw NotFound("catalog.card_not_found");
        return Response::json(provider_json(*card));
    });

    // Refusals of the rules name the API's fields.
    auto api_call = [](auto&& f) {
        try {
            return f();
        } catch (const Invalid& e) {
            throw Invalid(api_fields(e.field_errors), e.detail);
        }
    };

    routes.post("/api/v1/provider/product-cards", Action::card_manage, [service, api_call](Ctx& ctx) {
        auto in = read_api_card(ctx, json_body(ctx));
        return api_call([&] { return Response::json(provider_json(service->create(ctx.who(), in)), 201); });
    });

    routes.add("PUT", "/api/v1/provider/product-cards/{id}", Action::card_manage, [service, api_call](Ctx& ctx) {
        auto id = card_id(ctx);
        auto in = read_api_card(ctx, json_body(ctx));
        return api_call([&] { return Response::json(provider_json(service->update(ctx.who(), id, in))); });
    });

    routes.post("/api/v1/provider/product-cards/{id}/publish", Action::card_manage, [service, api_call](Ctx& ctx) {
        auto id = card_id(ctx);
        return api_call([&] { return Response::json(provider_json(service->publish(ctx.who(), id))); });
    });

    routes.post("/api/v1/provider/product-cards/{id}/withdraw", Action::card_manage, [service, api_call](Ctx& ctx) {
        auto id = card_id(ctx);
        return api_call([&] { return Response::json(provider_json(service->withdraw(ctx.who(), id))); });
    });

    // Brochures are the provider's marketing material: public while the admission is in force
    // and the provider has a card in the catalog for it. Served as a download with the type
    // sniffed at upload, never rendered inline.
    routes.get("/brochures/{id}", Action::public_read, [&db](Ctx& ctx) {
        std::optional<Brochure> b;
        if (auto id = web::id_param(ctx)) {
            auto lease = db.acquire();
            b = find_brochure(*lease, *id, local_date(ctx.clock.now()));
        }
        if (!b) throw NotFound("cards.brochure_not_found");
        std::string safe;
        for (unsigned char ch : b->file_name)
            safe += (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') ? static_cast<char>(ch) : '_';
        if (safe.empty() || safe.find_first_not_of("._") == std::string::npos) safe = "brochure";
        Response r;
        r.body = std::move(b->content);
        r.set_header("Content-Type", b->content_type);
        r.set_header("Content-Disposition", "attachment; filename=\"" + safe + "\"; filename*=UTF-8''" +
                                                http::url_encode(b->file_name));
        r.set_header("X-Content-Type-Options", "nosniff");
        r.set_header("Cache-Control", "public, max-age=300");
        r.set_header("Content-Security-Policy", "default-src 'none'; sandbox");
        return r;
    });
}

}  // namespace pt::catalog
