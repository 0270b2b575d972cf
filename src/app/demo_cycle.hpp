#pragma once
// The demo's whole issue 6 cycle, through the real use cases (not SQL): orders delivered and
// reported last month, billing reports approved, last month's invoice run, approval, a payment
// and a credit note. Run by seed_demo after the base data; mails it causes are not kept (the
// demo's history is shown, not mailed to the demo addresses).
#include "core/clock.hpp"
#include "storage/db.hpp"

namespace pt::app {

// The first day of the previous Finnish month plus `days`: when the demo cycle's orders start.
std::chrono::sys_days demo_cycle_start(std::chrono::sys_days today, int days = 2);

// Uses the voucher of the customer with business ID `customer_business_id` (valid from
// demo_cycle_start) and the demo provider's 2 500 € card of the sales service.
void seed_demo_cycle(db::Database& db, const Clock& clock, const std::string& customer_business_id);

}  // namespace pt::app
