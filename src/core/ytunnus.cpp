#include "core/ytunnus.hpp"

#include "core/text.hpp"

namespace pt {

namespace {

enum class Problem { none, format, check_digit };

Problem check(std::string_view s) {
    if (s.size() != 9 || s[7] != '-') return Problem::format;
    for (std::size_t i = 0; i < 9; ++i)
        if (i != 7 && (s[i] < '0' || s[i] > '9')) return Problem::format;
    static constexpr int weights[7] = {7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (std::size_t i = 0; i < 7; ++i) sum += weights[i] * (s[i] - '0');
    const int rem = sum % 11;
    if (rem == 1) return Problem::check_digit;  // no digit can be right for this body
    const int expected = rem == 0 ? 0 : 11 - rem;
    return expected == s[8] - '0' ? Problem::none : Problem::check_digit;
}

}  // namespace

bool is_valid_business_id(std::string_view s) { return check(s) == Problem::none; }

std::string business_id_error(std::string_view s) {
    switch (check(s)) {
        case Problem::none: return "";
        case Problem::format: return "must look like 1234567-8";
        case Problem::check_digit: return "check digit does not match";
    }
    return "";
}

std::optional<std::string> normalize_business_id(std::string_view s) {
    std::string id = text::trim(s);
    if (id.size() == 8 && id[6] == '-') id.insert(id.begin(), '0');
    if (!is_valid_business_id(id)) return std::nullopt;
    return id;
}

}  // namespace pt
