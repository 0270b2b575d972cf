#include "catalog/http/catalog_routes.hpp"

#include <regex>

#include "audit/audit.hpp"
#include "catalog/data/catalog_queries.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"

namespace pt::catalog {

using http::Response;
using web::Ctx;

nlohmann::json to_json(const ServiceDescription& sd) {
    return {{"id", sd.id}, {"code", sd.code}, {"name_fi", sd.name_fi}, {"name_en", sd.name_en},
            {"description_fi", sd.description_fi}, {"description_en", sd.description_en},
            {"created_at", sd.created_at}};
}

nlohmann::json to_json(const ProductCard& c) {
    return {{"id", c.id},
            {"title", c.title},
            {"summary", c.summary},
            {"description", c.description},
            {"price_cents", c.price.cents()},
            {"currency", "EUR"},
            {"languages", c.languages},
            {"delivery_mode", c.delivery_mode},
            {"duration", c.duration},
            {"status", c.status},
            {"service_class", c.service_class},
            {"provider", {{"id", c.provider.id}, {"name", c.provider.name}, {"business_id", c.provider.business_id}}},
            {"service_description",
             {{"id", c.service.id}, {"code", c.service.code}, {"name_fi", c.service.name_fi},
              {"name_en", c.service.name_en}}}};
}

nlohmann::json to_view(const ProductCard& c, const Ctx& ctx) {
    auto v = to_json(c);
    v["price"] = c.price.format(ctx.lang);
    v["service_name"] = c.service.name(ctx.lang);
    nlohmann::json langs = nlohmann::json::array();
    for (const auto& l : c.languages) langs.push_back(ctx.t("language." + l));
    v["language_names"] = langs;
    v["delivery_mode_name"] = ctx.t("delivery_mode." + c.delivery_mode);
    return v;
}

namespace {

struct CatalogFilters {
    CatalogQuery query;
    std::map<std::string, std::string> errors;
};

// Same filters for the HTML page and the API; the parameter for the service differs by name.
CatalogFilters read_filters(const Ctx& ctx, const std::string& service_param, const std::string& lang_param) {
    CatalogFilters f;
    web::FieldErrors errors(ctx);
    f.query.text = errors.text("q", ctx.req.query_param("q"), 0, 200);
    auto service = ctx.req.query_param(service_param);
    if (!service.empty()) f.query.service_description_id = errors.id(service_param, service);
    auto lang = ctx.req.query_param(lang_param);
    if (!lang.empty()) {
        const auto& langs = catalog_languages();
        if (std::find(langs.begin(), langs.end(), lang) == langs.end()) errors.add(lang_param, "validation.unknown_language");
        else f.query.language = lang;
    }
    static const std::regex class_re("^P[0-9]{1,2}(\\.[0-9]{1,2})?$");
    static const std::regex municipality_re("^[0-9]{3}$");
    if (auto c = ctx.req.query_param("service_class"); !c.empty()) {
        if (!std::regex_match(c, class_re)) errors.add("service_class", "validation.service_class_format");
        else f.query.service_class = c;
    }
    if (auto m = ctx.req.query_param("municipality"); !m.empty()) {
        if (!std::regex_match(m, municipality_re)) errors.add("municipality", "validation.municipality_format");
        else f.query.municipality = m;
    }
    f.errors = errors.map();
    return f;
}

bool valid_code(const std::string& code) {
    static const std::regex re("^[a-z0-9][a-z0-9-]{1,39}$");
    return std::regex_match(code, re);
}

struct SdInput {
    ServiceDescription sd;
    std::map<std::string, std::string> errors;
};

// One validation for the form and the API: `get` reads a field from either.
template <class Get>
SdInput read_service_description(const Ctx& ctx, db::Database& db, Get get) {
    SdInput in;
    web::FieldErrors errors(ctx);
    in.sd.code = errors.text("code", get("code"), 2, 40);
    if (!in.sd.code.empty() && !valid_code(in.sd.code)) errors.add("code", "validation.code_format");
    in.sd.name_fi = errors.text("name_fi", get("name_fi"), 2, 200);
    in.sd.name_en = errors.text("name_en", get("name_en"), 2, 200);
    in.sd.description_fi = errors.text("description_fi", get("description_fi"), 0, 5000, true);
    in.sd.description_en = errors.text("description_en", get("description_en"), 0, 5000, true);
    in.errors = errors.map();
    return in;
}

std::int64_t create_service_description(const Ctx& ctx, db::Database& db, ServiceDescription sd) {
    sd.created_at = to_iso(ctx.clock.now());
    return db.transact(db::TxMode::write, [&](db::Connection& c) {
        if (service_code_taken(c, sd.code)) throw Conflict(ctx.t("service.code_taken"));
        sd.id = insert_service_description(c, sd);
        audit::write(c, ctx.clock, {ctx.who().user_id, "service_description.create", "service_description",
                                    std::to_string(sd.id), nullptr, to_json(sd)});
        return sd.id;
    });
}

Response admin_page(Ctx& ctx, db::Database& db, const nlohmann::json& form,
                    const std::map<std::string, std::string>& errors, const std::string& alert, int status) {
    auto lease = db.acquire();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& sd : list_service_descriptions(*lease)) list.push_back(to_json(sd));
    return ctx.page("admin_services", {{"title", ctx.t("services.title")}, {"services", list}, {"form", form},
                                       {"errors", errors}, {"alert", alert}},
                    status);
}

}  // namespace

namespace {

// What is the same for every anonymous visitor is served from the cache; a signed-in user's
// pages carry their name, forms and CSRF token, so they are always rendered.
web::AppHandler cached(web::PageCache& cache, web::AppHandler h) {
    return [&cache, h = std::move(h)](Ctx& ctx) {
        if (ctx.user) return h(ctx);
        return cache.get_or_make(ctx.lang + " " + ctx.req.target, [&] { return h(ctx); });
    };
}

}  // namespace

void register_routes(web::Routes& routes, db::Database& db, web::PageCache& cache, OrderFormData order_form) {
    routes.get("/catalog", Action::public_read, cached(cache, [&db](Ctx& ctx) {
        auto f = read_filters(ctx, "service", "lang");
        auto paging = web::parse_paging(ctx, 20, 20);
        f.query.limit = paging.page_size;
        f.query.offset = paging.offset();
        auto lease = db.acquire();
        CatalogPage page;
        if (f.errors.empty()) page = search_product_cards(*lease, f.query);
        nlohmann::json cards = nlohmann::json::array();
        for (const auto& c : page.cards) cards.push_back(to_view(c, ctx));
        nlohmann::json services = nlohmann::json::array();
        for (const auto& sd : list_service_descriptions(*lease))
            services.push_back({{"id", sd.id}, {"name", sd.name(ctx.lang)},
                                {"selected", f.query.service_description_id == sd.id}});
        nlohmann::json langs = nlohmann::json::array();
        for (const auto& l : catalog_languages())
            langs.push_back({{"code", l}, {"name", ctx.t("language." + l)}, {"selected", f.query.language == l}});
        // Links keep the filters; only the page number changes.
        std::string base = "/catalog?q=" + http::url_encode(f.query.text);
        if (f.query.service_description_id) base += "&service=" + std::to_string(*f.query.service_description_id);
        if (f.query.language) base += "&lang=" + *f.query.language;
        if (f.query.service_class) base += "&service_class=" + *f.query.service_class;
        if (f.query.municipality) base += "&municipality=" + *f.query.municipality;
        nlohmann::json data = {{"title", ctx.t("catalog.title")}, {"q", f.query.text}, {"cards", cards},
                               {"services", services}, {"languages", langs}, {"total", page.total},
                               {"has_cards", !cards.empty()}, {"errors", f.errors},
                               {"has_errors", !f.errors.empty()}};
        if (paging.page > 1) data["prev_url"] = base + "&page=" + std::to_string(paging.page - 1);
        if (paging.offset() + paging.page_size < page.total)
            data["next_url"] = base + "&page=" + std::to_string(paging.page + 1);
        data["page"] = paging.page;
        return ctx.page("catalog", data, f.errors.empty() ? 200 : 400);
    }));

    routes.get("/catalog/{id}", Action::public_read, cached(cache, [&db, order_form](Ctx& ctx) {
        std::optional<ProductCard> card;
        if (auto id = web::id_param(ctx)) {
            auto lease = db.acquire();
            card = find_product_card(*lease, *id);
        }
        if (!card) throw NotFound(ctx.t("catalog.card_not_found"));
        nlohmann::json data = {{"title", card->title}, {"card", to_view(*card, ctx)}};
        if (ctx.user && (ctx.user->role == Role::customer || ctx.user->role == Role::counsellor))
            data["order_form"] = order_form(ctx, *card);
        return ctx.page("card", data);
    }));

    routes.get("/admin/service-descriptions", Action::service_description_create, [&db](Ctx& ctx) {
        return admin_page(ctx, db, nlohmann::json::object(), {}, "", 200);
    });

    routes.post("/admin/service-descriptions", Action::service_description_create, [&db](Ctx& ctx) {
        const auto& form = ctx.req.form();
        auto in = read_service_description(ctx, db, [&](const char* k) { return form.get(k); });
        nlohmann::json echo = {{"code", form.get("code")}, {"name_fi", form.get("name_fi")},
                               {"name_en", form.get("name_en")}, {"description_fi", form.get("description_fi")},
                               {"description_en", form.get("description_en")}};
        for (auto& [k, v] : echo.items())
            if (!text::valid_utf8(v.get<std::string>())) v = "";
        if (!in.errors.empty()) return admin_page(ctx, db, echo, in.errors, ctx.t("validation.failed"), 422);
        try {
            create_service_description(ctx, db, in.sd);
        } catch (const Conflict& e) {
            return admin_page(ctx, db, echo, {{"code", e.detail}}, e.detail, 409);
        }
        return Response::redirect("/admin/service-descriptions");
    });

    routes.get("/api/v1/service-descriptions", Action::public_read, cached(cache, [&db](Ctx& ctx) {
        auto paging = web::parse_paging(ctx);
        auto lease = db.acquire();
        auto all = list_service_descriptions(*lease);
        nlohmann::json items = nlohmann::json::array();
        for (std::size_t i = paging.offset(); i < all.size() && items.size() < std::size_t(paging.page_size); ++i)
            items.push_back(to_json(all[i]));
        return Response::json(web::list_envelope(items, static_cast<std::int64_t>(all.size()), paging));
    }));

    routes.get("/api/v1/service-descriptions/{id}", Action::public_read, cached(cache, [&db](Ctx& ctx) {
        std::optional<ServiceDescription> sd;
        if (auto id = web::id_param(ctx)) {
            auto lease = db.acquire();
            sd = find_service_description(*lease, *id);
        }
        if (!sd) throw NotFound(ctx.t("service.not_found"));
        return Response::json(to_json(*sd));
    }));

    routes.post("/api/v1/service-descriptions", Action::service_description_create, [&db](Ctx& ctx) {
        auto body = ctx.req.json();
        if (!body.is_object()) throw UserError(422, ctx.t("validation.failed"), ctx.t("validation.body_not_object"));
        auto in = read_service_description(ctx, db, [&](const char* k) -> std::string {
            if (!body.contains(k) || body[k].is_null()) return "";
            if (!body[k].is_string()) return std::string(1, '\x01');  // wrong type: caught as control chars
            return body[k].get<std::string>();
        });
        // Every field must be sent (descriptions may be ""), so a misspelt key is not silently empty.
        for (const char* k : {"code", "name_fi", "name_en", "description_fi", "description_en"}) {
            if (!body.contains(k)) in.errors[k] = ctx.t("validation.required");
            else if (!body[k].is_string()) in.errors[k] = ctx.t("validation.not_text");
        }
        if (!in.errors.empty()) throw Invalid(in.errors, ctx.t("validation.failed"));
        in.sd.id = create_service_description(ctx, db, in.sd);
        auto lease = db.acquire();
        return Response::json(to_json(*find_service_description(*lease, in.sd.id)), 201);
    });

    routes.get("/api/v1/product-cards", Action::public_read, cached(cache, [&db](Ctx& ctx) {
        auto f = read_filters(ctx, "service_description_id", "language");
        if (!f.errors.empty()) throw UserError(400, ctx.t("validation.failed"), ctx.t("validation.bad_query"), f.errors);
        auto paging = web::parse_paging(ctx);
        f.query.limit = paging.page_size;
        f.query.offset = paging.offset();
        auto lease = db.acquire();
        auto page = search_product_cards(*lease, f.query);
        nlohmann::json items = nlohmann::json::array();
        for (const auto& c : page.cards) items.push_back(to_json(c));
        return Response::json(web::list_envelope(items, page.total, paging));
    }));

    routes.get("/api/v1/product-cards/{id}", Action::public_read, cached(cache, [&db](Ctx& ctx) {
        std::optional<ProductCard> card;
        if (auto id = web::id_param(ctx)) {
            auto lease = db.acquire();
            card = find_product_card(*lease, *id);
        }
        if (!card) throw NotFound(ctx.t("catalog.card_not_found"));
        return Response::json(to_json(*card));
    }));
}

}  // namespace pt::catalog
