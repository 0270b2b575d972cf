#pragma once
// Finnish business ID (Y-tunnus), "NNNNNNN-T": seven digits, a hyphen, a modulus-11 check digit
// (weights 7 9 10 5 8 4 2). Rule and vectors: shared/standards/fi-identifiers/NOTES.md.
#include <optional>
#include <string>
#include <string_view>

namespace pt {

// Strict: exactly "NNNNNNN-T" with a matching check digit; no spaces, no "FI" prefix.
bool is_valid_business_id(std::string_view s);
// "" when valid, else an English reason ("must look like 1234567-8", "check digit does not match").
std::string business_id_error(std::string_view s);
// What a form should store: trims white space and reads an old six-digit ID ("737546-2") with a
// leading zero. The canonical "NNNNNNN-T" when the result is valid, else nullopt.
std::optional<std::string> normalize_business_id(std::string_view s);

}  // namespace pt
