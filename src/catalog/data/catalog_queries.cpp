#include "catalog/data/catalog_queries.hpp"

#include "catalog/domain/search_terms.hpp"
#include "core/text.hpp"

#include <map>

namespace pt::catalog {

namespace {

ServiceDescription sd_from(const db::Row& r) {
    return {r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6)};
}

constexpr const char* kSdColumns = "id, code, name_fi, name_en, description_fi, description_en, created_at";

constexpr const char* kCardColumns =
    "pc.id, pc.title, pc.summary, pc.description, pc.price_cents, pc.languages, pc.delivery_mode, pc.duration, "
    "pc.status, p.id, p.name, p.business_id, sd.id, sd.code, sd.name_fi, sd.name_en, pc.service_class, "
    "pc.video_url, pc.period_end, pc.withdrawn_reason, pc.created_at, pc.updated_at";
constexpr int kCardColumnCount = 22;
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
    c.video_url = r.str(17);
    c.period_end = r.str(18);
    c.withdrawn_reason = r.str(19);
    c.created_at = r.str(20);
    c.updated_at = r.str(21);
    return c;
}

void load_areas(db::Connection& c, ProductCard& card) {
    card.areas.clear();
    for (const auto& a : c.query("SELECT municipality_code FROM product_card_areas WHERE product_card_id = ? "
                                 "ORDER BY municipality_code",
                                 {card.id}))
        card.areas.push_back(a.str(0));
}

void write_languages_and_areas(db::Connection& c, std::int64_t id, const NewProductCard& card) {
    for (const auto& l : card.languages)
        c.execute("INSERT INTO product_card_languages (product_card_id, language) VALUES (?, ?)", {id, l});
    for (const auto& a : card.areas)
        c.execute("INSERT INTO product_card_areas (product_card_id, municipality_code) VALUES (?, ?)", {id, a});
}

std::int64_t counter(db::Connection& c, const char* name, std::int64_t fallback) {
    auto r = c.query("SELECT value FROM counters WHERE name = ?", {std::string(name)});
    return r.empty() ? fallback : r[0].i64(0);
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

std::optional<std::string> service_price_model(db::Connection& c, std::int64_t service_description_id) {
    // A share lock on PostgreSQL: publishing against a price model waits for an edit of it
    // (which takes FOR UPDATE) to commit, and the edit waits for the publish.
    auto r = c.query(std::string("SELECT price_model FROM service_descriptions WHERE id = ?") +
                         (c.dialect() == db::Dialect::postgres ? " FOR SHARE" : ""),
                     {service_description_id});
    if (r.empty()) return std::nullopt;
    return r[0].str(0);
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
    // Target groups and life events belong to the service description: a handful of ids.
    for (const auto& [scheme, code] : {std::pair{"target_group", q.target_group}, std::pair{"life_event", q.life_event}}) {
        if (!code) continue;
        where += " AND pc.service_description_id IN (SELECT t.service_description_id FROM service_description_terms t "
                 "WHERE t.scheme = ? AND t.code = ?)";
        params.push_back(std::string(scheme));
        params.push_back(*code);
    }
    if (q.delivery_mode) {
        where += " AND pc.delivery_mode = ?";
        params.push_back(*q.delivery_mode);
    }
    // "+ 0" keeps the planners on the sort_key order: half the cards share a price, and sorting
    // them all by key would cost more than walking the listing index past the others.
    if (q.price_min_cents) {
        where += " AND pc.price_cents + 0 >= ?";
        params.push_back(*q.price_min_cents);
    }
    if (q.price_max_cents) {
        where += " AND pc.price_cents + 0 <= ?";
        params.push_back(*q.price_max_cents);
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

    const bool filtered = !params.empty();
    // A card leaves the catalog after its period's last day, even before the daily job has
    // withdrawn it. Written as an expression so no planner trades the sort_key order for it.
    if (!q.today.empty()) {
        where += " AND (pc.period_end || '') >= ?";
        params.push_back(q.today);
    }

    CatalogPage page;
    if (terms.empty()) {
        // Without text the page walks an index in sort_key order and stops early; the total is
        // a separate count, or for the unfiltered catalog the trigger-kept total, which is
        // exact unless some published card's period has ended and the job has not yet run.
        bool counter_exact = !filtered;
        if (counter_exact && !q.today.empty())
            counter_exact = c.query("SELECT 1 FROM product_cards WHERE status = 'published' AND period_end < ? LIMIT 1",
                                    {q.today})
                                .empty();
        page.total = counter_exact
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
        if (!terms.empty()) page.total = r.i64(kCardColumnCount);
    }
    // The page's areas in one query, not one per card.
    if (!page.cards.empty()) {
        std::string in;
        std::vector<db::Value> ids;
        std::map<std::int64_t, ProductCard*> by_id;
        for (auto& card : page.cards) {
            in += in.empty() ? "?" : ", ?";
            ids.push_back(card.id);
            by_id[card.id] = &card;
        }
        for (const auto& r : c.query("SELECT product_card_id, municipality_code FROM product_card_areas "
                                     "WHERE product_card_id IN (" + in + ") ORDER BY product_card_id, municipality_code",
                                     ids))
            by_id[r.i64(0)]->areas.push_back(r.str(1));
    }
    if (!terms.empty() && rows.empty() && q.offset > 0)
        page.total = c.query("SELECT COUNT(*)" + from + where, params)[0].i64(0);
    return page;
}

std::optional<ProductCard> find_product_card(db::Connection& c, std::int64_t id, bool any_status,
                                             const std::string& visible_on) {
    std::string sql = std::string("SELECT ") + kCardColumns + kCardJoins + " WHERE pc.id = ?";
    std::vector<db::Value> params{id};
    if (!any_status) sql += " AND pc.status = 'published'";
    if (!visible_on.empty()) {
        sql += " AND pc.period_end >= ?";
        params.push_back(visible_on);
    }
    auto r = c.query(sql, params);
    if (r.empty()) return std::nullopt;
    auto card = card_from(r[0]);
    load_areas(c, card);
    return card;
}

std::int64_t insert_product_card(db::Connection& c, const NewProductCard& card, const std::string& now) {
    auto id = c.query("INSERT INTO product_cards (provider_id, service_description_id, title, summary, description, "
                      "price_cents, languages, delivery_mode, duration, status, created_at, updated_at, service_class, "
                      "video_url, period_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {card.provider_id, card.service_description_id, card.title, card.summary, card.description,
                       card.price.cents(), join(card.languages), card.delivery_mode, card.duration, card.status, now,
                       now, card.service_class, card.video_url, card.period_end})[0]
                  .i64(0);
    const auto seed = shuffle_seed(counter(c, "catalog_shuffle_day", 0));
    c.execute("UPDATE product_cards SET sort_key = ? WHERE id = ?", {shuffle_key(id, seed), id});
    write_languages_and_areas(c, id, card);
    return id;
}

void update_product_card(db::Connection& c, std::int64_t id, const NewProductCard& card, const std::string& now) {
    c.execute("UPDATE product_cards SET service_description_id = ?, title = ?, summary = ?, description = ?, "
              "price_cents = ?, languages = ?, delivery_mode = ?, duration = ?, service_class = ?, video_url = ?, "
              "updated_at = ? WHERE id = ?",
              {card.service_description_id, card.title, card.summary, card.description, card.price.cents(),
               join(card.languages), card.delivery_mode, card.duration, card.service_class, card.video_url, now, id});
    c.execute("DELETE FROM product_card_languages WHERE product_card_id = ?", {id});
    c.execute("DELETE FROM product_card_areas WHERE product_card_id = ?", {id});
    write_languages_and_areas(c, id, card);
}

void set_product_card_status(db::Connection& c, std::int64_t id, const std::string& status,
                             const std::string& withdrawn_reason, const std::string& period_end,
                             const std::string& now) {
    c.execute("UPDATE product_cards SET status = ?, withdrawn_reason = ?, period_end = ?, updated_at = ? WHERE id = ?",
              {status, withdrawn_reason, period_end, now, id});
}

std::optional<ProductCard> find_provider_card(db::Connection& c, std::int64_t provider_id, std::int64_t id) {
    auto r = c.query(std::string("SELECT ") + kCardColumns + kCardJoins + " WHERE pc.id = ? AND pc.provider_id = ?",
                     {id, provider_id});
    if (r.empty()) return std::nullopt;
    auto card = card_from(r[0]);
    load_areas(c, card);
    return card;
}

std::optional<ProductCard> lock_provider_card(db::Connection& c, std::int64_t provider_id, std::int64_t id) {
    if (c.dialect() == db::Dialect::postgres)
        c.query("SELECT id FROM product_cards WHERE id = ? AND provider_id = ? FOR UPDATE", {id, provider_id});
    return find_provider_card(c, provider_id, id);
}

std::vector<ProductCard> list_provider_cards(db::Connection& c, std::int64_t provider_id, int limit, int offset) {
    std::vector<ProductCard> out;
    for (const auto& r : c.query(std::string("SELECT ") + kCardColumns + kCardJoins +
                                     " WHERE pc.provider_id = ? ORDER BY pc.id DESC LIMIT ? OFFSET ?",
                                 {provider_id, std::int64_t{limit}, std::int64_t{offset}})) {
        out.push_back(card_from(r));
        load_areas(c, out.back());
    }
    return out;
}

std::int64_t count_provider_cards(db::Connection& c, std::int64_t provider_id) {
    return c.query("SELECT COUNT(*) FROM product_cards WHERE provider_id = ?", {provider_id})[0].i64(0);
}

std::vector<std::int64_t> expired_published_cards(db::Connection& c, const std::string& today, int limit) {
    std::vector<std::int64_t> out;
    for (const auto& r : c.query("SELECT id FROM product_cards WHERE status = 'published' AND period_end < ? "
                                 "ORDER BY id LIMIT ?",
                                 {today, std::int64_t{limit}}))
        out.push_back(r.i64(0));
    return out;
}

bool end_card_period(db::Connection& c, std::int64_t id, const std::string& now) {
    return c.execute("UPDATE product_cards SET status = 'withdrawn', withdrawn_reason = 'period_ended', updated_at = ? "
                     "WHERE id = ? AND status = 'published'",
                     {now, id}) > 0;
}

namespace {

void ensure_shuffle_counters(db::Connection& c) {
    c.execute("INSERT INTO counters (name, value) VALUES ('catalog_shuffle_day', 0) ON CONFLICT (name) DO NOTHING");
    c.execute("INSERT INTO counters (name, value) VALUES ('catalog_shuffle_next_id', -1) ON CONFLICT (name) DO NOTHING");
}

}  // namespace

ShuffleState shuffle_state(db::Connection& c) {
    // One statement, so both values come from the same snapshot.
    ShuffleState s;
    for (const auto& r : c.query("SELECT name, value FROM counters WHERE name IN ('catalog_shuffle_day', "
                                 "'catalog_shuffle_next_id')")) {
        if (r.str(0) == "catalog_shuffle_day") s.day = r.i64(1);
        else s.next_after_id = r.i64(1);
    }
    return s;
}

bool claim_shuffle_day(db::Connection& c, std::int64_t day) {
    ensure_shuffle_counters(c);
    if (c.execute("UPDATE counters SET value = ? WHERE name = 'catalog_shuffle_day' AND value < ?", {day, day}) == 0)
        return false;
    c.execute("UPDATE counters SET value = 0 WHERE name = 'catalog_shuffle_next_id'");
    return true;
}

bool advance_shuffle(db::Connection& c, std::int64_t day, std::int64_t from, std::int64_t to) {
    // The conditional UPDATE is the claim: on PostgreSQL a concurrent one waits for the row lock
    // and then finds the value moved.
    if (c.query("SELECT 1 FROM counters WHERE name = 'catalog_shuffle_day' AND value = ?", {day}).empty()) return false;
    return c.execute("UPDATE counters SET value = ? WHERE name = 'catalog_shuffle_next_id' AND value = ?", {to, from}) > 0;
}

std::int64_t apply_shuffle(db::Connection& c, const ShuffleSeed& seed, std::int64_t from, std::int64_t to) {
    // One version bump per batch: cached pages must not keep a half-shuffled order all day
    // (the SQLite row trigger ignores sort_key, migration 0006).
    c.execute("UPDATE counters SET value = value + 1 WHERE name = 'catalog_version'");
    return c.execute("UPDATE product_cards SET sort_key = " + shuffle_key_sql("id", seed) + " WHERE id > ? AND id <= ?",
                     {from, to});
}

std::int64_t max_product_card_id(db::Connection& c) {
    return c.query("SELECT COALESCE(MAX(id), 0) FROM product_cards")[0].i64(0);
}

std::vector<Term> terms_in_use(db::Connection& c, const std::string& scheme) {
    std::vector<Term> out;
    for (const auto& r : c.query("SELECT ct.scheme, ct.code, ct.parent_code, ct.label_fi, ct.label_sv, ct.label_en "
                                 "FROM classification_terms ct WHERE ct.scheme = ? AND EXISTS (SELECT 1 FROM "
                                 "service_description_terms st WHERE st.scheme = ct.scheme AND st.code = ct.code) "
                                 "ORDER BY ct.code",
                                 {scheme}))
        out.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)});
    return out;
}

bool term_exists(db::Connection& c, const std::string& scheme, const std::string& code) {
    return !c.query("SELECT 1 FROM classification_terms WHERE scheme = ? AND code = ?", {scheme, code}).empty();
}

std::vector<Term> card_terms(db::Connection& c, std::int64_t card_id, const std::string& service_class) {
    std::vector<Term> out;
    for (const auto& r : c.query("SELECT t.scheme, t.code, t.parent_code, t.label_fi, t.label_sv, t.label_en "
                                 "FROM product_card_areas a JOIN classification_terms t ON t.scheme = 'municipality' "
                                 "AND t.code = a.municipality_code WHERE a.product_card_id = ? UNION ALL "
                                 "SELECT scheme, code, parent_code, label_fi, label_sv, label_en FROM classification_terms "
                                 "WHERE scheme = 'service_class' AND code = ?",
                                 {card_id, service_class}))
        out.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)});
    return out;
}

std::optional<Brochure> find_brochure(db::Connection& c, std::int64_t admission_id, const std::string& today) {
    // Dates are "YYYY-MM-DD" text: string order is date order on both databases.
    auto r = c.query("SELECT at.file_name, at.content_type, at.content FROM admissions ad "
                     "JOIN attachments at ON at.id = ad.brochure_attachment_id "
                     "WHERE ad.id = ? AND ad.period_start <= ? AND ad.period_end >= ? AND EXISTS (SELECT 1 FROM "
                     "product_cards pc WHERE pc.provider_id = ad.provider_id AND pc.service_description_id = "
                     "ad.service_description_id AND pc.status = 'published' AND pc.period_end >= ?)",
                     {admission_id, today, today, today});
    if (r.empty()) return std::nullopt;
    return Brochure{r[0].str(0), r[0].str(1), r[0].blob(2)};
}

}  // namespace pt::catalog
