#include "invoicing/domain/reference.hpp"

#include <algorithm>

namespace pt::invoicing {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; });
}

bool alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// The text as ISO 7064 digits (A/a = 10 ... Z/z = 35), mod 97 computed piecewise.
int mod97(std::string_view s) {
    int r = 0;
    for (char c : s) {
        int v = c >= '0' && c <= '9' ? c - '0' : (c >= 'a' ? c - 'a' : c - 'A') + 10;
        r = v >= 10 ? (r * 100 + v) % 97 : (r * 10 + v) % 97;
    }
    return r;
}

}  // namespace

std::optional<int> finnish_reference_check_digit(std::string_view base) {
    if (base.size() < 3 || base.size() > 19 || !all_digits(base)) return std::nullopt;
    static constexpr int weights[] = {7, 3, 1};
    int sum = 0;
    for (std::size_t i = 0; i < base.size(); ++i) sum += (base[base.size() - 1 - i] - '0') * weights[i % 3];
    return (10 - sum % 10) % 10;
}

std::optional<std::string> finnish_reference(std::string_view base) {
    if (!all_digits(base)) return std::nullopt;
    while (base.size() > 1 && base.front() == '0') base.remove_prefix(1);
    auto check = finnish_reference_check_digit(base);
    if (!check) return std::nullopt;
    return std::string(base) + static_cast<char>('0' + *check);
}

bool is_valid_finnish_reference(std::string_view ref) {
    if (ref.size() < 4 || ref.size() > 20 || !all_digits(ref)) return false;
    auto check = finnish_reference_check_digit(ref.substr(0, ref.size() - 1));
    return check && *check == ref.back() - '0';
}

std::optional<std::string> reference_for_invoice_number(std::string_view number) {
    std::string digits;
    for (char c : number) {
        if (c >= '0' && c <= '9') digits += c;
        else if (c != '-') return std::nullopt;
    }
    return finnish_reference(digits);
}

std::optional<std::string> rf_reference(std::string_view reference) {
    if (reference.empty() || reference.size() > 21 || !std::ranges::all_of(reference, alnum)) return std::nullopt;
    const int check = 98 - mod97(std::string(reference) + "RF00");
    std::string out = "RF";
    out += static_cast<char>('0' + check / 10);
    out += static_cast<char>('0' + check % 10);
    out += reference;
    return out;
}

bool is_valid_rf_reference(std::string_view ref) {
    if (ref.size() < 5 || ref.size() > 25 || ref.substr(0, 2) != "RF" || !all_digits(ref.substr(2, 2)) ||
        !std::ranges::all_of(ref.substr(4), alnum))
        return false;
    return mod97(std::string(ref.substr(4)) + std::string(ref.substr(0, 4))) == 1;
}

std::string print_reference(std::string_view ref) {
    std::string out;
    if (ref.starts_with("RF")) {
        for (std::size_t i = 0; i < ref.size(); ++i) {
            if (i && i % 4 == 0) out += ' ';
            out += ref[i];
        }
        return out;
    }
    // Finnish: groups of five counted from the right ("12 34561").
    const std::size_t lead = ref.size() % 5;
    for (std::size_t i = 0; i < ref.size(); ++i) {
        if (i && (i + 5 - lead) % 5 == 0) out += ' ';
        out += ref[i];
    }
    return out;
}

}  // namespace pt::invoicing
