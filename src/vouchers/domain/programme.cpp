#include "vouchers/domain/programme.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "core/enum_names.hpp"
#include "core/text.hpp"

namespace pt::vouchers {

namespace {

constexpr EnumNames<CustomerType, 2> customer_type_names{{
    {CustomerType::business, "business"},
    {CustomerType::person, "person"},
}};

// Field order of programme_errors, which is also the order programme_error reports in.
constexpr std::string_view field_order[] = {"name",   "denominations", "max_per_customer", "validity_months",
                                            "budget", "service_description_ids", "application_end",
                                            "de_minimis", "de_minimis_ceiling", "fiscal_year_start_month"};

}  // namespace

std::string_view to_string(CustomerType t) { return name_of(customer_type_names, t); }
std::optional<CustomerType> customer_type_from(std::string_view s) { return from_name(customer_type_names, s); }

std::map<std::string, std::string> programme_errors(const VoucherProgramme& p) {
    std::map<std::string, std::string> e;
    const auto put = [&](const char* field, const char* key) { e.try_emplace(field, key); };

    const std::string name = text::valid_utf8(p.name) ? text::trim(p.name) : std::string();
    if (!text::valid_utf8(p.name)) put("name", "programme.name_invalid_text");
    else if (text::has_control_chars(p.name)) put("name", "programme.name_control_chars");
    else if (name.empty()) put("name", "programme.name_required");
    else if (text::length(name) > kProgrammeNameMax) put("name", "programme.name_too_long");

    if (p.denominations.empty()) put("denominations", "programme.no_denominations");
    std::set<std::int64_t> seen;
    for (Money d : p.denominations) {
        if (d.cents() <= 0) put("denominations", "programme.denomination_not_positive");
        else if (!seen.insert(d.cents()).second) put("denominations", "programme.denomination_duplicate");
        // A value above the cap could never be granted to anyone.
        else if (p.max_per_customer.cents() > 0 && d > p.max_per_customer)
            put("denominations", "programme.denomination_over_customer_cap");
    }

    if (p.max_per_customer.cents() <= 0) put("max_per_customer", "programme.customer_cap_not_positive");
    if (p.validity_months < 1 || p.validity_months > kValidityMonthsMax)
        put("validity_months", "programme.validity_months_out_of_range");

    if (p.budget.cents() <= 0) put("budget", "programme.budget_not_positive");
    else if (!seen.empty() && p.budget.cents() < *seen.begin()) put("budget", "programme.budget_below_denomination");

    if (p.service_description_ids.empty()) put("service_description_ids", "programme.no_service_descriptions");
    if (std::set(p.service_description_ids.begin(), p.service_description_ids.end()).size() !=
        p.service_description_ids.size())
        put("service_description_ids", "programme.service_description_duplicate");

    if (p.application_end < p.application_start) put("application_end", "programme.application_period_reversed");

    if (p.de_minimis && p.customer_type == CustomerType::person) put("de_minimis", "programme.de_minimis_for_person");
    if (p.de_minimis && p.de_minimis_ceiling.cents() <= 0)
        put("de_minimis_ceiling", "programme.de_minimis_ceiling_not_positive");
    if (p.fiscal_year_start_month < 1 || p.fiscal_year_start_month > 12)
        put("fiscal_year_start_month", "programme.fiscal_year_start_month_out_of_range");
    return e;
}

std::optional<std::string> programme_error(const VoucherProgramme& p) {
    const auto e = programme_errors(p);
    for (auto f : field_order)
        if (auto it = e.find(std::string(f)); it != e.end()) return it->second;
    return std::nullopt;
}

bool accepts_applications(const VoucherProgramme& p, std::chrono::sys_days today) {
    return today >= p.application_start && today <= p.application_end;
}

bool is_denomination(const VoucherProgramme& p, Money amount) {
    return std::ranges::find(p.denominations, amount) != p.denominations.end();
}

bool may_buy(const VoucherProgramme& p, std::int64_t service_description_id) {
    return std::ranges::find(p.service_description_ids, service_description_id) != p.service_description_ids.end();
}

std::chrono::sys_days voucher_valid_until(std::chrono::sys_days granted_on, int months) {
    using namespace std::chrono;
    if (months < 1) throw std::invalid_argument("voucher validity: months must be at least 1");
    const year_month_day g{granted_on};
    const year_month target = year_month{g.year(), g.month()} + std::chrono::months{months};
    const day last = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
    return sys_days{target / std::min(g.day(), last)};
}

std::chrono::sys_days reminder_date(std::chrono::sys_days granted_on, std::chrono::sys_days valid_until) {
    return std::max(granted_on, valid_until - std::chrono::days{kReminderDaysBefore});
}

bool is_past_validity(std::chrono::sys_days valid_until, std::chrono::sys_days today) { return today > valid_until; }

}  // namespace pt::vouchers
