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

#include <functional>
#include <nlohmann/json.hpp>

namespace pt::web { class Renderer; struct Ctx; }

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
    // Issue 6: the reports context moves an ended order to reported inside its own write
    // transaction once both delivery reports are in (owner provider_user; event, audit, mail).
    OrderView report_in(db::Connection& c, const Principal& who, std::int64_t order_id);
    // Which delivery report is missing (an i18n key naming it), nullopt when both are in; the
    // report step refuses with 409 "order.reports_missing" while it answers a key. Wired in app.
    using ReportsGate = std::function<std::optional<std::string>(db::Connection&, std::int64_t order_id)>;
    void set_reports_gate(ReportsGate g) { reports_gate_ = std::move(g); }
    // Whether an invoice of the order is still open (sent or approved): cancelling it then would
    // strand the invoice, so the cancel step refuses with 409 "order.cancel_invoice_open". Wired
    // in app (the query is the reports context's; orders does not depend on invoicing).
    using CancelGate = std::function<bool(db::Connection&, std::int64_t order_id)>;
    void set_cancel_gate(CancelGate g) { cancel_gate_ = std::move(g); }
    // The order page's panel of the two reports (status, due date, links); wired in app.
    using ReportsPanel = std::function<nlohmann::json(db::Connection&, const OrderView&, const web::Ctx&)>;
    void set_reports_panel(ReportsPanel p) { reports_panel_ = std::move(p); }
    const ReportsPanel& reports_panel() const { return reports_panel_; }
    // A step of issue 6 (invoice, pay) taken inside the caller's own write transaction (the
    // invoice approval, the payment): locks the order, checks the table (TransitionRefused),
    // writes status, event and audit. Moves no money and sends no mail: the caller does those.
    OrderView step_in(db::Connection& c, const Principal& who, std::int64_t order_id, OrderAction action);

private:
    OrderView transition(const Principal& who, std::int64_t order_id, OrderAction action,
                         const std::optional<std::string>& reason);
    OrderView transition_in(db::Connection& c, const Principal& who, std::int64_t order_id, OrderAction action,
                            const std::optional<std::string>& reason);
    ReportsGate reports_gate_;
    CancelGate cancel_gate_;
    ReportsPanel reports_panel_;
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
