#pragma once
// SQL of the scheduled voucher expiry and the reminder before it. Dates are Finnish local days
// as "YYYY-MM-DD" text, so they compare as strings on both databases.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "storage/db.hpp"

namespace pt::vouchers {

// Active vouchers whose last valid day is before `today`, at most `limit`, lowest id first.
std::vector<std::int64_t> vouchers_past_validity(db::Connection& c, const std::string& today, int limit);
// Active vouchers not yet reminded whose last day is in [today, last_day], lowest id first.
std::vector<std::int64_t> vouchers_to_remind(db::Connection& c, const std::string& today, const std::string& last_day,
                                             int limit);

// Marks the voucher expired if it still is active and past its validity; false when another
// process (or an earlier run) already did, so each voucher is expired once.
bool claim_expiry(db::Connection& c, std::int64_t voucher_id, const std::string& today, const std::string& now);
// Stamps reminded_at if it is still NULL and the voucher active; false when already reminded.
bool claim_reminder(db::Connection& c, std::int64_t voucher_id, const std::string& now);

struct VoucherOrder {
    std::int64_t id;
    std::string status;
    Money price;
};
// The voucher's orders, lowest id first.
std::vector<VoucherOrder> orders_of_voucher(db::Connection& c, std::int64_t voucher_id);
// Moves the order from `from` to `to` only if it still is in `from` (an accept or a cancel may
// have won the race); true when this call changed it.
bool move_order_if(db::Connection& c, std::int64_t order_id, const std::string& from, const std::string& to,
                   const std::string& now);

// The order_events row of an order the expiry cancelled: action 'expire', the system as actor.
void insert_expire_event(db::Connection& c, std::int64_t order_id, const std::string& from, const std::string& to,
                         const std::string& now);
// What the order_expired mail says, and to whom: the customer (its own address, else its users')
// and every user of the provider.
struct ExpiredOrderMail {
    std::string product, provider, customer;
    std::vector<std::string> to;
};
ExpiredOrderMail expired_order_mail(db::Connection& c, std::int64_t order_id);

// The customer's e-mail address ('' when none is known).
std::string customer_email(db::Connection& c, std::int64_t customer_id);

}  // namespace pt::vouchers
