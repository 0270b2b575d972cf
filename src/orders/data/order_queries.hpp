#pragma once
// SQL of orders, their events (one row per transition) and order contracts.
#include <optional>
#include <string>
#include <vector>

#include "core/access.hpp"
#include "core/money.hpp"
#include "orders/domain/order.hpp"
#include "storage/db.hpp"

namespace pt::orders {

// One transition of an order; actor_id nullopt = the system (expiry job).
struct OrderEvent {
    std::string action;
    std::optional<std::string> from_status;
    std::string to_status;
    std::optional<std::int64_t> actor_id;
    std::string actor_name;
    std::string actor_role;
    std::optional<std::string> reason;
    std::string at;
};

struct OrderView {
    std::int64_t id = 0;
    OrderStatus status = OrderStatus::requested;
    Money price;
    std::int64_t voucher_id = 0;
    std::optional<std::string> contract_number;
    std::optional<std::string> decline_reason;
    std::int64_t product_card_id = 0;
    std::string product_card_title;
    std::int64_t service_description_id = 0;
    std::string service_name_fi, service_name_en;
    std::int64_t provider_id = 0;
    std::string provider_name;
    std::int64_t customer_id = 0;
    std::string customer_name;
    std::optional<std::string> customer_business_id;
    std::int64_t ordered_by_id = 0;
    std::string ordered_by_name;
    std::string ordered_by_role;
    std::string created_at, updated_at;
    // When each step happened (from the contract and the order's events); nullopt until then.
    std::optional<std::string> accepted_at, started_at, ended_at, reported_at, cancelled_at;
    std::vector<OrderEvent> events;  // oldest first; filled by find_order and lock_order
};

struct OrderFilter {
    std::optional<OrderStatus> status;
    std::optional<std::int64_t> service_description_id;  // the card's service description
    // created_at in [created_from, created_before): UTC instants "YYYY-MM-DDTHH:MM:SSZ".
    std::optional<std::string> created_from, created_before;
    int limit = 20;   // < 0: every row (the CSV export)
    int offset = 0;
};

// What the principal may see: a customer its own orders, a provider user its provider's,
// organizer and counsellor every order. Newest first; without events.
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

struct NewOrderEvent {
    std::int64_t order_id = 0;
    std::string action;                      // "place", "accept", ... "expire"
    std::optional<std::string> from_status;  // nullopt for "place"
    std::string to_status;
    std::optional<std::int64_t> actor_user_id;  // nullopt = the system
    std::string actor_role;
    std::optional<std::string> reason;
    std::string at;
};
void insert_order_event(db::Connection& c, const NewOrderEvent& e);
std::vector<OrderEvent> order_events(db::Connection& c, std::int64_t order_id);

// Addresses for notifications: every user of the provider; the customer's own address, else the
// addresses of the users who act for the customer. Distinct, non-empty, in a stable order.
std::vector<std::string> provider_user_emails(db::Connection& c, std::int64_t provider_id);
std::vector<std::string> customer_emails(db::Connection& c, std::int64_t customer_id);

// Next value of a named counter, created at 1 (contract numbers per year).
std::int64_t next_counter(db::Connection& c, const std::string& name);
void insert_contract(db::Connection& c, const std::string& number, std::int64_t order_id, std::int64_t user_id,
                     const std::string& now);

// Contracts are orders that were accepted; the same visibility applies.
std::vector<OrderView> list_contracts(db::Connection& c, const Principal& who, int limit, int offset);
std::int64_t count_contracts(db::Connection& c, const Principal& who);
std::optional<OrderView> find_contract(db::Connection& c, const std::string& number, const Principal& who);

}  // namespace pt::orders
