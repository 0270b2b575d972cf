#pragma once
// VAT of a service description: the rate the provider's invoices carry for it and its EN 16931
// category. Only the Finnish rates are accepted (0, 10, 14, 25.5 %); S goes with a rate above
// zero, Z (zero rated) or E (exempt, with the reason printed on the invoice) with 0 %. No I/O.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace pt::catalog {

struct ServiceVat {
    int rate_bp = 0;                 // basis points: 2550 = 25.5 %
    std::string category = "E";      // "S" | "Z" | "E"
    std::string exemption_reason;    // category E only, 1..200 characters
};

inline constexpr std::size_t kMaxExemptionReason = 200;

bool is_finnish_vat_rate(int rate_bp);  // 0, 1000, 1400, 2550
// Field → i18n key for everything wrong ("vat_rate_bp" / "vat_category" / "vat_exemption_reason");
// empty when the combination is fine. The reason's own text checks (UTF-8, control characters,
// length) are the caller's FieldErrors::text.
std::map<std::string, std::string> vat_errors(const ServiceVat& v);
// A percentage as typed in the form: "25,5", "25.5", "14", "0", "10,00" → basis points;
// nullopt for anything else (negative, more than two decimals, not a number, over 100 %).
std::optional<int> parse_vat_percent(std::string_view s);
// 2550 → "25,5", 1000 → "10", 0 → "0" (what the form shows).
std::string format_vat_percent(int rate_bp);

}  // namespace pt::catalog
