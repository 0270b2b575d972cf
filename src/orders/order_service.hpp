#pragma once
// Use cases of the order life cycle. Each runs in one write transaction that changes the
// order, writes its event, moves voucher money in the ledger, writes the audit record and
// enqueues the notifications together.
// Refusals are thrown as pt::UserError whose texts are i18n keys ("voucher.expired").
#include "core/access.hpp"
#include "core/clock.hpp"
#include "core/errors.hpp"
#include "orders/data/order_queries.hpp"
#include "storage/db.hpp"

#include <nlohmann/json.hpp>

namespace pt::web { class Renderer; }

namespace pt::orders {

// A step the life-cycle table refuses: 403 for a role that may not take it, 409 for a step that
// does not exist from the current status. The handler words it with the status in the caller's
// language (word_refusal in order_routes.cpp); the pipeline alone would say only the key's text.
struct TransitionRefused : UserError {
    TransitionRefused(TransitionRefusal r, OrderStatus current)
        : UserError(r == TransitionRefusal::wrong_role ? 403 : 409, "order.transition_refused",
                    std::string(message_key(r))),
          refusal(r), current(current) {}
    TransitionRefusal refusal;
    OrderStatus current;
};

class OrderService {
public:
    // public_url prefixes the order links in e-mails ("" gives paths).
    OrderService(db::Database& db, const Clock& clock, const web::Renderer& renderer, std::string public_url = "")
        : db_(db), clock_(clock), renderer_(renderer), public_url_(std::move(public_url)) {}

    OrderView place_order(const Principal& who, std::int64_t product_card_id, std::int64_t voucher_id);
    OrderView accept_order(const Principal& who, std::int64_t order_id);
    OrderView decline_order(const Principal& who, std::int64_t order_id, const std::string& reason);
    // Before acceptance the reason is optional; after it (by agreement) it is required.
    OrderView cancel_order(const Principal& who, std::int64_t order_id, const std::string& reason = "");
    // start, end, report: the provider's progress steps.
    OrderView progress_order(const Principal& who, std::int64_t order_id, OrderAction action);

private:
    OrderView transition(const Principal& who, std::int64_t order_id, OrderAction action,
                         const std::optional<std::string>& reason);
    void notify(db::Connection& c, const OrderView& o, const std::string& kind, const std::vector<std::string>& to,
                nlohmann::json data);
    db::Database& db_;
    const Clock& clock_;
    const web::Renderer& renderer_;
    std::string public_url_;
};

// The API's order; events only when with_events (the single order, not lists).
nlohmann::json to_json(const OrderView& o, bool with_events = true);

}  // namespace pt::orders
