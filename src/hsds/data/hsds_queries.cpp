#include "hsds/data/hsds_queries.hpp"

#include <map>
#include <set>

#include "core/text.hpp"

namespace pt::hsds {

namespace {

constexpr const char* kServiceColumns =
    "pc.id, pc.provider_id, pc.title, pc.summary, pc.description, pc.updated_at, p.email, pc.price_cents";
constexpr const char* kPublished = "pc.status = 'published' AND pc.period_end >= ?";
constexpr const char* kOrganizationColumns = "p.id, p.business_id, p.name, p.description, p.email, p.website";
constexpr const char* kTaxonomySchemes = "('service_class', 'target_group', 'life_event')";

Service service_from(const db::Row& r) {
    Service s;
    s.id = r.i64(0);
    s.provider_id = r.i64(1);
    s.title = r.str(2);
    s.summary = r.str(3);
    s.description = r.str(4);
    s.updated_at = r.str(5);
    s.provider_email = r.str(6);
    s.price_cents = r.i64(7);
    return s;
}

Organization organization_from(const db::Row& r) {
    return {r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)};
}

Term term_from(const db::Row& r, std::size_t at) {
    return {r.str(at), r.str(at + 1), r.str(at + 2), r.str(at + 3), r.str(at + 4), r.str(at + 5)};
}

std::string placeholders(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
    return s;
}

std::string like_pattern(const std::string& text) {
    std::string p = "%";
    for (char ch : text::to_lower(text)) {
        if (ch == '%' || ch == '_' || ch == '!') p += '!';
        p += ch;
    }
    return p + "%";
}

}  // namespace

ServicePage list_services(db::Connection& c, const ServiceFilter& f, int limit, int offset) {
    std::string where = std::string(" WHERE ") + kPublished;
    std::vector<db::Value> params{f.today};
    bool filtered = false;
    if (!f.text_query.empty()) {
        // The catalog's full-text index: FTS5 on SQLite, the tsvector column on PostgreSQL.
        if (c.dialect() == db::Dialect::postgres)
            where += " AND pc.search @@ to_tsquery('simple', ?)";
        else
            where += " AND pc.id IN (SELECT rowid FROM product_cards_fts WHERE product_cards_fts MATCH ?)";
        params.push_back(f.text_query);
        filtered = true;
    }
    if (f.provider_id) {
        where += " AND pc.provider_id = ?";
        params.push_back(*f.provider_id);
        filtered = true;
    }
    if (f.term) {
        // A card carries its own service class and the terms of its service description.
        std::string sd_term =
            "EXISTS (SELECT 1 FROM service_description_terms t WHERE t.service_description_id = pc.service_description_id"
            " AND t.scheme = ? AND t.code = ?)";
        if (f.term->scheme == "service_class") {
            where += " AND (pc.service_class = ? OR " + sd_term + ")";
            params.push_back(f.term->code);
        } else {
            where += " AND " + sd_term;
        }
        params.push_back(f.term->scheme);
        params.push_back(f.term->code);
        filtered = true;
    }
    if (f.taxonomy) {
        std::string any = "EXISTS (SELECT 1 FROM service_description_terms t JOIN classification_terms ct"
                          " ON ct.scheme = t.scheme AND ct.code = t.code"
                          " WHERE t.service_description_id = pc.service_description_id AND t.scheme = ?)";
        if (*f.taxonomy == "service_class")
            any = "(" + any + " OR EXISTS (SELECT 1 FROM classification_terms ct WHERE ct.scheme = 'service_class'"
                              " AND ct.code = pc.service_class))";
        where += " AND " + any;
        params.push_back(*f.taxonomy);
        filtered = true;
    }
    if (f.modified_after) {
        where += " AND pc.updated_at >= ?";
        params.push_back(*f.modified_after);
        filtered = true;
    }

    ServicePage page;
    // Unfiltered, the trigger-kept total is exact unless some published card has run past its
    // period and the nightly job has not yet withdrawn it: then count.
    if (!filtered &&
        c.query("SELECT 1 FROM product_cards WHERE status = 'published' AND period_end < ? LIMIT 1", {f.today}).empty())
        page.total = c.query("SELECT value FROM counters WHERE name = 'published_cards'")[0].i64(0);
    else
        page.total = c.query("SELECT COUNT(*) FROM product_cards pc" + where, params)[0].i64(0);
    if (page.total == 0 || offset >= page.total) return page;

    params.push_back(std::int64_t{limit});
    params.push_back(std::int64_t{offset});
    for (const auto& r : c.query(std::string("SELECT ") + kServiceColumns +
                                     " FROM product_cards pc JOIN providers p ON p.id = pc.provider_id" + where +
                                     " ORDER BY pc.id LIMIT ? OFFSET ?",
                                 params))
        page.services.push_back(service_from(r));
    return page;
}

std::optional<Service> find_service(db::Connection& c, std::int64_t card_id, const std::string& today) {
    auto r = c.query(std::string("SELECT ") + kServiceColumns +
                         " FROM product_cards pc JOIN providers p ON p.id = pc.provider_id WHERE pc.id = ? AND " +
                         kPublished,
                     {card_id, today});
    if (r.empty()) return std::nullopt;
    return service_from(r[0]);
}

std::vector<Service> services_of_organization(db::Connection& c, std::int64_t provider_id, const std::string& today) {
    std::vector<Service> out;
    for (const auto& r : c.query(std::string("SELECT ") + kServiceColumns +
                                     " FROM product_cards pc JOIN providers p ON p.id = pc.provider_id"
                                     " WHERE pc.provider_id = ? AND " + kPublished + " ORDER BY pc.id",
                                 {provider_id, today}))
        out.push_back(service_from(r));
    return out;
}

void load_details(db::Connection& c, std::vector<Service>& services) {
    if (services.empty()) return;
    std::map<std::int64_t, Service*> by_id;
    std::set<std::int64_t> provider_ids;
    std::vector<db::Value> ids;
    for (auto& s : services) {
        by_id[s.id] = &s;
        provider_ids.insert(s.provider_id);
        ids.push_back(s.id);
    }
    const auto in = "(" + placeholders(ids.size()) + ")";

    for (const auto& r : c.query("SELECT product_card_id, language FROM product_card_languages WHERE product_card_id IN " +
                                     in + " ORDER BY product_card_id, language",
                                 ids))
        by_id.at(r.i64(0))->languages.push_back(r.str(1));

    for (const auto& r : c.query("SELECT a.product_card_id, a.municipality_code, ct.label_fi FROM product_card_areas a"
                                 " LEFT JOIN classification_terms ct ON ct.scheme = 'municipality'"
                                 " AND ct.code = a.municipality_code WHERE a.product_card_id IN " +
                                     in + " ORDER BY a.product_card_id, a.municipality_code",
                                 ids))
        by_id.at(r.i64(0))->areas.push_back({r.str(1), r.str(2)});

    // Only terms present in classification_terms become attributes, so every attribute's
    // taxonomy_term_id resolves under /hsds/taxonomy_terms.
    auto twice = ids;
    twice.insert(twice.end(), ids.begin(), ids.end());
    for (const auto& r :
         c.query("SELECT pc.id, ct.scheme, ct.code, ct.parent_code, ct.label_fi, ct.label_sv, ct.label_en"
                 " FROM product_cards pc JOIN classification_terms ct ON ct.scheme = 'service_class'"
                 " AND ct.code = pc.service_class WHERE pc.id IN " + in +
                 " UNION SELECT pc.id, ct.scheme, ct.code, ct.parent_code, ct.label_fi, ct.label_sv, ct.label_en"
                 " FROM product_cards pc JOIN service_description_terms t ON t.service_description_id = pc.service_description_id"
                 " JOIN classification_terms ct ON ct.scheme = t.scheme AND ct.code = t.code"
                 " WHERE pc.id IN " + in + " AND t.scheme IN " + kTaxonomySchemes +
                 " ORDER BY 1, 2, 3",
                 twice))
        by_id.at(r.i64(0))->terms.push_back(term_from(r, 1));

    std::vector<db::Value> pids(provider_ids.begin(), provider_ids.end());
    std::map<std::int64_t, Organization> orgs;
    for (const auto& r : c.query(std::string("SELECT ") + kOrganizationColumns + " FROM providers p WHERE p.id IN (" +
                                     placeholders(pids.size()) + ")",
                                 pids))
        orgs.emplace(r.i64(0), organization_from(r));
    for (auto& s : services)
        if (auto it = orgs.find(s.provider_id); it != orgs.end()) s.organization = it->second;
}

OrganizationPage list_organizations(db::Connection& c, const std::string& today, const std::string& search, int limit,
                                    int offset) {
    std::string where = std::string(" WHERE EXISTS (SELECT 1 FROM product_cards pc WHERE pc.provider_id = p.id AND ") +
                        kPublished + ")";
    std::vector<db::Value> params{today};
    if (!search.empty()) {
        where += " AND LOWER(p.name) LIKE ? ESCAPE '!'";
        params.push_back(like_pattern(search));
    }
    OrganizationPage page;
    page.total = c.query("SELECT COUNT(*) FROM providers p" + where, params)[0].i64(0);
    if (page.total == 0 || offset >= page.total) return page;
    params.push_back(std::int64_t{limit});
    params.push_back(std::int64_t{offset});
    for (const auto& r : c.query(std::string("SELECT ") + kOrganizationColumns + " FROM providers p" + where +
                                     " ORDER BY p.id LIMIT ? OFFSET ?",
                                 params))
        page.organizations.push_back(organization_from(r));
    return page;
}

std::optional<Organization> find_organization(db::Connection& c, std::int64_t provider_id, const std::string& today) {
    auto r = c.query(std::string("SELECT ") + kOrganizationColumns +
                         " FROM providers p WHERE p.id = ? AND EXISTS (SELECT 1 FROM product_cards pc"
                         " WHERE pc.provider_id = p.id AND " + kPublished + ")",
                     {provider_id, today});
    if (r.empty()) return std::nullopt;
    return organization_from(r[0]);
}

std::vector<Term> list_terms(db::Connection& c) {
    std::vector<Term> out;
    for (const auto& r : c.query(std::string("SELECT scheme, code, parent_code, label_fi, label_sv, label_en"
                                             " FROM classification_terms WHERE scheme IN ") +
                                 kTaxonomySchemes + " ORDER BY scheme, code"))
        out.push_back(term_from(r, 0));
    return out;
}

}  // namespace pt::hsds
