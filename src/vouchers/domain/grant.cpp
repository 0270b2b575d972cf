#include "vouchers/domain/grant.hpp"

namespace pt::vouchers {

namespace {

Money sum_of(const std::vector<ExistingGrant>& gs) {
    Money s;
    for (const auto& g : gs) s += g.value;
    return s;
}

Money at_least_zero(Money m) { return m.is_negative() ? Money{} : m; }

}  // namespace

std::string_view message_key(GrantRefusal r) {
    switch (r) {
        case GrantRefusal::wrong_customer_type: return "grant.wrong_customer_type";
        case GrantRefusal::outside_application_period: return "grant.outside_application_period";
        case GrantRefusal::not_a_denomination: return "grant.not_a_denomination";
        case GrantRefusal::over_customer_cap: return "grant.over_customer_cap";
        case GrantRefusal::over_budget: return "grant.over_budget";
        case GrantRefusal::de_minimis_not_declared: return "grant.de_minimis_not_declared";
        case GrantRefusal::de_minimis_declaration_invalid: return "grant.de_minimis_declaration_invalid";
        case GrantRefusal::de_minimis_ceiling: return "grant.de_minimis_ceiling";
    }
    return "grant.refused";
}

std::optional<GrantRefusal> check_grant(const VoucherProgramme& p, const GrantRequest& r) {
    if (r.customer_type != p.customer_type) return GrantRefusal::wrong_customer_type;
    if (!accepts_applications(p, r.applied_on)) return GrantRefusal::outside_application_period;
    if (r.denomination.cents() <= 0 || !is_denomination(p, r.denomination)) return GrantRefusal::not_a_denomination;
    if (sum_of(r.customer_grants) + r.denomination > p.max_per_customer) return GrantRefusal::over_customer_cap;
    if (r.allocated + r.denomination > p.budget) return GrantRefusal::over_budget;
    if (p.de_minimis) {
        if (!r.declared_aid) return GrantRefusal::de_minimis_not_declared;
        if (declaration_error(*r.declared_aid, r.today, p.fiscal_year_start_month))
            return GrantRefusal::de_minimis_declaration_invalid;
        std::vector<GrantedAid> granted = r.other_programme_aid;
        for (const auto& g : r.customer_grants) granted.push_back({g.granted_on, g.value});
        const DeMinimisRule rule{p.de_minimis_ceiling, p.fiscal_year_start_month};
        if (!within_de_minimis_ceiling(rule, *r.declared_aid, granted, r.denomination, r.today))
            return GrantRefusal::de_minimis_ceiling;
    }
    return std::nullopt;
}

Money remaining_budget(const VoucherProgramme& p, Money allocated) { return at_least_zero(p.budget - allocated); }

Money remaining_customer_cap(const VoucherProgramme& p, const std::vector<ExistingGrant>& customer_grants) {
    return at_least_zero(p.max_per_customer - sum_of(customer_grants));
}

std::vector<Money> grantable_denominations(const VoucherProgramme& p, Money allocated,
                                           const std::vector<ExistingGrant>& customer_grants) {
    const Money cap = remaining_customer_cap(p, customer_grants);
    const Money budget = remaining_budget(p, allocated);
    std::vector<Money> out;
    for (Money d : p.denominations)
        if (d.cents() > 0 && d <= cap && d <= budget) out.push_back(d);
    return out;
}

GrantDates grant_dates(const VoucherProgramme& p, std::chrono::sys_days granted_on) {
    const auto until = voucher_valid_until(granted_on, p.validity_months);
    return {granted_on, until, reminder_date(granted_on, until)};
}

}  // namespace pt::vouchers
