#include "catalog/data/catalog_queries.hpp"

#include "catalog/domain/search_terms.hpp"
#include "core/text.hpp"

namespace pt::catalog {

namespace {

ServiceDescription sd_from(const db::Row& r) {
    return {r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6)};
}

constexpr const char* kSdColumns = "id, code, name_fi, name_en, description_fi, description_en, created_at";

constexpr const char* kCardColumns =
    "pc.id, pc.title, pc.summary, pc.description, pc.price_cents, pc.languages, pc.delivery_mode, pc.duration, "
    "pc.status, p.id, p.name, p.business_id, sd.id, sd.code, sd.name_fi, sd.name_en, pc.service_class";
#define PT_CARD_REFS \
    " JOIN providers p ON p.id = pc.provider_id JOIN service_descriptions sd ON sd.id = pc.service_description_id"
constexpr const char* kCardJoins = " FROM product_cards pc" PT_CARD_REFS;
constexpr const char* kCardRefs = PT_CARD_REFS;
#undef PT_CARD_REFS

ProductCard card_from(const db::Row& r) {
    ProductCard c;
    c.id = r.i64(0);
    c.title = r.str(1);
    c.summary = r.str(2);
    c.description = r.str(3);
    c.price = Money::cents(r.i64(4));
    for (auto& l : text::split(r.str(5), ','))
        if (!l.empty()) c.languages.push_back(l);
    c.delivery_mode = r.str(6);
    c.duration = r.str(7);
    c.status = r.str(8);
    c.provider = {r.i64(9), r.str(10), r.str(11)};
    c.service.id = r.i64(12);
    c.service.code = r.str(13);
    c.service.name_fi = r.str(14);
    c.service.name_en = r.str(15);
    c.service_class = r.str(16);
    return c;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

}  // namespace

std::vector<ServiceDescription> list_service_descriptions(db::Connection& c) {
    std::vector<ServiceDescription> out;
    for (const auto& r : c.query(std::string("SELECT ") + kSdColumns + " FROM service_descriptions ORDER BY name_fi, id"))
        out.push_back(sd_from(r));
    return out;
}

std::optional<ServiceDescription> find_service_description(db::Connection& c, std::int64_t id) {
    auto r = c.query(std::string("SELECT ") + kSdColumns + " FROM service_descriptions WHERE id = ?", {id});
    if (r.empty()) return std::nullopt;
    return sd_from(r[0]);
}

bool service_code_taken(db::Connection& c, const std::string& code) {
    return !c.query("SELECT 1 FROM service_descriptions WHERE code = ?", {code}).empty();
}

std::int64_t insert_service_description(db::Connection& c, const ServiceDescription& sd) {
    return c.query("INSERT INTO service_descriptions (code, name_fi, name_en, description_fi, description_en, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                   {sd.code, sd.name_fi, sd.name_en, sd.description_fi, sd.description_en, sd.created_at})[0]
        .i64(0);
}

CatalogPage search_product_cards(db::Connection& c, const CatalogQuery& q) {
    const bool pg = c.dialect() == db::Dialect::postgres;
    const auto terms = search_terms(q.text);
    // Filtering, ranking and paging run over ids only; the columns (long descriptions among
    // them) are fetched for the page's rows alone. Sorting whole rows of every match was ten
    // times slower.
    std::string from = " FROM product_cards pc";
    std::string where = " WHERE pc.status = 'published'";
    std::string rank = "0";
    std::string order = " ORDER BY pc.sort_key, pc.id";
    std::vector<db::Value> rank_params, params;

    if (!terms.empty()) {
        if (pg) {
            where += " AND pc.search @@ to_tsquery('simple', ?)";
            params.push_back(pg_tsquery(terms));
            rank = "-ts_rank(pc.search, to_tsquery('simple', ?))";
            rank_params.push_back(pg_tsquery(terms));
            order = " ORDER BY r, pc.sort_key, pc.id";
        } else {
            from += " JOIN product_cards_fts f ON f.rowid = pc.id";
            where += " AND product_cards_fts MATCH ?";
            params.push_back(fts5_query(terms));
            rank = "f.rank";
            order = " ORDER BY f.rank, pc.sort_key, pc.id";
        }
    } else if (!text::trim(q.text).empty()) {
        return {};  // typed something, but nothing searchable (only punctuation): no results
    }
    if (q.service_description_id) {
        where += " AND pc.service_description_id = ?";
        params.push_back(*q.service_description_id);
    }
    if (q.service_class) {
        where += " AND pc.service_class = ?";
        params.push_back(*q.service_class);
    }

    // The most selective probe first: a municipality passes about one card in ten, a language
    // most cards, and SQLite checks these conditions in the order written.
    if (q.municipality) {
        where += " AND EXISTS (SELECT 1 FROM product_card_areas a WHERE a.municipality_code = ? AND a.product_card_id = pc.id)";
        params.push_back(*q.municipality);
    }
    if (q.language) {
        where += " AND EXISTS (SELECT 1 FROM product_card_languages l WHERE l.language = ? AND l.product_card_id = pc.id)";
        params.push_back(*q.language);
    }

    CatalogPage page;
    if (terms.empty()) {
        // Without text the page walks an index in sort_key order and stops early; the total is
        // a separate index-only count, or for the unfiltered catalog the trigger-kept total.
        page.total = params.empty()
                         ? c.query("SELECT value FROM counters WHERE name = 'published_cards'")[0].i64(0)
                         : c.query("SELECT COUNT(*)" + from + where, params)[0].i64(0);
        if (page.total == 0) return page;
    }
    // Ranking needs every match anyway, so when searching the total comes from the same pass.
    std::string inner = "SELECT pc.id AS id, " + rank + " AS r, pc.sort_key AS k, " +
                        (terms.empty() ? std::string("0") : std::string("COUNT(*) OVER ()")) + " AS total" + from +
                        where + order + " LIMIT ? OFFSET ?";
    auto list_params = rank_params;
    list_params.insert(list_params.end(), params.begin(), params.end());
    list_params.push_back(std::int64_t{q.limit});
    list_params.push_back(std::int64_t{q.offset});
    auto rows = c.query(std::string("SELECT ") + kCardColumns + ", m.total FROM (" + inner +
                            ") m JOIN product_cards pc ON pc.id = m.id" + kCardRefs + " ORDER BY m.r, m.k, m.id",
                        list_params);
    for (const auto& r : rows) {
        page.cards.push_back(card_from(r));
        if (!terms.empty()) page.total = r.i64(17);
    }
    if (!terms.empty() && rows.empty() && q.offset > 0)
        page.total = c.query("SELECT COUNT(*)" + from + where, params)[0].i64(0);
    return page;
}

std::optional<ProductCard> find_product_card(db::Connection& c, std::int64_t id, bool any_status) {
    auto r = c.query(std::string("SELECT ") + kCardColumns + kCardJoins + " WHERE pc.id = ?" +
                         (any_status ? "" : " AND pc.status = 'published'"),
                     {id});
    if (r.empty()) return std::nullopt;
    auto card = card_from(r[0]);
    for (const auto& a : c.query("SELECT municipality_code FROM product_card_areas WHERE product_card_id = ? "
                                 "ORDER BY municipality_code",
                                 {id}))
        card.areas.push_back(a.str(0));
    return card;
}

std::int64_t insert_product_card(db::Connection& c, const NewProductCard& card, const std::string& now) {
    auto id = c.query("INSERT INTO product_cards (provider_id, service_description_id, title, summary, description, "
                      "price_cents, languages, delivery_mode, duration, status, created_at, updated_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {card.provider_id, card.service_description_id, card.title, card.summary, card.description,
                       card.price.cents(), join(card.languages), card.delivery_mode, card.duration, card.status, now,
                       now})[0]
                  .i64(0);
    c.execute("UPDATE product_cards SET sort_key = ?, service_class = ? WHERE id = ?",
              {neutral_sort_key(id), card.service_class, id});
    for (const auto& l : card.languages)
        c.execute("INSERT INTO product_card_languages (product_card_id, language) VALUES (?, ?)", {id, l});
    for (const auto& a : card.areas)
        c.execute("INSERT INTO product_card_areas (product_card_id, municipality_code) VALUES (?, ?)", {id, a});
    return id;
}

}  // namespace pt::catalog
