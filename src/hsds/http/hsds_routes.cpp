#include "hsds/http/hsds_routes.hpp"

#include <charconv>
#include <regex>
#include <set>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "hsds/data/hsds_queries.hpp"
#include "hsds/domain/hsds.hpp"
#include "hsds/domain/ids.hpp"

namespace pt::hsds {

using http::Response;
using web::Ctx;

namespace {

constexpr int kDefaultPerPage = 50;
constexpr int kMaxPerPage = 100;

// Absolute links (HSDS `url` is format uri): the configured public URL, else this server as
// the client reached it (the Host is part of the cache key, so one client cannot set another's links).
std::string base_url(const Ctx& ctx, const std::string& public_url) {
    if (!public_url.empty()) return public_url;
    static const std::regex host_re("^[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$");
    auto host = ctx.req.header("host");
    if (!std::regex_match(host, host_re)) host = "localhost";
    auto proto = ctx.req.header("x-forwarded-proto");
    return (proto == "https" ? "https://" : "http://") + host;
}

// One query parameter: "" when absent; a repeated one is an error.
class Params {
public:
    explicit Params(const Ctx& ctx) : ctx_(ctx), errors_(ctx) {}

    std::string get(const std::string& name) {
        auto n = ctx_.req.query.count(name);
        if (n > 1) errors_.add(name, "validation.repeated");
        return n == 1 ? ctx_.req.query_param(name) : std::string();
    }
    int integer(const std::string& name, int fallback, int lo, int hi) {
        auto s = get(name);
        if (s.empty()) return fallback;
        int v = 0;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || ptr != s.data() + s.size() || v < lo || v > hi) {
            errors_.add(name, "hsds.bad_" + name);
            return fallback;
        }
        return v;
    }
    bool boolean(const std::string& name) {
        auto s = get(name);
        if (s.empty() || s == "false") return false;
        if (s == "true") return true;
        errors_.add(name, "hsds.bad_boolean");
        return false;
    }
    // A well-formed UUID (or "" when absent); which entity it names is the caller's business.
    std::string uuid(const std::string& name) {
        auto s = get(name);
        if (!s.empty() && !is_uuid(s)) errors_.add(name, "hsds.bad_uuid");
        return s;
    }
    std::string search() { return errors_.text("search", get("search"), 0, 200); }
    void paging(int& page, int& per_page) {
        page = integer("page", 1, 1, 1000000);
        per_page = integer("per_page", kDefaultPerPage, 1, kMaxPerPage);
        if (auto f = get("format"); !f.empty() && f != "json") errors_.add("format", "hsds.bad_format");
    }
    void error(const std::string& name, const std::string& key) { errors_.add(name, key); }
    void throw_if_any() const {
        if (!errors_.empty())
            throw UserError(400, ctx_.t("validation.failed"), ctx_.t("hsds.bad_query"), errors_.map());
    }

private:
    const Ctx& ctx_;
    web::FieldErrors errors_;
};

std::string today(const Ctx& ctx) { return local_date(ctx.clock.now()); }

// Every HSDS answer is JSON, errors included, whatever the Accept header says.
web::AppHandler hsds_handler(web::PageCache& cache, const std::string& public_url, web::AppHandler h) {
    return [&cache, public_url, h = std::move(h)](Ctx& ctx) {
        ctx.api = true;  // the pipeline renders a refusal as problem+json
        // The date is in the key: which cards are in their period depends on today.
        return cache.get_or_make("hsds " + today(ctx) + " " + base_url(ctx, public_url) + " " + ctx.req.target,
                                 [&] { return h(ctx); });
    };
}

bool contains_folded(const std::string& haystack, const std::string& needle) {
    return text::to_lower(haystack).find(text::to_lower(needle)) != std::string::npos;
}

nlohmann::json paged(const nlohmann::json& all, int page, int per_page) {
    nlohmann::json contents = nlohmann::json::array();
    const auto offset = static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(per_page);
    for (std::size_t i = offset; i < all.size() && contents.size() < static_cast<std::size_t>(per_page); ++i)
        contents.push_back(all[i]);
    return page_json(std::move(contents), static_cast<std::int64_t>(all.size()), page, per_page);
}

}  // namespace

void register_routes(web::Routes& routes, db::Database& db, web::PageCache& cache, TextQuery text_query,
                     std::string public_url) {
    while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
    if (!publishable_url(public_url)) public_url.clear();
    auto about = [](Ctx& ctx) {
        ctx.api = true;
        return Response::json(
            {{"version", "3.0.0"},
             {"profile", "https://docs.openreferral.org/en/latest/hsds/"},
             {"openapi_url", "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"},
             {"description",
              "Palvelutori: published service-voucher product cards as HSDS services, their providers as "
              "organizations, PTV service classes, target groups and life events as taxonomies. Read-only."},
             {"id_scheme",
              "UUIDv8: bytes 0-5 = SHA-256(\"palvelutori:hsds:<kind>:<key>\")[0..5], version 8 + 12-bit kind "
              "(1 service, 2 organization, 3 taxonomy, 4 taxonomy_term, 5 cost_option, 6 language, 7 service_area, "
              "8 attribute, 9 organization_identifier), variant 10 + 62-bit payload: the integer key, or "
              "SHA-256(name)[6..13] for text keys."}});
    };
    routes.get("/hsds", Action::public_read, about);
    routes.get("/hsds/", Action::public_read, about);

    routes.get("/hsds/services", Action::public_read, hsds_handler(cache, public_url, [&db, text_query, public_url](Ctx& ctx) {
        Params p(ctx);
        int page = 1, per_page = kDefaultPerPage;
        p.paging(page, per_page);
        ServiceFilter f;
        f.today = today(ctx);
        const auto search = p.search();
        const auto term_uuid = p.uuid("taxonomy_term_id");
        const auto taxonomy_uuid = p.uuid("taxonomy_id");
        const auto org_uuid = p.uuid("organization_id");
        const bool full = p.boolean("full");
        if (p.boolean("minimal")) p.error("minimal", "hsds.minimal_unsupported");
        if (auto m = p.get("modified_after"); !m.empty()) {
            TimePoint tp;
            std::chrono::sys_days day;
            if (parse_iso(m, tp)) f.modified_after = to_iso(tp);
            else if (parse_iso_date(m, day)) f.modified_after = to_iso_date(day) + "T00:00:00Z";
            else p.error("modified_after", "hsds.bad_datetime");
        }
        p.throw_if_any();

        auto lease = db.acquire();
        bool nothing = false;  // a filter that names nothing we publish matches no service
        if (!search.empty()) {
            f.text_query = text_query(search, (*lease).dialect());
            nothing |= f.text_query.empty();
        }
        if (!org_uuid.empty()) {
            f.provider_id = id_from_uuid(Kind::organization, org_uuid);
            nothing |= !f.provider_id;
        }
        if (!taxonomy_uuid.empty()) {
            for (const auto& t : taxonomies())
                if (taxonomy_id(t.scheme) == text::to_lower(taxonomy_uuid)) f.taxonomy = t.scheme;
            nothing |= !f.taxonomy;
        }
        if (!term_uuid.empty()) {
            for (const auto& t : list_terms(*lease))
                if (term_id(t.scheme, t.code) == text::to_lower(term_uuid)) f.term = t;
            nothing |= !f.term;
        }
        ServicePage result;
        if (!nothing) result = list_services(*lease, f, per_page, (page - 1) * per_page);
        if (full) load_details(*lease, result.services);
        const auto base = base_url(ctx, public_url);
        nlohmann::json contents = nlohmann::json::array();
        for (const auto& s : result.services) contents.push_back(service_json(s, base, full));
        return Response::json(page_json(std::move(contents), result.total, page, per_page));
    }));

    routes.get("/hsds/services/{id}", Action::public_read, hsds_handler(cache, public_url, [&db, public_url](Ctx& ctx) {
        std::optional<Service> service;
        if (auto id = id_from_uuid(Kind::service, ctx.req.param("id"))) {
            auto lease = db.acquire();
            service = find_service(*lease, *id, today(ctx));
            if (service) {
                std::vector<Service> one{*service};
                load_details(*lease, one);
                service = one[0];
            }
        }
        if (!service) throw NotFound(ctx.t("hsds.service_not_found"));
        return Response::json(service_json(*service, base_url(ctx, public_url), true));
    }));

    routes.get("/hsds/organizations", Action::public_read, hsds_handler(cache, public_url, [&db, public_url](Ctx& ctx) {
        Params p(ctx);
        int page = 1, per_page = kDefaultPerPage;
        p.paging(page, per_page);
        const auto search = p.search();
        const bool full = p.boolean("full");
        const bool full_service = p.boolean("full_service");
        p.throw_if_any();
        const auto day = today(ctx);
        auto lease = db.acquire();
        auto result = list_organizations(*lease, day, search, per_page, (page - 1) * per_page);
        const auto base = base_url(ctx, public_url);
        nlohmann::json contents = nlohmann::json::array();
        for (const auto& o : result.organizations) {
            auto j = organization_json(o, full);
            if (full) {
                auto services = services_of_organization(*lease, o.id, day);
                if (full_service) load_details(*lease, services);
                j["services"] = nlohmann::json::array();
                for (const auto& s : services) j["services"].push_back(service_json(s, base, full_service));
            }
            contents.push_back(std::move(j));
        }
        return Response::json(page_json(std::move(contents), result.total, page, per_page));
    }));

    routes.get("/hsds/organizations/{id}", Action::public_read, hsds_handler(cache, public_url, [&db, public_url](Ctx& ctx) {
        Params p(ctx);
        const bool full_service = p.boolean("full_service");
        p.throw_if_any();
        std::optional<Organization> org;
        std::vector<Service> services;
        const auto day = today(ctx);
        if (auto id = id_from_uuid(Kind::organization, ctx.req.param("id"))) {
            auto lease = db.acquire();
            org = find_organization(*lease, *id, day);
            if (org) {
                services = services_of_organization(*lease, *id, day);
                if (full_service) load_details(*lease, services);
            }
        }
        if (!org) throw NotFound(ctx.t("hsds.organization_not_found"));
        auto j = organization_json(*org, true);
        j["services"] = nlohmann::json::array();
        const auto base = base_url(ctx, public_url);
        for (const auto& s : services) j["services"].push_back(service_json(s, base, full_service));
        return Response::json(j);
    }));

    routes.get("/hsds/taxonomies", Action::public_read, hsds_handler(cache, public_url, [](Ctx& ctx) {
        Params p(ctx);
        int page = 1, per_page = kDefaultPerPage;
        p.paging(page, per_page);
        const auto search = p.search();
        p.throw_if_any();
        nlohmann::json all = nlohmann::json::array();
        for (const auto& t : taxonomies())
            if (search.empty() || contains_folded(t.name, search) || contains_folded(t.description, search))
                all.push_back(taxonomy_json(t));
        return Response::json(paged(all, page, per_page));
    }));

    routes.get("/hsds/taxonomies/{id}", Action::public_read, hsds_handler(cache, public_url, [](Ctx& ctx) {
        const auto id = text::to_lower(ctx.req.param("id"));
        for (const auto& t : taxonomies())
            if (taxonomy_id(t.scheme) == id) return Response::json(taxonomy_json(t));
        throw NotFound(ctx.t("hsds.taxonomy_not_found"));
    }));

    routes.get("/hsds/taxonomy_terms", Action::public_read, hsds_handler(cache, public_url, [&db](Ctx& ctx) {
        Params p(ctx);
        int page = 1, per_page = kDefaultPerPage;
        p.paging(page, per_page);
        const auto search = p.search();
        const auto taxonomy_uuid = text::to_lower(p.uuid("taxonomy_id"));
        const auto parent_uuid = text::to_lower(p.uuid("parent_id"));
        const bool top_only = p.boolean("top_only");
        p.throw_if_any();
        std::vector<Term> terms;
        {
            auto lease = db.acquire();
            terms = list_terms(*lease);
        }
        std::set<std::pair<std::string, std::string>> known;
        for (const auto& t : terms) known.emplace(t.scheme, t.code);
        nlohmann::json all = nlohmann::json::array();
        for (const auto& t : terms) {
            const bool has_parent = !t.parent_code.empty() && known.count({t.scheme, t.parent_code});
            if (!taxonomy_uuid.empty() && taxonomy_id(t.scheme) != taxonomy_uuid) continue;
            if (!parent_uuid.empty() && (!has_parent || term_id(t.scheme, t.parent_code) != parent_uuid)) continue;
            if (top_only && has_parent) continue;
            if (!search.empty() && !contains_folded(t.label_fi, search) && !contains_folded(t.label_sv, search) &&
                !contains_folded(t.label_en, search) && !contains_folded(t.code, search))
                continue;
            all.push_back(taxonomy_term_json(t, has_parent));
        }
        return Response::json(paged(all, page, per_page));
    }));

    routes.get("/hsds/taxonomy_terms/{id}", Action::public_read, hsds_handler(cache, public_url, [&db](Ctx& ctx) {
        const auto id = text::to_lower(ctx.req.param("id"));
        std::vector<Term> terms;
        if (is_uuid(id)) {
            auto lease = db.acquire();
            terms = list_terms(*lease);
        }
        for (const auto& t : terms) {
            if (term_id(t.scheme, t.code) != id) continue;
            bool has_parent = false;
            for (const auto& other : terms)
                if (other.scheme == t.scheme && other.code == t.parent_code && !t.parent_code.empty()) has_parent = true;
            auto j = taxonomy_term_json(t, has_parent);
            j["taxonomy_detail"] = taxonomy_json(*taxonomy_of(t.scheme));
            return Response::json(j);
        }
        throw NotFound(ctx.t("hsds.taxonomy_term_not_found"));
    }));
}

}  // namespace pt::hsds
