#include "catalog/domain/service_vat.hpp"

#include <array>

namespace pt::catalog {

bool is_finnish_vat_rate(int rate_bp) {
    constexpr std::array<int, 4> rates{0, 1000, 1400, 2550};
    for (int r : rates)
        if (r == rate_bp) return true;
    return false;
}

std::map<std::string, std::string> vat_errors(const ServiceVat& v) {
    std::map<std::string, std::string> e;
    if (!is_finnish_vat_rate(v.rate_bp)) e["vat_rate_bp"] = "services.vat_rate_unknown";
    if (v.category != "S" && v.category != "Z" && v.category != "E") {
        e["vat_category"] = "services.vat_category_unknown";
        return e;
    }
    if (v.rate_bp > 0 && v.category != "S") e["vat_category"] = "services.vat_category_needs_zero_rate";
    if (v.rate_bp == 0 && v.category == "S") e["vat_category"] = "services.vat_category_needs_rate";
    if (v.category == "E" && v.exemption_reason.empty()) e["vat_exemption_reason"] = "services.vat_reason_required";
    if (v.category != "E" && !v.exemption_reason.empty()) e["vat_exemption_reason"] = "services.vat_reason_only_exempt";
    return e;
}

std::optional<int> parse_vat_percent(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (s.empty() || s.size() > 6) return std::nullopt;
    int whole = 0, frac = 0, frac_digits = 0;
    bool in_frac = false, any_digit = false;
    for (char ch : s) {
        if (ch == ',' || ch == '.') {
            if (in_frac || !any_digit) return std::nullopt;
            in_frac = true;
            continue;
        }
        if (ch < '0' || ch > '9') return std::nullopt;
        any_digit = true;
        if (in_frac) {
            if (++frac_digits > 2) return std::nullopt;
            frac = frac * 10 + (ch - '0');
        } else {
            whole = whole * 10 + (ch - '0');
        }
    }
    if (in_frac && frac_digits == 0) return std::nullopt;  // "25,"
    if (frac_digits == 1) frac *= 10;
    const int bp = whole * 100 + frac;
    if (bp > 10000) return std::nullopt;
    return bp;
}

std::string format_vat_percent(int rate_bp) {
    std::string out = std::to_string(rate_bp / 100);
    int frac = rate_bp % 100;
    if (frac == 0) return out;
    out += ',';
    out += static_cast<char>('0' + frac / 10);
    if (frac % 10) out += static_cast<char>('0' + frac % 10);
    return out;
}

}  // namespace pt::catalog
