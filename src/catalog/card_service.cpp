#include "catalog/card_service.hpp"

#include <functional>

#include <algorithm>
#include <map>

#include "audit/audit.hpp"
#include "catalog/domain/card_rules.hpp"
#include "core/errors.hpp"
#include "procurement/data/admission_queries.hpp"
#include "procurement/domain/price_model_json.hpp"

namespace pt::catalog {

nlohmann::json card_audit_json(const ProductCard& c) {
    return {{"id", c.id},
            {"status", c.status},
            {"withdrawn_reason", c.withdrawn_reason},
            {"service_description_id", c.service.id},
            {"title", c.title},
            {"summary", c.summary},
            {"description", c.description},
            {"price_cents", c.price.cents()},
            {"languages", c.languages},
            {"delivery_mode", c.delivery_mode},
            {"duration", c.duration},
            {"service_class", c.service_class},
            {"areas", c.areas},
            {"video_url", c.video_url},
            {"period_end", c.period_end}};
}

namespace {

std::int64_t provider_of(const Principal& who) {
    // The access rule lets provider users only; a user without an organization owns nothing.
    if (!who.provider_id) throw NotFound("catalog.card_not_found");
    return *who.provider_id;
}

std::optional<AdmissionPeriod> admission_period(db::Connection& c, std::int64_t provider_id, std::int64_t sd_id,
                                                const std::string& today) {
    auto a = procurement::find_active_admission(c, provider_id, sd_id, today);
    if (!a) return std::nullopt;
    return AdmissionPeriod{a->period_start, a->period_end};
}

std::vector<Term> terms_of(db::Connection& c, std::int64_t sd_id, const std::string& scheme) {
    std::vector<Term> out;
    for (auto& t : terms_of_service(c, sd_id))
        if (t.scheme == scheme) out.push_back(std::move(t));
    return out;
}

bool has_code(const std::vector<Term>& terms, const std::string& code) {
    return std::any_of(terms.begin(), terms.end(), [&](const Term& t) { return t.code == code; });
}

// The checks that need the database: the service description is one the provider is admitted
// to today, the class is one of the description's, the areas are known municipalities (and
// within the description's, when it names any). Fills the default class.
NewProductCard check_input(db::Connection& c, std::int64_t provider_id, const CardInput& in, const std::string& today) {
    std::map<std::string, std::string> errors;
    NewProductCard n;
    n.provider_id = provider_id;
    n.service_description_id = in.service_description_id;
    n.title = in.title;
    n.summary = in.summary;
    n.description = in.description;
    n.price = in.price;
    n.languages = in.languages;
    n.delivery_mode = in.delivery_mode;
    n.duration = in.duration;
    n.service_class = in.service_class;
    n.areas = in.areas;
    n.video_url = in.video_url;

    if (!find_service_description(c, in.service_description_id) ||
        !admission_period(c, provider_id, in.service_description_id, today)) {
        errors["service_description_id"] = "cards.not_admitted_service";
        throw Invalid(errors, "validation.failed");
    }
    const auto classes = terms_of(c, in.service_description_id, "service_class");
    if (n.service_class.empty() && classes.size() == 1) n.service_class = classes[0].code;
    if (n.service_class.empty() && classes.size() > 1) errors["service_class"] = "cards.service_class_required";
    else if (!n.service_class.empty() && !classes.empty() && !has_code(classes, n.service_class))
        errors["service_class"] = "cards.service_class_not_in_service";
    else if (!n.service_class.empty() && classes.empty() && !term_exists(c, "service_class", n.service_class))
        errors["service_class"] = "catalog.unknown_code";

    const auto municipalities = terms_of(c, in.service_description_id, "municipality");
    for (const auto& a : n.areas) {
        if (!term_exists(c, "municipality", a)) {
            errors["areas"] = "catalog.unknown_code";
            break;
        }
        if (!municipalities.empty() && !has_code(municipalities, a)) {
            errors["areas"] = "cards.area_not_in_service";
            break;
        }
    }
    if (!errors.empty()) throw Invalid(errors, "validation.failed");
    return n;
}

// Throws unless the card may be in the catalog today; returns its last day there.
std::string publishable_until(db::Connection& c, const ProductCard& card, const std::string& today) {
    std::optional<procurement::PriceModel> model;
    if (auto json = service_price_model(c, card.service.id)) model = procurement::parse_price_model(*json);
    auto check = check_publish(admission_period(c, card.provider.id, card.service.id, today), model, card.price, today);
    if (check.refusal) throw UserError(409, "cards.publish_refused", *check.refusal);
    if (!check.field_errors.empty()) throw Invalid(check.field_errors, "cards.publish_refused_fields");
    return check.period_end;
}

}  // namespace

ProductCard CardService::create(const Principal& who, const CardInput& in) {
    const auto provider_id = provider_of(who);
    const auto now = clock_.now();
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto n = check_input(c, provider_id, in, local_date(now));
        n.status = "draft";
        auto id = insert_product_card(c, n, to_iso(now));
        auto card = *find_provider_card(c, provider_id, id);
        audit::write(c, clock_, {who.user_id, "product_card.create", "product_card", std::to_string(id), nullptr,
                                 card_audit_json(card)});
        return card;
    });
}

ProductCard CardService::update(const Principal& who, std::int64_t id, const CardInput& in) {
    const auto provider_id = provider_of(who);
    const auto now = clock_.now();
    const auto today = local_date(now);
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto before = lock_provider_card(c, provider_id, id);
        if (!before) throw NotFound("catalog.card_not_found");
        auto n = check_input(c, provider_id, in, today);
        update_product_card(c, id, n, to_iso(now));
        auto after = *find_provider_card(c, provider_id, id);
        if (after.status == "published") {
            // Still within the rules, or the edit is refused and the card stays as it was.
            auto until = publishable_until(c, after, today);
            if (until != after.period_end) {
                set_product_card_status(c, id, "published", "", until, to_iso(now));
                after = *find_provider_card(c, provider_id, id);
            }
        }
        audit::write(c, clock_, {who.user_id, "product_card.update", "product_card", std::to_string(id),
                                 card_audit_json(*before), card_audit_json(after)});
        return after;
    });
}

// Publishing and withdrawing: the provider's own card is locked, `status_change` decides the new
// status (or refuses), and the change is audited as `action`, all in one transaction.
ProductCard CardService::change_status(const Principal& who, std::int64_t id, const char* action,
                                       const std::function<StatusChange(db::Connection&, const ProductCard&,
                                                                         const std::string& today)>& status_change) {
    const auto provider_id = provider_of(who);
    const auto now = clock_.now();
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto before = lock_provider_card(c, provider_id, id);
        if (!before) throw NotFound("catalog.card_not_found");
        auto to = status_change(c, *before, local_date(now));
        set_product_card_status(c, id, to.status, to.withdrawn_reason, to.period_end, to_iso(now));
        auto after = *find_provider_card(c, provider_id, id);
        audit::write(c, clock_, {who.user_id, action, "product_card", std::to_string(id), card_audit_json(*before),
                                 card_audit_json(after)});
        return after;
    });
}

ProductCard CardService::publish(const Principal& who, std::int64_t id) {
    auto to_published = [](db::Connection& c, const ProductCard& card, const std::string& today) {
        return StatusChange{"published", "", publishable_until(c, card, today)};
    };
    return change_status(who, id, "product_card.publish", to_published);
}

ProductCard CardService::withdraw(const Principal& who, std::int64_t id) {
    auto to_withdrawn = [](db::Connection&, const ProductCard& card, const std::string&) {
        if (card.status != "published") throw UserError(409, "cards.withdraw_refused", "cards.not_published");
        // Orders keep pointing at the card; it only leaves the catalog.
        return StatusChange{"withdrawn", "provider", card.period_end};
    };
    return change_status(who, id, "product_card.withdraw", to_withdrawn);
}

std::vector<AdmittedService> CardService::admitted_services(const Principal& who) {
    const auto provider_id = provider_of(who);
    const auto today = local_date(clock_.now());
    auto lease = db_.acquire();
    auto& c = *lease;
    std::vector<AdmittedService> out;
    for (const auto& sd : list_service_descriptions(c)) {
        auto a = admission_period(c, provider_id, sd.id, today);
        if (!a) continue;
        AdmittedService s;
        s.service = sd;
        s.period_end = a->end;
        s.classes = terms_of(c, sd.id, "service_class");
        s.municipalities = terms_of(c, sd.id, "municipality");
        s.price_model_json = service_price_model(c, sd.id).value_or("");
        out.push_back(std::move(s));
    }
    return out;
}

std::int64_t CardService::end_expired_cards() {
    std::int64_t ended = 0;
    for (;;) {
        const auto now = clock_.now();
        auto n = db_.transact(db::TxMode::write, [&](db::Connection& c) {
            std::int64_t done = 0;
            for (auto id : expired_published_cards(c, local_date(now), 200)) {
                auto before = find_product_card(c, id, true);
                // Another process may have ended it first; then it is not ours to audit.
                if (!before || !end_card_period(c, id, to_iso(now))) continue;
                auto after = *find_product_card(c, id, true);
                audit::write(c, clock_, {std::nullopt, "product_card.period_end", "product_card", std::to_string(id),
                                         card_audit_json(*before), card_audit_json(after)});
                ++done;
            }
            return done;
        });
        ended += n;
        if (n == 0) return ended;
    }
}

std::int64_t CardService::reshuffle(std::int64_t batch) {
    const auto today = day_number(local_day(clock_.now()));
    const auto seed = shuffle_seed(today);
    std::int64_t changed = 0;
    db_.transact(db::TxMode::write, [&](db::Connection& c) { claim_shuffle_day(c, today); });
    for (;;) {
        bool more = db_.transact(db::TxMode::write, [&](db::Connection& c) {
            auto s = shuffle_state(c);
            if (s.day != today || s.next_after_id < 0) return false;
            const auto max_id = max_product_card_id(c);
            if (s.next_after_id >= max_id) {
                advance_shuffle(c, today, s.next_after_id, -1);
                return false;
            }
            const auto to = s.next_after_id + batch;
            // Lost the race for this batch: another process did it; look again.
            if (!advance_shuffle(c, today, s.next_after_id, to)) return true;
            changed += apply_shuffle(c, seed, s.next_after_id, to);
            return true;
        });
        if (!more) return changed;
    }
}

}  // namespace pt::catalog
