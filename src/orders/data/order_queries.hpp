#pragma once
// SQL of orders and order contracts.
#include <optional>
#include <string>
#include <vector>

#include "core/access.hpp"
#include "core/money.hpp"
#include "orders/domain/order.hpp"
#include "storage/db.hpp"

namespace pt::orders {

struct OrderView {
    std::int64_t id = 0;
    OrderStatus status = OrderStatus::requested;
    Money price;
    std::int64_t voucher_id = 0;
    std::optional<std::string> contract_number;
    std::optional<std::string> decline_reason;
    std::int64_t product_card_id = 0;
    std::string product_card_title;
    std::int64_t provider_id = 0;
    std::string provider_name;
    std::int64_t customer_id = 0;
    std::string customer_name;
    std::int64_t ordered_by_id = 0;
    std::string ordered_by_name;
    std::string ordered_by_role;
    std::string created_at, updated_at;
    std::optional<std::string> accepted_at;
};

struct OrderFilter {
    std::optional<OrderStatus> status;
    int limit = 20;
    int offset = 0;
};

// What the principal may see: a customer its own orders, a provider user its provider's,
// organizer and counsellor every order.
std::vector<OrderView> list_orders(db::Connection& c, const Principal& who, const OrderFilter& f);
std::int64_t count_orders(db::Connection& c, const Principal& who, const OrderFilter& f);
std::optional<OrderView> find_order(db::Connection& c, std::int64_t id, const Principal& who);
// Within a write transaction: takes the order's row lock (PostgreSQL) and reads it unscoped.
std::optional<OrderView> lock_order(db::Connection& c, std::int64_t id);

struct NewOrder {
    std::int64_t customer_id, voucher_id, product_card_id, provider_id;
    Money price;
    std::int64_t ordered_by_user_id;
};
std::int64_t insert_order(db::Connection& c, const NewOrder& o, const std::string& now);
void update_order_status(db::Connection& c, std::int64_t id, OrderStatus status, const std::optional<std::string>& reason,
                         const std::string& now);

// Next value of a named counter, created at 1 (contract numbers per year).
std::int64_t next_counter(db::Connection& c, const std::string& name);
void insert_contract(db::Connection& c, const std::string& number, std::int64_t order_id, std::int64_t user_id,
                     const std::string& now);

// Contracts are orders that were accepted; the same visibility applies.
std::vector<OrderView> list_contracts(db::Connection& c, const Principal& who, int limit, int offset);
std::int64_t count_contracts(db::Connection& c, const Principal& who);
std::optional<OrderView> find_contract(db::Connection& c, const std::string& number, const Principal& who);

}  // namespace pt::orders
