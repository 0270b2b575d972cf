#include "vouchers/domain/de_minimis.hpp"

#include <algorithm>
#include <set>

namespace pt::vouchers {

int fiscal_year_of(std::chrono::sys_days day, unsigned start_month) {
    const std::chrono::year_month_day d{day};
    const int y = static_cast<int>(d.year());
    return static_cast<unsigned>(d.month()) >= start_month ? y : y - 1;
}

std::chrono::sys_days fiscal_year_start(int fiscal_year, unsigned start_month) {
    using namespace std::chrono;
    return sys_days{year{fiscal_year} / month{start_month} / day{1}};
}

std::array<int, 3> de_minimis_window(std::chrono::sys_days today, unsigned start_month) {
    const int fy = fiscal_year_of(today, start_month);
    return {fy - 2, fy - 1, fy};
}

bool in_de_minimis_window(int fiscal_year, std::chrono::sys_days today, unsigned start_month) {
    const int fy = fiscal_year_of(today, start_month);
    return fiscal_year >= fy - 2 && fiscal_year <= fy;
}

std::optional<std::string_view> declaration_error(const std::vector<DeclaredAid>& declared,
                                                  std::chrono::sys_days today, unsigned start_month) {
    std::set<int> years;
    for (const auto& d : declared) {
        if (d.amount.is_negative()) return "de_minimis.negative_amount";
        if (!in_de_minimis_window(d.fiscal_year, today, start_month)) return "de_minimis.year_outside_window";
        if (!years.insert(d.fiscal_year).second) return "de_minimis.duplicate_year";
    }
    return std::nullopt;
}

Money aid_in_window(const std::vector<DeclaredAid>& declared, const std::vector<GrantedAid>& granted,
                    std::chrono::sys_days today, unsigned start_month) {
    Money sum;
    for (const auto& d : declared)
        if (in_de_minimis_window(d.fiscal_year, today, start_month)) sum += d.amount;
    for (const auto& g : granted)
        // A grant dated after today (clock set back) still counts: it cannot be outside the window.
        if (fiscal_year_of(g.granted_on, start_month) >= fiscal_year_of(today, start_month) - 2) sum += g.amount;
    return sum;
}

Money de_minimis_headroom(const DeMinimisRule& rule, const std::vector<DeclaredAid>& declared,
                          const std::vector<GrantedAid>& granted, std::chrono::sys_days today) {
    const Money left = rule.ceiling - aid_in_window(declared, granted, today, rule.fiscal_year_start_month);
    return left.is_negative() ? Money{} : left;
}

bool within_de_minimis_ceiling(const DeMinimisRule& rule, const std::vector<DeclaredAid>& declared,
                               const std::vector<GrantedAid>& granted, Money amount, std::chrono::sys_days today) {
    return aid_in_window(declared, granted, today, rule.fiscal_year_start_month) + amount <= rule.ceiling;
}

}  // namespace pt::vouchers
