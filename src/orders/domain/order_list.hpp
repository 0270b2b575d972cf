#pragma once
// The order list's filters (status, the card's service description, a period of Finnish local
// days on the order's creation time) read from query parameters, and the cells of its CSV
// export. No I/O.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/money.hpp"
#include "orders/domain/order.hpp"

namespace pt::orders {

struct OrderListFilter {
    std::optional<OrderStatus> status;
    std::optional<std::int64_t> service_description_id;
    std::optional<std::chrono::sys_days> from, to;  // Finnish local days, both included
};

struct ParsedOrderListFilter {
    OrderListFilter filter;
    std::map<std::string, std::string> errors;  // field -> i18n key; empty when every value is fine
};

// Reads status, service_description_id, from and to (ISO dates). Empty values mean "any";
// repeated, unknown or malformed values and from > to are errors under their field.
ParsedOrderListFilter parse_order_list_filter(const std::multimap<std::string, std::string>& query);

// local_day_start_iso and local_datetime (Finnish local time) are in core/clock.hpp.

// CSV for Finnish spreadsheets: UTF-8 with a byte order mark, ';' between cells, CRLF after rows.
inline constexpr std::string_view kCsvBom = "\xEF\xBB\xBF";
// One cell: a value a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets
// a leading apostrophe; then quoted as RFC 4180 says when it holds ';', '"', CR or LF.
std::string csv_cell(std::string_view value);
// The cells joined by ';' and ended with CRLF.
std::string csv_row(const std::vector<std::string>& cells);
// Euros with a decimal comma and no grouping: 2500,00.
std::string csv_euros(Money m);

}  // namespace pt::orders
