#include "vouchers/domain/programme_input.hpp"

#include <cctype>

namespace pt::vouchers {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Pieces between separators: newline, ';', or a comma followed by whitespace or the end.
std::vector<std::string_view> pieces(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        bool sep = i == s.size() || s[i] == '\n' || s[i] == ';';
        if (!sep && s[i] == ',') sep = i + 1 == s.size() || is_space(s[i + 1]);
        if (!sep) continue;
        out.push_back(s.substr(start, i - start));
        start = i + 1;
    }
    return out;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

}  // namespace

EuroListResult parse_euro_list(std::string_view text) {
    EuroListResult r;
    for (auto piece : pieces(text)) {
        piece = trimmed(piece);
        if (piece.empty()) continue;
        auto m = Money::parse(piece);
        if (!m) { r.error = "programme.amount_format"; return r; }
        if (m->cents() > kProgrammeAmountMaxCents) { r.error = "programme.amount_too_large"; return r; }
        if (r.values.size() == kDenominationsMax) { r.error = "programme.too_many_denominations"; return r; }
        r.values.push_back(*m);
    }
    return r;
}

std::string euros_for_input(Money m) {
    const auto c = m.cents();
    const bool negative = c < 0;
    const auto abs = negative ? -c : c;
    const auto digits = std::to_string(abs / 100);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
        out += digits[i];
    }
    if (abs % 100) out += (abs % 100 < 10 ? ",0" : ",") + std::to_string(abs % 100);
    return negative ? "-" + out : out;
}

std::string euro_list_for_input(const std::vector<Money>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + euros_for_input(v);
    return out;
}

}  // namespace pt::vouchers
