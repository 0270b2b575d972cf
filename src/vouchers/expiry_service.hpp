#pragma once
// The scheduled end of vouchers (issue 5, "Time"): a voucher past its last valid day (a Finnish
// local date, inclusive) is expired, and its customer is reminded once 30 days before. Runs as
// the job "vouchers.expiry" in `serve` and as `palvelutori expire-vouchers`; safe in several
// processes at once (row locks and conditional updates: each voucher is expired and reminded once).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/money.hpp"
#include "storage/db.hpp"

namespace pt::web { class Renderer; }

namespace pt::vouchers {

// The orders domain's `expire` step, passed in by app/wiring.cpp because orders depend on
// vouchers and not the other way: the status an order in `status` moves to when its voucher
// expires (with the release of its reservation), or nullopt when the order is left alone
// (an accepted order is still delivered and paid from its reservation).
using OrderExpireStep = std::function<std::optional<std::string>(std::string_view status)>;

struct ExpiryOutcome {
    std::int64_t expired = 0;
    std::int64_t reminded = 0;
};

class ExpiryService {
public:
    static constexpr int kReminderDays = 30;

    // public_url prefixes the voucher link in the mails ("" gives a path).
    ExpiryService(db::Database& db, const Clock& clock, const web::Renderer& renderer, OrderExpireStep expire_step,
                  std::string public_url = "");

    // Expires what is due, then sends the reminders that are due; what this call did.
    ExpiryOutcome run_once();

    // One voucher in one write transaction; false when it was not due or another run did it.
    bool expire_voucher(std::int64_t voucher_id);
    bool remind_voucher(std::int64_t voucher_id);

private:
    bool expire_at(std::int64_t voucher_id, TimePoint at);
    bool remind_at(std::int64_t voucher_id, TimePoint at);
    void mail_customer(db::Connection& c, std::int64_t customer_id, const std::string& kind, std::int64_t voucher_id,
                       const std::string& valid_until, Money amount);

    db::Database& db_;
    const Clock& clock_;
    const web::Renderer& renderer_;
    OrderExpireStep expire_step_;
    std::string public_url_;
};

}  // namespace pt::vouchers
