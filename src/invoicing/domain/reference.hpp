#pragma once
// Finnish creditor reference (viitenumero, 7-3-1 check digit) and the international RF creditor
// reference (ISO 11649, mod 97-10). Rules and vectors: ../shared/standards/fi-identifiers/NOTES.md.
// No I/O.
#include <optional>
#include <string>
#include <string_view>

namespace pt::invoicing {

// The 7-3-1 check digit of a base of 3..19 digits; nullopt for anything else.
std::optional<int> finnish_reference_check_digit(std::string_view base);
// base + its check digit ("123456" -> "1234561"); leading zeros of the base are dropped (they
// are never printed). nullopt when the base is not 3..19 digits (after dropping zeros).
std::optional<std::string> finnish_reference(std::string_view base);
// 4..20 digits whose last digit is the 7-3-1 check digit of the rest. Spaces are not accepted.
bool is_valid_finnish_reference(std::string_view ref);
// The reference of an invoice number "2026-000042": its digits as the base -> "20260000426".
std::optional<std::string> reference_for_invoice_number(std::string_view number);

// "RF" + two check digits + the reference (1..21 of 0-9 A-Z a-z); nullopt when not such text.
std::optional<std::string> rf_reference(std::string_view reference);
// RFkk + 1..21 alphanumerics whose mod 97 (moved and converted as in ISO 11649) is 1.
bool is_valid_rf_reference(std::string_view ref);

// Groups of five (Finnish, from the right as banks print it) / four (RF) for the printed invoice.
std::string print_reference(std::string_view ref);

}  // namespace pt::invoicing
