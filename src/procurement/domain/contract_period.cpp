#include "procurement/domain/contract_period.hpp"

namespace pt::procurement {

using namespace std::chrono;

std::optional<std::string_view> period_error(const ContractPeriod& p) {
    if (p.end <= p.start) return "period.end_before_start";
    if (p.end > add_months_clamped(p.start, 12 * max_period_years)) return "period.too_long";
    return std::nullopt;
}

bool contains(const ContractPeriod& p, sys_days day) { return day >= p.start && day <= p.end; }

sys_days add_months_clamped(sys_days d, int n) {
    const year_month_day ymd{d};
    const year_month target = year_month{ymd.year(), ymd.month()} + months{n};
    const year_month_day_last last{target.year(), month_day_last{target.month()}};
    const day dd = ymd.day() > last.day() ? last.day() : ymd.day();
    return sys_days{year_month_day{target.year(), target.month(), dd}};
}

sys_days default_application_deadline(const ContractPeriod& p) { return add_months_clamped(p.end, -2); }

}  // namespace pt::procurement
