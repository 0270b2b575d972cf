#pragma once
// Use cases of the order life cycle. Each runs in one write transaction that changes the
// order, moves voucher money in the ledger and writes the audit record together.
// Refusals are thrown as pt::UserError whose texts are i18n keys ("voucher.expired").
#include "core/access.hpp"
#include "core/clock.hpp"
#include "orders/data/order_queries.hpp"
#include "storage/db.hpp"

#include <nlohmann/json.hpp>

namespace pt::orders {

class OrderService {
public:
    OrderService(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

    OrderView place_order(const Principal& who, std::int64_t product_card_id, std::int64_t voucher_id);
    OrderView accept_order(const Principal& who, std::int64_t order_id);
    OrderView decline_order(const Principal& who, std::int64_t order_id, const std::string& reason);
    OrderView cancel_order(const Principal& who, std::int64_t order_id);

private:
    OrderView transition(const Principal& who, std::int64_t order_id, OrderAction action,
                         const std::optional<std::string>& reason);
    db::Database& db_;
    const Clock& clock_;
};

nlohmann::json to_json(const OrderView& o);


}  // namespace pt::orders
