#include "vouchers/expiry_service.hpp"

#include <spdlog/spdlog.h>

#include "audit/audit.hpp"
#include "core/errors.hpp"
#include "notify/outbox.hpp"
#include "vouchers/data/expiry_queries.hpp"
#include "vouchers/data/voucher_queries.hpp"

namespace pt::vouchers {

namespace {

constexpr int kBatch = 100;

nlohmann::json audit_json(const VoucherView& v) {
    const auto& b = v.balance;
    return {{"status", std::string(to_string(v.voucher.status))},
            {"valid_until", to_iso_date(v.voucher.valid_until)},
            {"balance",
             {{"granted_cents", b.granted.cents()},
              {"reserved_cents", b.reserved.cents()},
              {"spent_cents", b.spent.cents()},
              {"expired_cents", b.expired.cents()},
              {"available_cents", b.available().cents()}}}};
}


// The customer and the provider's users hear that an order awaiting acceptance ended with the voucher.
void mail_order_expired(db::Connection& c, const Clock& clock, const web::Renderer& renderer,
                        const std::string& public_url, std::int64_t order_id, Money price) {
    const auto m = expired_order_mail(c, order_id);
    const nlohmann::json data = {{"order_id", order_id},
                                 {"product", m.product},
                                 {"provider", m.provider},
                                 {"customer", m.customer},
                                 {"link", public_url + "/orders/" + std::to_string(order_id)}};
    for (const auto& to : m.to) {
        try {
            const auto lang = notify::recipient_language(c, to);
            auto localized = data;
            localized["price"] = price.format(lang);
            notify::enqueue(c, notify::compose(renderer, "order_expired", lang, to, localized), clock);
        } catch (const UserError&) {
            spdlog::warn("order_expired: unusable e-mail address, order {}", order_id);
        }
    }
}

}  // namespace

ExpiryService::ExpiryService(db::Database& db, const Clock& clock, const web::Renderer& renderer,
                             OrderExpireStep expire_step, std::string public_url)
    : db_(db), clock_(clock), renderer_(renderer), expire_step_(std::move(expire_step)), public_url_(std::move(public_url)) {}

ExpiryOutcome ExpiryService::run_once() {
    ExpiryOutcome out;
    // One "today" for the whole run, so a candidate the query found is still due in its transaction.
    const auto now = clock_.now();
    const auto today = local_date(now);
    const auto last_day = to_iso_date(local_day(now) + std::chrono::days{kReminderDays});
    for (;;) {
        std::vector<std::int64_t> ids;
        {
            auto lease = db_.acquire();
            ids = vouchers_past_validity(*lease, today, kBatch);
        }
        std::int64_t done = 0;
        for (auto id : ids) done += expire_at(id, now) ? 1 : 0;
        out.expired += done;
        // Nothing of this batch was ours: other processes are on it, or it was not due after all.
        if (ids.size() < static_cast<std::size_t>(kBatch) || done == 0) break;
    }
    for (;;) {
        std::vector<std::int64_t> ids;
        {
            auto lease = db_.acquire();
            ids = vouchers_to_remind(*lease, today, last_day, kBatch);
        }
        std::int64_t done = 0;
        for (auto id : ids) done += remind_at(id, now) ? 1 : 0;
        out.reminded += done;
        if (ids.size() < static_cast<std::size_t>(kBatch) || done == 0) break;
    }
    if (out.expired || out.reminded)
        spdlog::info("vouchers.expiry: {} expired, {} reminded", out.expired, out.reminded);
    return out;
}

bool ExpiryService::expire_voucher(std::int64_t voucher_id) { return expire_at(voucher_id, clock_.now()); }
bool ExpiryService::remind_voucher(std::int64_t voucher_id) { return remind_at(voucher_id, clock_.now()); }

bool ExpiryService::expire_at(std::int64_t voucher_id, TimePoint at) {
    const auto now = to_iso(at);
    const auto today = local_date(at);
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto before = lock_voucher(c, voucher_id);
        // Under the lock: only the first run to get here expires it.
        if (!before || !claim_expiry(c, voucher_id, today, now)) return false;

        // Orders still awaiting acceptance end along the orders domain's expire step, and their
        // reservations come back to the voucher; accepted orders keep theirs.
        nlohmann::json ended_orders = nlohmann::json::array();
        for (const auto& o : orders_of_voucher(c, voucher_id)) {
            auto to = expire_step_(o.status);
            if (!to || !move_order_if(c, o.id, o.status, *to, now)) continue;
            add_ledger_entry(c, voucher_id, o.id, EntryKind::release, o.price, now);
            insert_expire_event(c, o.id, o.status, *to, now);
            mail_order_expired(c, clock_, renderer_, public_url_, o.id, o.price);
            audit::write(c, clock_, {std::nullopt, "order.expire", "order", std::to_string(o.id),
                                     {{"status", o.status}, {"voucher_id", voucher_id}, {"price_cents", o.price.cents()}},
                                     {{"status", *to}, {"voucher_id", voucher_id}, {"price_cents", o.price.cents()}}});
            ended_orders.push_back(o.id);
        }

        const auto left = lock_voucher(c, voucher_id)->balance.available();
        if (left.cents() > 0) add_ledger_entry(c, voucher_id, std::nullopt, EntryKind::expire, left, now);
        auto after = *lock_voucher(c, voucher_id);
        auto after_json = audit_json(after);
        after_json["expired_cents"] = left.cents();
        after_json["cancelled_orders"] = ended_orders;
        audit::write(c, clock_, {std::nullopt, "voucher.expire", "voucher", std::to_string(voucher_id),
                                 audit_json(*before), after_json});
        mail_customer(c, before->voucher.customer_id, "voucher.expired", voucher_id,
                      finnish_date(before->voucher.valid_until), left);
        return true;
    });
}

bool ExpiryService::remind_at(std::int64_t voucher_id, TimePoint at) {
    const auto now = to_iso(at);
    const auto today = local_day(at);
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto v = lock_voucher(c, voucher_id);
        if (!v || v->voucher.status != VoucherStatus::active) return false;
        const auto until = v->voucher.valid_until;
        if (until < today || until > today + std::chrono::days{kReminderDays}) return false;
        if (!claim_reminder(c, voucher_id, now)) return false;
        const auto available = v->balance.available();
        audit::write(c, clock_, {std::nullopt, "voucher.remind", "voucher", std::to_string(voucher_id), nullptr,
                                 {{"valid_until", to_iso_date(until)}, {"available_cents", available.cents()}}});
        mail_customer(c, v->voucher.customer_id, "voucher.expiring", voucher_id, finnish_date(until), available);
        return true;
    });
}

void ExpiryService::mail_customer(db::Connection& c, std::int64_t customer_id, const std::string& kind,
                                  std::int64_t voucher_id, const std::string& valid_until, Money amount) {
    const auto to = customer_email(c, customer_id);
    // No address, no mail: the voucher page shows the same, and the expiry must not wait for it.
    if (to.empty()) return;
    const auto lang = notify::recipient_language(c, to);
    const nlohmann::json data = {{"voucher_id", voucher_id},
                                 {"valid_until", valid_until},
                                 {"amount", amount.format(lang)},
                                 {"path", public_url_ + "/vouchers/" + std::to_string(voucher_id)}};
    try {
        notify::enqueue(c, notify::compose(renderer_, kind, lang, to, data), clock_);
    } catch (const UserError&) {
        // An unusable stored address is refused before anything is written; the change stands.
        spdlog::warn("{}: customer {} has no usable e-mail address, voucher {}", kind, customer_id, voucher_id);
    }
}

}  // namespace pt::vouchers
