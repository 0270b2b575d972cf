#pragma once
// De minimis state aid: a business may receive at most a ceiling (300 000 € by default, a
// programme setting) of such aid over the current and the two previous fiscal years. The
// applicant declares the aid it got from others; the programme's own earlier grants are known
// from the ledger and are added here, so the declaration form must ask only for other aid. No I/O.
#include <array>
#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "core/money.hpp"

namespace pt::vouchers {

struct DeMinimisRule {
    Money ceiling = Money::euros(300'000);
    unsigned fiscal_year_start_month = 1;  // fiscal years start on the 1st of this month; 1 = calendar year
};

// A fiscal year is named by the calendar year it starts in (start month 7: 1 Jul 2025 –
// 30 Jun 2026 is fiscal year 2025).
int fiscal_year_of(std::chrono::sys_days day, unsigned start_month);
std::chrono::sys_days fiscal_year_start(int fiscal_year, unsigned start_month);
// The fiscal years that count on `today`: the two previous and the current one, oldest first.
std::array<int, 3> de_minimis_window(std::chrono::sys_days today, unsigned start_month);
bool in_de_minimis_window(int fiscal_year, std::chrono::sys_days today, unsigned start_month);

// Aid declared by the applicant for one fiscal year (from granting bodies other than this programme).
struct DeclaredAid {
    int fiscal_year;
    Money amount;
};
// Aid already granted by this programme (or by the city's other de minimis programmes).
struct GrantedAid {
    std::chrono::sys_days granted_on;
    Money amount;
};

// The first problem of a declaration as an i18n key, or nullopt: "de_minimis.negative_amount",
// "de_minimis.year_outside_window" (only the three counting years may be declared),
// "de_minimis.duplicate_year". An empty declaration ("no aid received") is fine.
std::optional<std::string_view> declaration_error(const std::vector<DeclaredAid>& declared,
                                                  std::chrono::sys_days today, unsigned start_month);

// Declared aid plus earlier grants, counting only what falls in the window on `today`.
Money aid_in_window(const std::vector<DeclaredAid>& declared, const std::vector<GrantedAid>& granted,
                    std::chrono::sys_days today, unsigned start_month);
// What may still be granted today without passing the ceiling (never negative).
Money de_minimis_headroom(const DeMinimisRule& rule, const std::vector<DeclaredAid>& declared,
                          const std::vector<GrantedAid>& granted, std::chrono::sys_days today);
// True when granting `amount` today keeps the window's total at or below the ceiling.
bool within_de_minimis_ceiling(const DeMinimisRule& rule, const std::vector<DeclaredAid>& declared,
                               const std::vector<GrantedAid>& granted, Money amount, std::chrono::sys_days today);

}  // namespace pt::vouchers
