#include "orders/order_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "audit/audit.hpp"
#include "catalog/data/catalog_queries.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "notify/outbox.hpp"
#include "vouchers/data/programme_queries.hpp"
#include "vouchers/data/voucher_queries.hpp"
#include "web/renderer.hpp"

namespace pt::orders {

namespace {

nlohmann::json opt_json(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); }

nlohmann::json event_json(const OrderEvent& e) {
    return {{"action", e.action},
            {"from_status", opt_json(e.from_status)},
            {"to_status", e.to_status},
            {"actor", e.actor_id ? nlohmann::json{{"id", *e.actor_id}, {"name", e.actor_name}} : nlohmann::json(nullptr)},
            {"actor_role", e.actor_role},
            {"reason", opt_json(e.reason)},
            {"at", e.at}};
}

// Before/after of the audit record: the order without its event list (the events are rows of their own).
nlohmann::json audit_json(const OrderView& o) { return to_json(o, false); }

// Mail kinds per step (templates/mail_order_<x>.mustache, subject "mail.order_<x>.subject");
// nullopt for the steps of issue 6, which bring their own.
std::optional<std::string> mail_kind(OrderAction a) {
    switch (a) {
        case OrderAction::accept: return "order_accepted";
        case OrderAction::decline: return "order_declined";
        case OrderAction::cancel: return "order_cancelled";
        case OrderAction::start: return "order_started";
        case OrderAction::end: return "order_ended";
        case OrderAction::report: return "order_reported";
        case OrderAction::expire: return "order_expired";
        default: return std::nullopt;
    }
}

}  // namespace

nlohmann::json to_json(const OrderView& o, bool with_events) {
    nlohmann::json j = {{"id", o.id},
                        {"status", std::string(to_string(o.status))},
                        {"price_cents", o.price.cents()},
                        {"voucher_id", o.voucher_id},
                        {"contract_number", opt_json(o.contract_number)},
                        {"decline_reason", opt_json(o.decline_reason)},
                        {"product_card", {{"id", o.product_card_id}, {"title", o.product_card_title}}},
                        {"service_description_id", o.service_description_id},
                        {"provider", {{"id", o.provider_id}, {"name", o.provider_name}}},
                        {"customer", {{"id", o.customer_id}, {"name", o.customer_name}}},
                        {"ordered_by", {{"id", o.ordered_by_id}, {"name", o.ordered_by_name}, {"role", o.ordered_by_role}}},
                        {"on_behalf", o.ordered_by_role == "counsellor"},
                        {"created_at", o.created_at},
                        {"updated_at", o.updated_at},
                        {"accepted_at", opt_json(o.accepted_at)},
                        {"started_at", opt_json(o.started_at)},
                        {"ended_at", opt_json(o.ended_at)},
                        {"reported_at", opt_json(o.reported_at)},
                        {"cancelled_at", opt_json(o.cancelled_at)}};
    if (with_events) {
        nlohmann::json events = nlohmann::json::array();
        for (const auto& e : o.events) events.push_back(event_json(e));
        j["events"] = std::move(events);
    }
    return j;
}

void OrderService::notify(db::Connection& c, const OrderView& o, const std::string& kind,
                          const std::vector<std::string>& to, nlohmann::json data) {
    data["order_id"] = o.id;
    data["product"] = o.product_card_title;
    data["provider"] = o.provider_name;
    data["customer"] = o.customer_name;
    data["link"] = public_url_ + "/orders/" + std::to_string(o.id);
    if (o.contract_number) data["contract_number"] = *o.contract_number;
    const std::string role_code = data.value("actor_role_code", "");
    for (const auto& address : to) {
        try {
            // Each recipient reads it in the language they chose in the UI.
            const auto lang = notify::recipient_language(c, address);
            data["price"] = o.price.format(lang);
            if (!role_code.empty()) data["actor_role"] = renderer_.text(lang, "role." + role_code);
            notify::enqueue(c, notify::compose(renderer_, kind, lang, address, data), clock_);
        } catch (const UserError&) {
            // An unusable stored address is skipped; the order's change stands and the page shows it.
            spdlog::warn("{}: unusable e-mail address for order {}", kind, o.id);
        }
    }
}

OrderView OrderService::place_order(const Principal& who, std::int64_t product_card_id, std::int64_t voucher_id) {
    const auto now = clock_.now();
    const auto today = local_day(now);
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        std::map<std::string, std::string> missing;
        // A card past its contract period cannot be ordered, even before the expiry job has run.
        auto card = catalog::find_product_card(c, product_card_id, false, to_iso_date(today));
        if (!card) missing["product_card_id"] = "catalog.card_not_found";
        auto voucher = vouchers::lock_voucher(c, voucher_id);
        // A customer may only use its own vouchers; others' look like they do not exist.
        if (!voucher || (who.role == pt::Role::customer && voucher->voucher.customer_id != who.customer_id))
            missing["voucher_id"] = "voucher.not_found";
        if (!missing.empty()) throw Invalid(missing, "validation.failed");

        // A programme's vouchers buy only the services the programme names.
        if (const auto programme = voucher->voucher.programme_id) {
            const auto covered = vouchers::programme_service_ids(c, *programme);
            if (std::find(covered.begin(), covered.end(), card->service.id) == covered.end())
                throw UserError(409, "order.refused", "order.service_not_covered");
        }
        if (auto refusal = vouchers::check_reserve(voucher->voucher, voucher->balance, card->price, today))
            throw UserError(409, "order.refused", std::string(vouchers::message_key(*refusal)));

        NewOrder o{voucher->voucher.customer_id, voucher_id, card->id, card->provider.id, card->price, who.user_id};
        auto id = insert_order(c, o, to_iso(now));
        vouchers::add_ledger_entry(c, voucher_id, id, vouchers::EntryKind::reserve, card->price, to_iso(now));
        insert_order_event(c, {id, "place", std::nullopt, std::string(to_string(OrderStatus::requested)), who.user_id,
                               std::string(pt::to_string(who.role)), std::nullopt, to_iso(now)});
        auto view = *lock_order(c, id);
        audit::write(c, clock_, {who.user_id, "order.place", "order", std::to_string(id), nullptr, audit_json(view)});
        notify(c, view, "order_placed", provider_user_emails(c, view.provider_id),
               {{"ordered_by", view.ordered_by_name}, {"on_behalf", view.ordered_by_role == "counsellor"}});
        return view;
    });
}

OrderView OrderService::transition(const Principal& who, std::int64_t order_id, OrderAction action,
                                   const std::optional<std::string>& reason) {
    return db_.transact(db::TxMode::write,
                        [&](db::Connection& c) { return transition_in(c, who, order_id, action, reason); });
}

OrderView OrderService::report_in(db::Connection& c, const Principal& who, std::int64_t order_id) {
    return transition_in(c, who, order_id, OrderAction::report, std::nullopt);
}

OrderView OrderService::transition_in(db::Connection& c, const Principal& who, std::int64_t order_id,
                                      OrderAction action, const std::optional<std::string>& reason) {
    const auto now = to_iso(clock_.now());
    {
        // Visibility first: an order the caller cannot see does not exist for them.
        auto seen = find_order(c, order_id, who);
        if (!seen) throw NotFound("order.not_found");
        // A release locks the voucher first (an order's voucher never changes), in the same order
        // as placing and the expiry job take their locks: voucher, then order.
        // An acceptance reads the voucher under the same lock, so it cannot slip past an expiry run.
        std::optional<vouchers::VoucherView> voucher;
        if (money_effect(action) == MoneyEffect::release || action == OrderAction::accept)
            voucher = vouchers::lock_voucher(c, seen->voucher_id);
        auto before = *lock_order(c, order_id);
        // The table says which roles take which step from which status.
        if (auto refusal = check_transition(before.status, action, who.role)) throw TransitionRefused(*refusal, before.status);
        // Reported only with both delivery reports in (issue 6); the detail names what is missing.
        if (action == OrderAction::report && reports_gate_)
            if (auto missing = reports_gate_(c, order_id)) throw UserError(409, "order.reports_missing", *missing);
        // The order is locked above; the invoice run locks it too before it bills.
        if (action == OrderAction::cancel && cancel_gate_ && cancel_gate_(c, order_id))
            throw UserError(409, "order.cancel_invoice_open", "order.cancel_invoice_open");
        // A voucher whose validity has ended pays for no new contract: the expiry job cancels the order.
        if (action == OrderAction::accept &&
            (voucher->voucher.status != vouchers::VoucherStatus::active ||
             !vouchers::is_within_validity(voucher->voucher, local_day(clock_.now()))))
            throw UserError(409, "order.accept_refused", "order.voucher_ended");
        // A customer cancels only its own orders (the scope above), before acceptance (the table).
        std::optional<std::string> clean;
        if (action == OrderAction::decline) {
            if (auto err = decline_reason_error_key(reason.value_or(""))) throw Invalid({{"reason", std::string(*err)}}, "validation.failed");
            clean = text::trim(*reason);
        } else if (action == OrderAction::cancel) {
            if (auto err = cancel_reason_error_key(before.status, reason.value_or("")))
                throw Invalid({{"reason", std::string(*err)}}, "validation.failed");
            if (auto t = text::trim(reason.value_or("")); !t.empty()) clean = t;
        }
        const auto next = *next_status(before.status, action, who.role);

        // Only a decline's reason is the order's decline_reason; a cancellation's is in its event.
        update_order_status(c, order_id, next, action == OrderAction::decline ? clean : std::nullopt, now);
        if (action == OrderAction::accept) {
            // Numbered by the Finnish calendar year (at 00:30 on 1 January it is already the new year).
            auto year = static_cast<int>(std::chrono::year_month_day{local_day(clock_.now())}.year());
            auto number = format_contract_number(year, next_counter(c, "order_contract_" + std::to_string(year)));
            insert_contract(c, number, order_id, who.user_id, now);
        }
        if (money_effect(action) == MoneyEffect::release) {
            vouchers::add_ledger_entry(c, before.voucher_id, order_id, vouchers::EntryKind::release, before.price, now);
            // Money released on a voucher that has ended cannot be used again: written off at once.
            if (voucher && voucher->voucher.status == vouchers::VoucherStatus::expired)
                vouchers::add_ledger_entry(c, before.voucher_id, std::nullopt, vouchers::EntryKind::expire, before.price, now);
            else if (voucher && voucher->voucher.status == vouchers::VoucherStatus::cancelled)
                vouchers::add_ledger_entry(c, before.voucher_id, std::nullopt, vouchers::EntryKind::cancel, before.price, now);
        }
        insert_order_event(c, {order_id, std::string(to_string(action)), std::string(to_string(before.status)),
                               std::string(to_string(next)), who.user_id, std::string(pt::to_string(who.role)), clean, now});
        auto after = *lock_order(c, order_id);
        audit::write(c, clock_, {who.user_id, "order." + std::string(to_string(action)), "order",
                                 std::to_string(order_id), audit_json(before), audit_json(after)});

        // Who hears of it: the customer of every step; the provider too when the order is cancelled.
        auto to = customer_emails(c, after.customer_id);
        nlohmann::json data = {{"reason", clean.value_or("")},
                               {"actor", who.name},
                               {"actor_role_code", std::string(pt::to_string(who.role))},
                               {"by_agreement", action == OrderAction::cancel && cancel_needs_reason(before.status)}};
        if (action == OrderAction::cancel)
            for (auto& e : provider_user_emails(c, after.provider_id))
                if (std::find(to.begin(), to.end(), e) == to.end()) to.push_back(std::move(e));
        if (auto kind = mail_kind(action)) notify(c, after, *kind, to, data);
        return after;
    }
}

OrderView OrderService::accept_order(const Principal& who, std::int64_t order_id) {
    return transition(who, order_id, OrderAction::accept, std::nullopt);
}

OrderView OrderService::decline_order(const Principal& who, std::int64_t order_id, const std::string& reason) {
    return transition(who, order_id, OrderAction::decline, reason);
}

OrderView OrderService::cancel_order(const Principal& who, std::int64_t order_id, const std::string& reason) {
    return transition(who, order_id, OrderAction::cancel, reason);
}

OrderView OrderService::step_in(db::Connection& c, const Principal& who, std::int64_t order_id, OrderAction action) {
    if (action != OrderAction::invoice && action != OrderAction::pay) throw std::logic_error("step_in: not an issue 6 step");
    // Neither step has a mail of its own here, nor a release: only status, event and audit.
    return transition_in(c, who, order_id, action, std::nullopt);
}

OrderView OrderService::progress_order(const Principal& who, std::int64_t order_id, OrderAction action) {
    if (action != OrderAction::start && action != OrderAction::end && action != OrderAction::report)
        throw std::logic_error("progress_order: not a progress step");
    return transition(who, order_id, action, std::nullopt);
}

}  // namespace pt::orders
