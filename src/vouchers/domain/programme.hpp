#pragma once
// A voucher programme (seteliohjelma): who may apply, when, for which services, which voucher
// values the city grants, and the limits that keep the grants within the budget and the law
// (seed 000: 2 500 € or 5 000 € vouchers, at most 5 000 € per business, valid 6 months). No I/O.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"

namespace pt::vouchers {

enum class CustomerType { business, person };
std::string_view to_string(CustomerType t);
std::optional<CustomerType> customer_type_from(std::string_view s);

struct VoucherProgramme {
    std::int64_t id = 0;
    std::string name;
    CustomerType customer_type = CustomerType::business;
    std::vector<Money> denominations;              // the values a grant may have, e.g. 2 500 € and 5 000 €
    Money max_per_customer;                         // all grants of one customer in this programme together
    int validity_months = 6;                        // from the grant date, see voucher_valid_until
    Money budget;                                   // all grants of the programme together
    std::vector<std::int64_t> service_description_ids;  // what its vouchers may buy
    std::chrono::sys_days application_start{};      // inclusive
    std::chrono::sys_days application_end{};        // inclusive
    // De minimis state aid (business programmes only): the applicant declares the aid received
    // in the current and two previous fiscal years, and the grant may not take the total over
    // the ceiling. Fiscal years start on the first day of fiscal_year_start_month.
    bool de_minimis = false;
    Money de_minimis_ceiling = Money::euros(300'000);
    unsigned fiscal_year_start_month = 1;           // 1 = the calendar year
};

inline constexpr std::size_t kProgrammeNameMax = 200;  // code points
inline constexpr int kValidityMonthsMax = 60;

// Every problem of a programme, one i18n key per form field (the first problem of that field),
// ready for pt::Invalid. Empty when the programme may be saved. Fields and keys:
//   name                     programme.name_invalid_text, programme.name_control_chars,
//                            programme.name_required, programme.name_too_long
//   denominations            programme.no_denominations, programme.denomination_not_positive,
//                            programme.denomination_duplicate, programme.denomination_over_customer_cap
//   max_per_customer         programme.customer_cap_not_positive
//   validity_months          programme.validity_months_out_of_range (1..60)
//   budget                   programme.budget_not_positive, programme.budget_below_denomination
//   service_description_ids  programme.no_service_descriptions, programme.service_description_duplicate
//   application_end          programme.application_period_reversed
//   de_minimis               programme.de_minimis_for_person
//   de_minimis_ceiling       programme.de_minimis_ceiling_not_positive
//   fiscal_year_start_month  programme.fiscal_year_start_month_out_of_range (1..12)
std::map<std::string, std::string> programme_errors(const VoucherProgramme& p);
// The first of those keys in the order above, or nullopt (like procurement::call_error).
std::optional<std::string> programme_error(const VoucherProgramme& p);

// Applications are taken from application_start to application_end, both days included.
bool accepts_applications(const VoucherProgramme& p, std::chrono::sys_days today);
bool is_denomination(const VoucherProgramme& p, Money amount);
bool may_buy(const VoucherProgramme& p, std::int64_t service_description_id);

// The last day a voucher granted on `granted_on` may be used: the same day of the month
// `months` later, clamped to that month's end (31 Aug + 6 months = 28/29 Feb), inclusive.
// Throws std::invalid_argument for months < 1.
std::chrono::sys_days voucher_valid_until(std::chrono::sys_days granted_on, int months);
// The day the customer is reminded: 30 days before valid_until, but never before the grant.
std::chrono::sys_days reminder_date(std::chrono::sys_days granted_on, std::chrono::sys_days valid_until);
inline constexpr int kReminderDaysBefore = 30;
// The expiry job ends a voucher on the first day after valid_until.
bool is_past_validity(std::chrono::sys_days valid_until, std::chrono::sys_days today);

}  // namespace pt::vouchers
