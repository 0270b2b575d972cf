#pragma once
// Contract periods (tilaussopimuskausi) and the dates derived from them. No I/O.
#include <chrono>
#include <optional>
#include <string_view>

namespace pt::procurement {

// Both days included: orders may be made and services delivered from start to end.
struct ContractPeriod {
    std::chrono::sys_days start;
    std::chrono::sys_days end;
    bool operator==(const ContractPeriod&) const = default;
};

// Periods are short by design (seed 001); five years is a generous upper bound that still
// catches a mistyped year.
inline constexpr int max_period_years = 5;

// "period.end_before_start" (end must be after start, a one-day period is refused too) or
// "period.too_long" (end later than start + 5 years); nullopt when fine.
std::optional<std::string_view> period_error(const ContractPeriod& p);

bool contains(const ContractPeriod& p, std::chrono::sys_days day);

// `d` moved by `months` calendar months, clamped to the end of the target month
// (2026-04-30 minus 2 months is 2026-02-28).
std::chrono::sys_days add_months_clamped(std::chrono::sys_days d, int months);

// Applications close two months before the period ends (seed 001), same day of month,
// clamped to the month's last day. May lie before the start for a short period: the call's
// validation then asks the organizer for an explicit deadline.
std::chrono::sys_days default_application_deadline(const ContractPeriod& p);

}  // namespace pt::procurement
