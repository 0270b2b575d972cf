#include "orders/domain/order_list.hpp"

#include <charconv>

#include "core/clock.hpp"

namespace pt::orders {

namespace {

// The only value of a parameter: nullopt when absent or empty; "repeated" when given twice.
std::optional<std::string> single(const std::multimap<std::string, std::string>& q, const std::string& name,
                                  std::map<std::string, std::string>& errors) {
    auto [lo, hi] = q.equal_range(name);
    if (lo == hi) return std::nullopt;
    if (std::next(lo) != hi) {
        errors[name] = "validation.repeated";
        return std::nullopt;
    }
    if (lo->second.empty()) return std::nullopt;
    return lo->second;
}

std::optional<std::chrono::sys_days> date(const std::string& s) {
    std::chrono::sys_days d{};
    if (!parse_iso_date(s, d)) return std::nullopt;
    const auto y = static_cast<int>(std::chrono::year_month_day{d}.year());
    if (y < 1970 || y > 9998) return std::nullopt;
    return d;
}

}  // namespace

ParsedOrderListFilter parse_order_list_filter(const std::multimap<std::string, std::string>& query) {
    ParsedOrderListFilter out;
    auto& e = out.errors;
    if (auto s = single(query, "status", e)) {
        out.filter.status = order_status_from(*s);
        if (!out.filter.status) e["status"] = "order.unknown_status";
    }
    if (auto s = single(query, "service_description_id", e)) {
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
        if (ec != std::errc() || p != s->data() + s->size() || v <= 0 || (*s)[0] == '+')
            e["service_description_id"] = "validation.not_an_id";
        else
            out.filter.service_description_id = v;
    }
    for (const char* field : {"from", "to"}) {
        if (auto s = single(query, field, e)) {
            auto d = date(*s);
            if (!d) e[field] = "orders.filter_bad_date";
            else (std::string_view(field) == "from" ? out.filter.from : out.filter.to) = d;
        }
    }
    if (out.filter.from && out.filter.to && *out.filter.from > *out.filter.to) e["to"] = "orders.filter_reversed_period";
    return out;
}

std::string csv_cell(std::string_view value) {
    std::string v;
    if (!value.empty() && std::string_view("=+-@\t\r").find(value[0]) != std::string_view::npos) v = "'";
    v += value;
    if (v.find_first_of(";\"\r\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

std::string csv_row(const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ';';
        out += csv_cell(cells[i]);
    }
    return out + "\r\n";
}

std::string csv_euros(Money m) {
    const auto c = m.cents();
    const auto a = c < 0 ? -c : c;
    const auto rest = a % 100;
    return std::string(c < 0 ? "-" : "") + std::to_string(a / 100) + "," + (rest < 10 ? "0" : "") + std::to_string(rest);
}

}  // namespace pt::orders
