#include "orders/data/order_queries.hpp"

namespace pt::orders {

namespace {

// When a step last happened, from the order's events (index order_events(order_id, id)).
#define PT_EVENT_AT(cond) "(SELECT MAX(e.at) FROM order_events e WHERE e.order_id = o.id AND " cond ")"

constexpr const char* kSelect =
    "SELECT o.id, o.status, o.price_cents, o.voucher_id, oc.number, o.decline_reason, pc.id, pc.title, "
    "p.id, p.name, c.id, c.name, u.id, u.name, u.role, o.created_at, o.updated_at, oc.accepted_at, "
    "pc.service_description_id, sd.name_fi, sd.name_en, c.business_id, " PT_EVENT_AT("e.action = 'start'") ", "
    PT_EVENT_AT("e.action = 'end'") ", " PT_EVENT_AT("e.action = 'report'") ", "
    PT_EVENT_AT("e.action IN ('cancel', 'expire')") " "
    "FROM orders o JOIN product_cards pc ON pc.id = o.product_card_id JOIN providers p ON p.id = o.provider_id "
    "JOIN service_descriptions sd ON sd.id = pc.service_description_id "
    "JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = o.ordered_by_user_id "
    "LEFT JOIN order_contracts oc ON oc.order_id = o.id";

#undef PT_EVENT_AT

OrderView view_from(const db::Row& r) {
    OrderView v;
    v.id = r.i64(0);
    v.status = order_status_from(r.str(1)).value_or(OrderStatus::requested);
    v.price = Money::cents(r.i64(2));
    v.voucher_id = r.i64(3);
    v.contract_number = r.opt_str(4);
    v.decline_reason = r.opt_str(5);
    v.product_card_id = r.i64(6);
    v.product_card_title = r.str(7);
    v.provider_id = r.i64(8);
    v.provider_name = r.str(9);
    v.customer_id = r.i64(10);
    v.customer_name = r.str(11);
    v.ordered_by_id = r.i64(12);
    v.ordered_by_name = r.str(13);
    v.ordered_by_role = r.str(14);
    v.created_at = r.str(15);
    v.updated_at = r.str(16);
    v.accepted_at = r.opt_str(17);
    v.service_description_id = r.i64(18);
    v.service_name_fi = r.str(19);
    v.service_name_en = r.str(20);
    v.customer_business_id = r.opt_str(21);
    v.started_at = r.opt_str(22);
    v.ended_at = r.opt_str(23);
    v.reported_at = r.opt_str(24);
    v.cancelled_at = r.opt_str(25);
    return v;
}

std::pair<std::string, std::vector<db::Value>> scope(const Principal& who) {
    switch (who.role) {
        case pt::Role::customer: return {" WHERE o.customer_id = ?", {who.customer_id.value_or(-1)}};
        case pt::Role::provider_user: return {" WHERE o.provider_id = ?", {who.provider_id.value_or(-1)}};
        default: return {" WHERE 1 = 1", {}};
    }
}

std::pair<std::string, std::vector<db::Value>> filtered(const Principal& who, const OrderFilter& f) {
    auto [where, params] = scope(who);
    if (f.status) {
        where += " AND o.status = ?";
        params.emplace_back(std::string(to_string(*f.status)));
    }
    if (f.service_description_id) {
        where += " AND pc.service_description_id = ?";
        params.emplace_back(*f.service_description_id);
    }
    if (f.created_from) {
        where += " AND o.created_at >= ?";
        params.emplace_back(*f.created_from);
    }
    if (f.created_before) {
        where += " AND o.created_at < ?";
        params.emplace_back(*f.created_before);
    }
    return {where, params};
}

db::Value opt(const std::optional<std::string>& s) { return s ? db::Value{*s} : db::Value{db::Null{}}; }

std::vector<std::string> emails(const db::Result& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) {
        auto e = r.str(0);
        if (!e.empty() && (out.empty() || out.back() != e)) out.push_back(std::move(e));
    }
    return out;
}

}  // namespace

std::vector<OrderView> list_orders(db::Connection& c, const Principal& who, const OrderFilter& f) {
    auto [where, params] = filtered(who, f);
    std::string sql = std::string(kSelect) + where + " ORDER BY o.id DESC";
    if (f.limit >= 0) {
        sql += " LIMIT ? OFFSET ?";
        params.push_back(std::int64_t{f.limit});
        params.push_back(std::int64_t{f.offset});
    }
    std::vector<OrderView> out;
    for (const auto& r : c.query(sql, params)) out.push_back(view_from(r));
    return out;
}

std::int64_t count_orders(db::Connection& c, const Principal& who, const OrderFilter& f) {
    auto [where, params] = filtered(who, f);
    return c.query("SELECT COUNT(*) FROM orders o JOIN product_cards pc ON pc.id = o.product_card_id" + where, params)[0]
        .i64(0);
}

std::optional<OrderView> find_order(db::Connection& c, std::int64_t id, const Principal& who) {
    auto [where, params] = scope(who);
    params.push_back(id);
    auto r = c.query(std::string(kSelect) + where + " AND o.id = ?", params);
    if (r.empty()) return std::nullopt;
    auto v = view_from(r[0]);
    v.events = order_events(c, id);
    return v;
}

std::optional<OrderView> lock_order(db::Connection& c, std::int64_t id) {
    if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM orders WHERE id = ? FOR UPDATE", {id});
    auto r = c.query(std::string(kSelect) + " WHERE o.id = ?", {id});
    if (r.empty()) return std::nullopt;
    auto v = view_from(r[0]);
    v.events = order_events(c, id);
    return v;
}

std::int64_t insert_order(db::Connection& c, const NewOrder& o, const std::string& now) {
    return c.query("INSERT INTO orders (customer_id, voucher_id, product_card_id, provider_id, price_cents, status, "
                   "ordered_by_user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'requested', ?, ?, ?) RETURNING id",
                   {o.customer_id, o.voucher_id, o.product_card_id, o.provider_id, o.price.cents(),
                    o.ordered_by_user_id, now, now})[0]
        .i64(0);
}

void update_order_status(db::Connection& c, std::int64_t id, OrderStatus status, const std::optional<std::string>& reason,
                         const std::string& now) {
    c.execute("UPDATE orders SET status = ?, decline_reason = COALESCE(?, decline_reason), updated_at = ? WHERE id = ?",
              {std::string(to_string(status)), opt(reason), now, id});
}

void insert_order_event(db::Connection& c, const NewOrderEvent& e) {
    c.execute("INSERT INTO order_events (order_id, action, from_status, to_status, actor_user_id, actor_role, reason, at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              {e.order_id, e.action, opt(e.from_status), e.to_status,
               e.actor_user_id ? db::Value{*e.actor_user_id} : db::Value{db::Null{}}, e.actor_role, opt(e.reason), e.at});
}

std::vector<OrderEvent> order_events(db::Connection& c, std::int64_t order_id) {
    std::vector<OrderEvent> out;
    for (const auto& r : c.query("SELECT e.action, e.from_status, e.to_status, e.actor_user_id, u.name, e.actor_role, "
                                 "e.reason, e.at FROM order_events e LEFT JOIN users u ON u.id = e.actor_user_id "
                                 "WHERE e.order_id = ? ORDER BY e.id",
                                 {order_id}))
        out.push_back({r.str(0), r.opt_str(1), r.str(2), r.opt_i64(3), r.str(4), r.str(5), r.opt_str(6), r.str(7)});
    return out;
}

std::vector<std::string> provider_user_emails(db::Connection& c, std::int64_t provider_id) {
    return emails(c.query("SELECT DISTINCT email FROM users WHERE provider_id = ? AND role = 'provider_user' ORDER BY email",
                          {provider_id}));
}

std::vector<std::string> customer_emails(db::Connection& c, std::int64_t customer_id) {
    auto own = c.query("SELECT email FROM customers WHERE id = ?", {customer_id});
    if (!own.empty() && !own[0].str(0).empty()) return {own[0].str(0)};
    return emails(c.query("SELECT DISTINCT email FROM users WHERE customer_id = ? ORDER BY email", {customer_id}));
}

std::int64_t next_counter(db::Connection& c, const std::string& name) {
    return c.query("INSERT INTO counters (name, value) VALUES (?, 1) "
                   "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
                   {name})[0]
        .i64(0);
}

void insert_contract(db::Connection& c, const std::string& number, std::int64_t order_id, std::int64_t user_id,
                     const std::string& now) {
    c.execute("INSERT INTO order_contracts (number, order_id, accepted_at, accepted_by_user_id) VALUES (?, ?, ?, ?)",
              {number, order_id, now, user_id});
}

std::vector<OrderView> list_contracts(db::Connection& c, const Principal& who, int limit, int offset) {
    auto [where, params] = scope(who);
    params.push_back(std::int64_t{limit});
    params.push_back(std::int64_t{offset});
    std::vector<OrderView> out;
    for (const auto& r : c.query(std::string(kSelect) + where + " AND oc.number IS NOT NULL ORDER BY oc.accepted_at DESC, oc.order_id DESC "
                                 "LIMIT ? OFFSET ?",
                                 params))
        out.push_back(view_from(r));
    return out;
}

std::int64_t count_contracts(db::Connection& c, const Principal& who) {
    auto [where, params] = scope(who);
    return c.query("SELECT COUNT(*) FROM orders o JOIN order_contracts oc ON oc.order_id = o.id" + where, params)[0]
        .i64(0);
}

std::optional<OrderView> find_contract(db::Connection& c, const std::string& number, const Principal& who) {
    auto [where, params] = scope(who);
    params.emplace_back(number);
    auto r = c.query(std::string(kSelect) + where + " AND oc.number = ?", params);
    if (r.empty()) return std::nullopt;
    return view_from(r[0]);
}

}  // namespace pt::orders
