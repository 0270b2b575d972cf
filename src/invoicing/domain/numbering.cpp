#include "invoicing/domain/numbering.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace pt::invoicing {

using namespace std::chrono;

std::string format_invoice_number(int year, std::int64_t seq) {
    if (year < 1000 || year > 9999) throw std::invalid_argument("invoice number: year out of range");
    if (seq < 1) throw std::invalid_argument("invoice number: sequence must be positive");
    std::string digits = std::to_string(seq);
    if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
    return std::to_string(year) + "-" + digits;
}

bool parse_invoice_number(std::string_view s, int& year, std::int64_t& seq) {
    if (s.size() < 11 || s[4] != '-') return false;
    const auto digits = [](std::string_view d) {
        return !d.empty() && std::ranges::all_of(d, [](char c) { return c >= '0' && c <= '9'; });
    };
    const auto y = s.substr(0, 4), n = s.substr(5);
    if (!digits(y) || !digits(n) || y[0] == '0' || n.size() > 18 || (n.size() > 6 && n[0] == '0')) return false;
    std::int64_t v = 0;
    for (char c : n) v = v * 10 + (c - '0');
    if (v < 1) return false;
    year = std::stoi(std::string(y));
    seq = v;
    return true;
}

std::string invoice_counter_name(int year) { return "invoice_" + std::to_string(year); }

sys_days due_date(sys_days issue, int payment_terms_days) {
    if (payment_terms_days < 0 || payment_terms_days > 365) throw std::invalid_argument("payment terms out of range");
    return issue + days{payment_terms_days};
}

std::optional<sys_days> parse_month(std::string_view m) {
    if (m.size() != 7 || m[4] != '-') return std::nullopt;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
        if (m[i] < '0' || m[i] > '9') return std::nullopt;
    const int y = std::stoi(std::string(m.substr(0, 4)));
    const int mo = std::stoi(std::string(m.substr(5, 2)));
    if (y < 2000 || mo < 1 || mo > 12) return std::nullopt;
    return sys_days{year{y} / month{static_cast<unsigned>(mo)} / 1};
}

std::string month_of(sys_days day) {
    const year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()));
    return buf;
}

std::string previous_month(sys_days day) {
    const year_month_day ymd{day};
    const year_month prev = year_month{ymd.year(), ymd.month()} - months{1};
    return month_of(sys_days{prev / 1});
}

sys_days next_month_start(sys_days first) {
    const year_month_day ymd{first};
    return sys_days{(year_month{ymd.year(), ymd.month()} + months{1}) / 1};
}

}  // namespace pt::invoicing
