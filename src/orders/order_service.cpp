#include "orders/order_service.hpp"

#include <nlohmann/json.hpp>

#include "audit/audit.hpp"
#include "catalog/data/catalog_queries.hpp"
#include "core/errors.hpp"
#include "vouchers/data/voucher_queries.hpp"

namespace pt::orders {

namespace {

nlohmann::json opt_json(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json to_json(const OrderView& o) {
    return {{"id", o.id},
            {"status", std::string(to_string(o.status))},
            {"price_cents", o.price.cents()},
            {"voucher_id", o.voucher_id},
            {"contract_number", opt_json(o.contract_number)},
            {"decline_reason", opt_json(o.decline_reason)},
            {"product_card", {{"id", o.product_card_id}, {"title", o.product_card_title}}},
            {"provider", {{"id", o.provider_id}, {"name", o.provider_name}}},
            {"customer", {{"id", o.customer_id}, {"name", o.customer_name}}},
            {"ordered_by", {{"id", o.ordered_by_id}, {"name", o.ordered_by_name}, {"role", o.ordered_by_role}}},
            {"created_at", o.created_at},
            {"updated_at", o.updated_at}};
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

        if (auto refusal = vouchers::check_reserve(voucher->voucher, voucher->balance, card->price, today))
            throw UserError(409, "order.refused", std::string(vouchers::message_key(*refusal)));

        NewOrder o{voucher->voucher.customer_id, voucher_id, card->id, card->provider.id, card->price, who.user_id};
        auto id = insert_order(c, o, to_iso(now));
        vouchers::add_ledger_entry(c, voucher_id, id, vouchers::EntryKind::reserve, card->price, to_iso(now));
        auto view = *lock_order(c, id);
        audit::write(c, clock_, {who.user_id, "order.place", "order", std::to_string(id), nullptr, to_json(view)});
        return view;
    });
}

OrderView OrderService::transition(const Principal& who, std::int64_t order_id, OrderAction action,
                                   const std::optional<std::string>& reason) {
    const auto now = to_iso(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        // Visibility first: an order the caller cannot see does not exist for them.
        if (!find_order(c, order_id, who)) throw NotFound("order.not_found");
        auto before = *lock_order(c, order_id);
        auto next = next_status(before.status, action, who.role);
        // A customer cancels only its own orders before acceptance; the table says which roles.
        if (!next) throw UserError(409, "order.transition_refused", "order.transition_refused_detail");

        update_order_status(c, order_id, *next, reason, now);
        if (action == OrderAction::accept) {
            auto year = std::stoi(now.substr(0, 4));
            auto number = format_contract_number(year, next_counter(c, "order_contract_" + std::to_string(year)));
            insert_contract(c, number, order_id, who.user_id, now);
        }
        if (money_effect(action) == MoneyEffect::release)
            vouchers::add_ledger_entry(c, before.voucher_id, order_id, vouchers::EntryKind::release, before.price, now);
        auto after = *lock_order(c, order_id);
        audit::write(c, clock_, {who.user_id, "order." + std::string(to_string(action)), "order",
                                 std::to_string(order_id), to_json(before), to_json(after)});
        return after;
    });
}

OrderView OrderService::accept_order(const Principal& who, std::int64_t order_id) {
    return transition(who, order_id, OrderAction::accept, std::nullopt);
}

OrderView OrderService::decline_order(const Principal& who, std::int64_t order_id, const std::string& reason) {
    return transition(who, order_id, OrderAction::decline, reason);
}

OrderView OrderService::cancel_order(const Principal& who, std::int64_t order_id) {
    return transition(who, order_id, OrderAction::cancel, std::nullopt);
}

}  // namespace pt::orders
