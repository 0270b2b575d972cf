#pragma once
// How the organizer types a programme's amounts in the form: euros, Finnish style ("2 500",
// "2500,50", "5 000 €"), several values separated by a comma and a space, a semicolon or a new
// line ("2 500, 5 000"). A comma directly followed by a digit is the decimal comma, so
// "2500,50" is one value and "2500, 50" two. No I/O.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"

namespace pt::vouchers {

// Bounds no real programme comes near; they keep sums far from overflowing (10 000 000 000 €).
inline constexpr std::int64_t kProgrammeAmountMaxCents = 1'000'000'000'000;
inline constexpr std::size_t kDenominationsMax = 10;

struct EuroListResult {
    std::vector<Money> values;  // in the order typed
    std::string error;          // "" or an i18n key: programme.amount_format, programme.amount_too_large,
                                // programme.too_many_denominations
};
// Empty text gives no values and no error (the domain then says programme.no_denominations).
EuroListResult parse_euro_list(std::string_view text);

// One amount as the form shows it: "2 500", "2 500,50", "200 000" (plain spaces, so it parses back).
std::string euros_for_input(Money m);
// "2 500, 5 000"
std::string euro_list_for_input(const std::vector<Money>& values);

}  // namespace pt::vouchers
