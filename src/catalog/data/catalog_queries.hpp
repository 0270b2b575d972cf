#pragma once
// SQL of service descriptions and product cards. Search is the one place the dialects differ:
// SQLite uses the FTS5 table product_cards_fts, PostgreSQL the tsvector column search.
#include <optional>
#include <vector>

#include "catalog/data/classification_queries.hpp"
#include "catalog/domain/catalog.hpp"
#include "catalog/domain/shuffle.hpp"
#include "storage/db.hpp"

namespace pt::catalog {

std::vector<ServiceDescription> list_service_descriptions(db::Connection& c);
std::optional<ServiceDescription> find_service_description(db::Connection& c, std::int64_t id);
bool service_code_taken(db::Connection& c, const std::string& code);
std::int64_t insert_service_description(db::Connection& c, const ServiceDescription& sd);
// service_descriptions.price_model as stored (JSON text); nullopt for an unknown id.
std::optional<std::string> service_price_model(db::Connection& c, std::int64_t service_description_id);

CatalogPage search_product_cards(db::Connection& c, const CatalogQuery& q);
// Published cards only unless any_status; with `visible_on` ("YYYY-MM-DD") also only while
// that day is within the card's period (period_end).
std::optional<ProductCard> find_product_card(db::Connection& c, std::int64_t id, bool any_status = false,
                                             const std::string& visible_on = "");

struct NewProductCard {
    std::int64_t provider_id = 0;
    std::int64_t service_description_id = 0;
    std::string title, summary, description;
    Money price;
    std::vector<std::string> languages;
    std::string delivery_mode, duration, status;
    std::string service_class;
    std::vector<std::string> areas;
    std::string video_url;
    std::string period_end = "9999-12-31";
};
// The sort key comes from today's shuffle (counters.catalog_shuffle_day), like every other card's.
std::int64_t insert_product_card(db::Connection& c, const NewProductCard& card, const std::string& now);
// Replaces the provider-editable fields (not status, period or provider), languages and areas.
void update_product_card(db::Connection& c, std::int64_t id, const NewProductCard& card, const std::string& now);
void set_product_card_status(db::Connection& c, std::int64_t id, const std::string& status,
                             const std::string& withdrawn_reason, const std::string& period_end,
                             const std::string& now);
// A provider's own card in any status (with areas), row-locked on PostgreSQL; nullopt when the
// card does not exist or belongs to another provider.
std::optional<ProductCard> lock_provider_card(db::Connection& c, std::int64_t provider_id, std::int64_t id);
std::optional<ProductCard> find_provider_card(db::Connection& c, std::int64_t provider_id, std::int64_t id);
// Newest first; areas filled.
std::vector<ProductCard> list_provider_cards(db::Connection& c, std::int64_t provider_id, int limit, int offset);
std::int64_t count_provider_cards(db::Connection& c, std::int64_t provider_id);

// Published cards whose period ended before `today`, oldest ids first.
std::vector<std::int64_t> expired_published_cards(db::Connection& c, const std::string& today, int limit);
// Withdraws one card for the period end; false when it was no longer published (another process).
bool end_card_period(db::Connection& c, std::int64_t id, const std::string& now);

// The daily reshuffle's progress in counters: the day whose order is being or was applied, and
// the last card id done (-1: all done).
struct ShuffleState {
    std::int64_t day = 0;
    std::int64_t next_after_id = -1;
};
ShuffleState shuffle_state(db::Connection& c);
// Starts `day` when the stored day is older; true when this call started it.
bool claim_shuffle_day(db::Connection& c, std::int64_t day);
// Moves the progress from `from` to `to` if nobody else did; true when this call moved it.
bool advance_shuffle(db::Connection& c, std::int64_t day, std::int64_t from, std::int64_t to);
// Rewrites the sort keys of cards with from < id <= to; returns the rows changed.
std::int64_t apply_shuffle(db::Connection& c, const ShuffleSeed& seed, std::int64_t from, std::int64_t to);
std::int64_t max_product_card_id(db::Connection& c);

// Terms of `scheme` that some service description carries (the catalog's filter choices).
std::vector<Term> terms_in_use(db::Connection& c, const std::string& scheme);
bool term_exists(db::Connection& c, const std::string& scheme, const std::string& code);
// The labelled terms a card page shows, in one round trip: its areas' municipalities and its
// service class (codes without a term are left out; the page shows the code for them).
std::vector<Term> card_terms(db::Connection& c, std::int64_t card_id, const std::string& service_class);

// A brochure of an admission, public while the admission's period covers `today`
// ("YYYY-MM-DD") and the provider has a published, in-period card for the service.
struct Brochure {
    std::string file_name, content_type, content;
};
std::optional<Brochure> find_brochure(db::Connection& c, std::int64_t admission_id, const std::string& today);

}  // namespace pt::catalog
