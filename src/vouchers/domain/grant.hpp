#pragma once
// The organizer's grant decision: may this customer get a voucher of this value from this
// programme now? Refusals are i18n keys shown to the organizer. No I/O: the caller reads the
// programme's allocation and the customer's grants in the same transaction (under the
// programme's row lock) and passes them in.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/money.hpp"
#include "vouchers/domain/de_minimis.hpp"
#include "vouchers/domain/programme.hpp"

namespace pt::vouchers {

// A voucher this customer already has from the programme. Every grant counts against the cap
// and the budget, whatever became of it (spent, expired, cancelled): the cap limits what the city
// grants, and expired money does not return to the programme (budget = unallocated + grants).
struct ExistingGrant {
    std::int64_t voucher_id = 0;
    Money value;
    std::chrono::sys_days granted_on{};
};

struct GrantRequest {
    CustomerType customer_type = CustomerType::business;
    Money denomination;                          // the value the organizer chose
    std::chrono::sys_days applied_on{};          // the application period is checked on this day
    std::chrono::sys_days today{};               // the decision day: de minimis window, validity
    Money allocated;                             // sum of every grant already made in the programme
    std::vector<ExistingGrant> customer_grants;  // this customer's grants in the programme
    // De minimis programmes only: the applicant's declaration (empty = "no other aid");
    // nullopt = the applicant has not declared, which refuses the grant.
    std::optional<std::vector<DeclaredAid>> declared_aid;
    // De minimis aid the city granted this customer in its other de minimis programmes.
    std::vector<GrantedAid> other_programme_aid;
};

enum class GrantRefusal {
    wrong_customer_type,
    outside_application_period,
    not_a_denomination,
    over_customer_cap,
    over_budget,
    de_minimis_not_declared,
    de_minimis_declaration_invalid,
    de_minimis_ceiling,
};
// "grant.wrong_customer_type", "grant.outside_application_period", "grant.not_a_denomination",
// "grant.over_customer_cap", "grant.over_budget", "grant.de_minimis_not_declared",
// "grant.de_minimis_declaration_invalid", "grant.de_minimis_ceiling".
std::string_view message_key(GrantRefusal r);

// Why the grant is refused, or nullopt when it may be made. Checked in the enum's order, so the
// organizer sees the most basic problem first.
std::optional<GrantRefusal> check_grant(const VoucherProgramme& p, const GrantRequest& r);

// Figures for the decision page (never negative).
Money remaining_budget(const VoucherProgramme& p, Money allocated);
Money remaining_customer_cap(const VoucherProgramme& p, const std::vector<ExistingGrant>& customer_grants);
// The denominations that would pass the cap and budget checks, in programme order (the choice
// offered to the organizer; de minimis is checked on the chosen one).
std::vector<Money> grantable_denominations(const VoucherProgramme& p, Money allocated,
                                           const std::vector<ExistingGrant>& customer_grants);

// The dates a granted voucher carries.
struct GrantDates {
    std::chrono::sys_days valid_from;
    std::chrono::sys_days valid_until;  // inclusive
    std::chrono::sys_days remind_on;
};
GrantDates grant_dates(const VoucherProgramme& p, std::chrono::sys_days granted_on);

}  // namespace pt::vouchers
