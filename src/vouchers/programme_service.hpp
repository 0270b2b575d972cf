#pragma once
// Use cases of voucher programmes: the organizer creates and edits them. Each runs in one write
// transaction with an audit record. Refusals are pt::Invalid (422) or pt::UserError 409 whose field
// messages are already translated with `t`; fields carry the domain's names (programme_errors):
// name, customer_type, denominations, max_per_customer, validity_months, budget,
// service_description_ids, application_start, application_end, de_minimis, de_minimis_ceiling,
// fiscal_year_start_month.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "storage/db.hpp"
#include "vouchers/data/programme_queries.hpp"

namespace pt::vouchers {

using Translate = std::function<std::string(const std::string&)>;

class ProgrammeService {
public:
    ProgrammeService(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

    // Validates (programme_errors, service descriptions exist) and saves; returns the id.
    std::int64_t create(const VoucherProgramme& p, std::optional<std::int64_t> actor, const Translate& t);
    // Full replacement of programme p.id under its row lock. Beyond the create checks: the budget may
    // not go below what is already granted (409, field budget: programme.budget_below_allocated), and
    // the customer type may not change once a voucher was granted (409, customer_type:
    // programme.customer_type_locked). NotFound when there is no such programme.
    void update(const VoucherProgramme& p, std::optional<std::int64_t> actor, const Translate& t);

private:
    db::Database& db_;
    const Clock& clock_;
};

// The programme as stored, for audit records (no figures).
nlohmann::json programme_audit_json(const VoucherProgramme& p);

}  // namespace pt::vouchers
