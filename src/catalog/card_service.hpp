#pragma once
#include <functional>
// Use cases of a provider's product cards and the catalog's scheduled jobs. Each change runs in
// one write transaction with its audit record. Refusals are pt::UserError / pt::Invalid whose
// texts are i18n keys ("cards.not_admitted").
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/data/catalog_queries.hpp"
#include "core/access.hpp"
#include "core/clock.hpp"
#include "storage/db.hpp"

namespace pt::catalog {

// What a provider sends for a card, already checked field by field (lengths, enums, formats).
struct CardInput {
    std::int64_t service_description_id = 0;
    std::string title, summary, description;
    Money price;
    std::vector<std::string> languages;  // normalized: fi, sv, en order
    std::string delivery_mode, duration;
    std::string service_class;           // "" lets the service description's only class apply
    std::vector<std::string> areas;      // municipality codes
    std::string video_url;               // canonical URL or ""
};

// A service description the provider may put cards under today, with what the form offers.
struct AdmittedService {
    ServiceDescription service;
    std::string period_end;
    std::vector<Term> classes;         // scheme service_class
    std::vector<Term> municipalities;  // empty: the description names none, any municipality goes
    std::string price_model_json;
};

class CardService {
public:
    CardService(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

    ProductCard create(const Principal& who, const CardInput& in);  // a draft
    // A published card is checked against the publishing rules again and stays published.
    ProductCard update(const Principal& who, std::int64_t id, const CardInput& in);
    ProductCard publish(const Principal& who, std::int64_t id);
    ProductCard withdraw(const Principal& who, std::int64_t id);

    std::vector<AdmittedService> admitted_services(const Principal& who);

    // Scheduled jobs; safe in several processes at once. Each returns the cards it changed.
    // Withdraws published cards whose period ended (withdrawn_reason 'period_ended', audited).
    std::int64_t end_expired_cards();
    // Once a day: rewrites every card's sort key with the day's permutation, `batch` ids per
    // transaction, so writers wait at most one batch.
    std::int64_t reshuffle(std::int64_t batch = 5000);

private:
    struct StatusChange {
        std::string status, withdrawn_reason, period_end;
    };
    ProductCard change_status(const Principal& who, std::int64_t id, const char* action,
                              const std::function<StatusChange(db::Connection&, const ProductCard&,
                                                               const std::string& today)>& status_change);
    db::Database& db_;
    const Clock& clock_;
};

nlohmann::json card_audit_json(const ProductCard& c);

}  // namespace pt::catalog
