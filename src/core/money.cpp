#include "core/money.hpp"

#include <cstdint>

namespace pt {

namespace {

constexpr std::int64_t max_cents = 100'000'000'000LL * 100;  // 1e11 euros

// Magnitude as unsigned, so INT64_MIN does not overflow on negation.
std::uint64_t magnitude(std::int64_t c) {
    return c < 0 ? static_cast<std::uint64_t>(-(c + 1)) + 1 : static_cast<std::uint64_t>(c);
}

// Digits of v with `sep` between groups of three ("2500" -> "2 500").
std::string grouped(std::uint64_t v, std::string_view sep) {
    const std::string digits = std::to_string(v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return out;
}

std::string two_digits(std::uint64_t v) {
    return {static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Group separators people type or paste: space, NBSP, narrow NBSP.
std::size_t space_at(std::string_view s, std::size_t i) {
    if (s[i] == ' ') return 1;
    const auto rest = s.substr(i);
    if (rest.starts_with("\xC2\xA0")) return 2;
    if (rest.starts_with("\xE2\x80\xAF")) return 3;
    return 0;
}

std::string_view strip_spaces(std::string_view s) {
    for (;;) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        else if (s.starts_with("\xC2\xA0")) s.remove_prefix(2);
        else if (s.starts_with("\xE2\x80\xAF")) s.remove_prefix(3);
        else break;
    }
    for (;;) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        else if (s.ends_with("\xC2\xA0")) s.remove_suffix(2);
        else if (s.ends_with("\xE2\x80\xAF")) s.remove_suffix(3);
        else break;
    }
    return s;
}

}  // namespace

std::string Money::format(std::string_view lang) const {
    const std::uint64_t m = magnitude(cents_);
    const std::string sign = cents_ < 0 ? "-" : "";
    if (lang == "en") return sign + "€" + grouped(m / 100, ",") + "." + two_digits(m % 100);
    return sign + grouped(m / 100, " ") + "," + two_digits(m % 100) + " €";
}

std::string Money::decimal() const {
    const std::uint64_t m = magnitude(cents_);
    return (cents_ < 0 ? "-" : "") + std::to_string(m / 100) + "." + two_digits(m % 100);
}

std::optional<Money> Money::parse(std::string_view text) {
    std::string_view s = strip_spaces(text);
    if (s.ends_with("€")) s = strip_spaces(s.substr(0, s.size() - std::string_view("€").size()));
    if (s.empty()) return std::nullopt;

    // Integer part: digits, optionally grouped by spaces in threes ("2 500", "1 000 000").
    std::int64_t euros = 0;
    std::size_t i = 0, digits = 0, group = 0;
    bool grouped_by_space = false;
    while (i < s.size()) {
        if (is_digit(s[i])) {
            if (++digits > 12) return std::nullopt;  // beyond 1e11 euros anyway
            euros = euros * 10 + (s[i] - '0');
            ++group;
            ++i;
        } else if (const auto n = space_at(s, i)) {
            // A group separator must sit between digits, and the first group has 1-3 digits.
            if (group == 0 || (grouped_by_space ? group != 3 : group > 3)) return std::nullopt;
            grouped_by_space = true;
            group = 0;
            i += n;
            if (i >= s.size() || !is_digit(s[i])) return std::nullopt;
        } else {
            break;
        }
    }
    if (digits == 0 || (grouped_by_space && group != 3)) return std::nullopt;

    std::int64_t cents = 0;
    if (i < s.size()) {
        if (s[i] != ',' && s[i] != '.') return std::nullopt;
        const auto frac = s.substr(i + 1);
        if (frac.empty() || frac.size() > 2) return std::nullopt;
        for (char c : frac)
            if (!is_digit(c)) return std::nullopt;
        cents = (frac[0] - '0') * 10 + (frac.size() == 2 ? frac[1] - '0' : 0);
    }
    const std::int64_t total = euros * 100 + cents;
    if (total > max_cents) return std::nullopt;
    return Money::cents(total);
}

}  // namespace pt
