#include "vouchers/data/expiry_queries.hpp"

#include <algorithm>

namespace pt::vouchers {

std::vector<std::int64_t> vouchers_past_validity(db::Connection& c, const std::string& today, int limit) {
    std::vector<std::int64_t> out;
    for (const auto& r : c.query("SELECT id FROM vouchers WHERE status = 'active' AND valid_until < ? ORDER BY id LIMIT ?",
                                 {today, std::int64_t{limit}}))
        out.push_back(r.i64(0));
    return out;
}

std::vector<std::int64_t> vouchers_to_remind(db::Connection& c, const std::string& today, const std::string& last_day,
                                             int limit) {
    std::vector<std::int64_t> out;
    for (const auto& r : c.query("SELECT id FROM vouchers WHERE status = 'active' AND reminded_at IS NULL "
                                 "AND valid_until >= ? AND valid_until <= ? ORDER BY id LIMIT ?",
                                 {today, last_day, std::int64_t{limit}}))
        out.push_back(r.i64(0));
    return out;
}

bool claim_expiry(db::Connection& c, std::int64_t voucher_id, const std::string& today, const std::string& now) {
    return c.execute("UPDATE vouchers SET status = 'expired', expired_at = ? "
                     "WHERE id = ? AND status = 'active' AND valid_until < ?",
                     {now, voucher_id, today}) == 1;
}

bool claim_reminder(db::Connection& c, std::int64_t voucher_id, const std::string& now) {
    return c.execute("UPDATE vouchers SET reminded_at = ? WHERE id = ? AND status = 'active' AND reminded_at IS NULL",
                     {now, voucher_id}) == 1;
}

std::vector<VoucherOrder> orders_of_voucher(db::Connection& c, std::int64_t voucher_id) {
    std::vector<VoucherOrder> out;
    for (const auto& r : c.query("SELECT id, status, price_cents FROM orders WHERE voucher_id = ? ORDER BY id", {voucher_id}))
        out.push_back({r.i64(0), r.str(1), Money::cents(r.i64(2))});
    return out;
}

bool move_order_if(db::Connection& c, std::int64_t order_id, const std::string& from, const std::string& to,
                   const std::string& now) {
    return c.execute("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                     {to, now, order_id, from}) == 1;
}

void insert_expire_event(db::Connection& c, std::int64_t order_id, const std::string& from, const std::string& to,
                         const std::string& now) {
    c.execute("INSERT INTO order_events (order_id, action, from_status, to_status, actor_user_id, actor_role, reason, at) "
              "VALUES (?, 'expire', ?, ?, NULL, 'system', NULL, ?)",
              {order_id, from, to, now});
}

ExpiredOrderMail expired_order_mail(db::Connection& c, std::int64_t order_id) {
    ExpiredOrderMail m;
    auto r = c.query("SELECT pc.title, p.name, cu.name, cu.email, o.customer_id, o.provider_id FROM orders o "
                     "JOIN product_cards pc ON pc.id = o.product_card_id JOIN providers p ON p.id = o.provider_id "
                     "JOIN customers cu ON cu.id = o.customer_id WHERE o.id = ?",
                     {order_id});
    if (r.empty()) return m;
    m.product = r[0].str(0);
    m.provider = r[0].str(1);
    m.customer = r[0].str(2);
    const auto add = [&m](const db::Result& rows) {
        for (const auto& x : rows)
            if (auto e = x.str(0); !e.empty() && std::find(m.to.begin(), m.to.end(), e) == m.to.end()) m.to.push_back(e);
    };
    if (!r[0].str(3).empty()) m.to.push_back(r[0].str(3));
    else add(c.query("SELECT email FROM users WHERE customer_id = ? ORDER BY email", {r[0].i64(4)}));
    add(c.query("SELECT email FROM users WHERE provider_id = ? AND role = 'provider_user' ORDER BY email", {r[0].i64(5)}));
    return m;
}

std::string customer_email(db::Connection& c, std::int64_t customer_id) {
    auto r = c.query("SELECT email FROM customers WHERE id = ?", {customer_id});
    return r.empty() ? std::string() : r[0].str(0);
}

}  // namespace pt::vouchers
