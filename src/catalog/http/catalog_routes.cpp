#include "catalog/http/catalog_routes.hpp"

#include <regex>

#include "audit/audit.hpp"
#include "catalog/data/catalog_queries.hpp"
#include "catalog/domain/card_rules.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "procurement/data/admission_queries.hpp"

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
            {"areas", c.areas},
            {"video_url", c.video_url},
            {"period_end", c.period_end},
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

std::string today_of(const Ctx& ctx) { return local_date(ctx.clock.now()); }

namespace {

struct CatalogFilters {
    CatalogQuery query;
    std::map<std::string, std::string> errors;
};

struct FilterNames {
    const char* service;
    const char* language;
    const char* price_min;
    const char* price_max;
    bool cents;  // the API takes cents, the page euros
};
constexpr FilterNames kPageFilters{"service", "lang", "price_min", "price_max", false};
constexpr FilterNames kApiFilters{"service_description_id", "language", "price_min_cents", "price_max_cents", true};

// Same filters for the HTML page and the API; names differ where the page is for people. Codes
// must name a known term: an unknown one is a message beside the filter, not an empty page.
CatalogFilters read_filters(const Ctx& ctx, db::Connection& c, const FilterNames& names) {
    CatalogFilters f;
    web::FieldErrors errors(ctx);
    f.query.text = errors.text("q", ctx.req.query_param("q"), 0, 200);
    f.query.today = today_of(ctx);
    auto service = ctx.req.query_param(names.service);
    if (!service.empty()) f.query.service_description_id = errors.id(names.service, service);
    auto lang = ctx.req.query_param(names.language);
    if (!lang.empty()) {
        const auto& langs = catalog_languages();
        if (std::find(langs.begin(), langs.end(), lang) == langs.end()) errors.add(names.language, "validation.unknown_language");
        else f.query.language = lang;
    }
    static const std::regex class_re("^P[0-9]{1,2}(\\.[0-9]{1,2})?$");
    static const std::regex municipality_re("^[0-9]{3}$");
    static const std::regex code_re("^[A-Za-z0-9][A-Za-z0-9.\\-]{0,19}$");
    struct CodeFilter {
        const char* param;
        const char* scheme;
        const std::regex& re;
        const char* format_key;
        std::optional<std::string>& out;
    };
    const CodeFilter code_filters[] = {
        {"service_class", "service_class", class_re, "validation.service_class_format", f.query.service_class},
        {"municipality", "municipality", municipality_re, "validation.municipality_format", f.query.municipality},
        {"target_group", "target_group", code_re, "catalog.code_format", f.query.target_group},
        {"life_event", "life_event", code_re, "catalog.code_format", f.query.life_event},
    };
    for (const auto& cf : code_filters) {
        auto v = ctx.req.query_param(cf.param);
        if (v.empty()) continue;
        if (!std::regex_match(v, cf.re)) errors.add(cf.param, cf.format_key);
        else if (!term_exists(c, cf.scheme, v)) errors.add(cf.param, "catalog.unknown_code");
        else cf.out = v;
    }
    if (auto m = ctx.req.query_param("delivery_mode"); !m.empty()) {
        const auto& modes = delivery_modes();
        if (std::find(modes.begin(), modes.end(), m) == modes.end()) errors.add("delivery_mode", "catalog.unknown_delivery_mode");
        else f.query.delivery_mode = m;
    }
    auto price = [&](const char* param, std::optional<std::int64_t>& out) {
        auto v = ctx.req.query_param(param);
        if (v.empty()) return;
        if (names.cents) {
            static const std::regex cents_re("^[0-9]{1,13}$");
            if (!std::regex_match(v, cents_re)) errors.add(param, "catalog.price_cents_format");
            else out = std::stoll(v);
        } else {
            auto m = text::valid_utf8(v) ? Money::parse(v) : std::nullopt;
            if (!m || m->is_negative()) errors.add(param, "catalog.price_format");
            else out = m->cents();
        }
    };
    price(names.price_min, f.query.price_min_cents);
    price(names.price_max, f.query.price_max_cents);
    if (f.query.price_min_cents && f.query.price_max_cents && *f.query.price_min_cents > *f.query.price_max_cents)
        errors.add(names.price_max, "catalog.price_range");
    f.errors = errors.map();
    return f;
}

// Labels for the filter selects, in the UI language (the code when a label is missing).
nlohmann::json term_options(db::Connection& c, const std::string& scheme, const std::optional<std::string>& selected,
                            const std::string& lang) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : terms_in_use(c, scheme))
        out.push_back({{"code", t.code}, {"name", t.label(lang)}, {"selected", selected == t.code}});
    return out;
}

// What the card page shows beyond the card's own columns: labels of its class and areas, and
// the brochure of the admission it is published under.
nlohmann::json card_page_details(db::Connection& c, const ProductCard& card, const Ctx& ctx) {
    std::map<std::string, std::string> area_labels;
    std::optional<std::string> class_label;
    for (const auto& t : card_terms(c, card.id, card.service_class)) {
        if (t.scheme == "municipality") area_labels[t.code] = t.label(ctx.lang);
        else class_label = t.label(ctx.lang);
    }
    nlohmann::json areas = nlohmann::json::array();
    for (const auto& code : card.areas) {
        auto it = area_labels.find(code);
        areas.push_back({{"code", code}, {"name", it == area_labels.end() ? code : it->second}});
    }
    nlohmann::json out = {{"area_names", areas}, {"has_areas", !areas.empty()}};
    if (!card.service_class.empty()) out["service_class_name"] = class_label.value_or(card.service_class);
    if (auto a = procurement::find_active_admission(c, card.provider.id, card.service.id, today_of(ctx));
        a && a->brochure_attachment_id)
        out["brochure_url"] = "/brochures/" + std::to_string(a->id);
    return out;
}

}  // namespace

namespace {

// What is the same for every anonymous visitor is served from the cache; a signed-in user's
// pages carry their name, forms and CSRF token, so they are always rendered.
web::AppHandler cached(web::PageCache& cache, web::AppHandler h) {
    return [&cache, h = std::move(h)](Ctx& ctx) {
        if (ctx.user) return h(ctx);
        // The day is part of the key: cards leave the catalog after their period's last day
        // without any change to the data.
        return cache.get_or_make(ctx.lang + " " + today_of(ctx) + " " + ctx.req.target, [&] { return h(ctx); });
    };
}

}  // namespace

void register_routes(web::Routes& routes, db::Database& db, web::PageCache& cache, OrderFormData order_form) {
    routes.get("/catalog", Action::public_read, cached(cache, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        auto f = read_filters(ctx, *lease, kPageFilters);
        auto paging = web::parse_paging(ctx, 20, 20);
        f.query.limit = paging.page_size;
        f.query.offset = paging.offset();
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
        nlohmann::json modes = nlohmann::json::array();
        for (const auto& m : delivery_modes())
            modes.push_back({{"code", m}, {"name", ctx.t("delivery_mode." + m)}, {"selected", f.query.delivery_mode == m}});
        // Links keep the filters; only the page number changes.
        std::string base = "/catalog?q=" + http::url_encode(f.query.text);
        if (f.query.service_description_id) base += "&service=" + std::to_string(*f.query.service_description_id);
        if (f.query.language) base += "&lang=" + *f.query.language;
        for (const auto& [name, v] : {std::pair{"service_class", f.query.service_class},
                                      std::pair{"target_group", f.query.target_group},
                                      std::pair{"life_event", f.query.life_event},
                                      std::pair{"municipality", f.query.municipality},
                                      std::pair{"delivery_mode", f.query.delivery_mode}})
            if (v) base += std::string("&") + name + "=" + http::url_encode(*v);
        // Prices are echoed as typed (valid or not), so a refused value can be corrected in place.
        const auto price_min = ctx.req.query_param("price_min"), price_max = ctx.req.query_param("price_max");
        if (f.query.price_min_cents) base += "&price_min=" + Money::cents(*f.query.price_min_cents).decimal();
        if (f.query.price_max_cents) base += "&price_max=" + Money::cents(*f.query.price_max_cents).decimal();
        nlohmann::json data = {{"title", ctx.t("catalog.title")}, {"q", f.query.text}, {"cards", cards},
                               {"services", services}, {"languages", langs}, {"total", page.total},
                               {"has_cards", !cards.empty()}, {"errors", f.errors},
                               {"has_errors", !f.errors.empty()},
                               {"service_classes", term_options(*lease, "service_class", f.query.service_class, ctx.lang)},
                               {"target_groups", term_options(*lease, "target_group", f.query.target_group, ctx.lang)},
                               {"life_events", term_options(*lease, "life_event", f.query.life_event, ctx.lang)},
                               {"municipalities", term_options(*lease, "municipality", f.query.municipality, ctx.lang)},
                               {"delivery_modes", modes},
                               {"price_min", text::valid_utf8(price_min) ? price_min : ""},
                               {"price_max", text::valid_utf8(price_max) ? price_max : ""}};
        if (paging.page > 1) data["prev_url"] = base + "&page=" + std::to_string(paging.page - 1);
        if (paging.offset() + paging.page_size < page.total)
            data["next_url"] = base + "&page=" + std::to_string(paging.page + 1);
        data["page"] = paging.page;
        return ctx.page("catalog", data, f.errors.empty() ? 200 : 400);
    }));

    routes.get("/catalog/{id}", Action::public_read, cached(cache, [&db, order_form](Ctx& ctx) {
        std::optional<ProductCard> card;
        nlohmann::json extra = nlohmann::json::object();
        if (auto id = web::id_param(ctx)) {
            auto lease = db.acquire();
            card = find_product_card(*lease, *id, false, today_of(ctx));
            if (card) extra = card_page_details(*lease, *card, ctx);
        }
        if (!card) throw NotFound(ctx.t("catalog.card_not_found"));
        auto view = to_view(*card, ctx);
        view.update(extra);
        nlohmann::json data = {{"title", card->title}, {"card", view}};
        if (ctx.user && (ctx.user->role == Role::customer || ctx.user->role == Role::counsellor))
            data["order_form"] = order_form(ctx, *card);
        return ctx.page("card", data);
    }));

    // Service descriptions (admin pages and API): service_description_routes.cpp.

    routes.get("/api/v1/product-cards", Action::public_read, cached(cache, [&db](Ctx& ctx) {
        auto lease = db.acquire();
        auto f = read_filters(ctx, *lease, kApiFilters);
        if (!f.errors.empty()) throw UserError(400, ctx.t("validation.failed"), ctx.t("validation.bad_query"), f.errors);
        auto paging = web::parse_paging(ctx);
        f.query.limit = paging.page_size;
        f.query.offset = paging.offset();
        auto page = search_product_cards(*lease, f.query);
        nlohmann::json items = nlohmann::json::array();
        for (const auto& c : page.cards) items.push_back(to_json(c));
        return Response::json(web::list_envelope(items, page.total, paging));
    }));

    routes.get("/api/v1/product-cards/{id}", Action::public_read, cached(cache, [&db](Ctx& ctx) {
        std::optional<ProductCard> card;
        if (auto id = web::id_param(ctx)) {
            auto lease = db.acquire();
            card = find_product_card(*lease, *id, false, today_of(ctx));
        }
        if (!card) throw NotFound(ctx.t("catalog.card_not_found"));
        return Response::json(to_json(*card));
    }));
}

}  // namespace pt::catalog
