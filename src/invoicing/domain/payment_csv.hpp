#pragma once
// Payments as the city's accounting exports them: a Finnish CSV of paid invoices,
//   invoice_number;paid_on;amount
//   2026-000042;15.12.2026;1 250,00
// ';' separated, a header row, comma decimals (a point works too), optional UTF-8 BOM, CRLF or
// LF rows, RFC 4180 quotes. Dates as 2026-12-15 or 15.12.2026. No I/O: what the rows name is
// checked against the invoices by the payment service. Lines are numbered from 1 (the header).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"

namespace pt::invoicing {

inline constexpr std::size_t kMaxCsvBytes = 1024 * 1024;  // the ordinary request body limit
inline constexpr std::size_t kMaxCsvRows = 10000;

struct CsvPayment {
    int line = 0;
    std::string invoice_number;
    std::string paid_on;  // ISO date
    Money amount;
};

// field: "invoice_number" | "paid_on" | "amount" | "row" | "file"; key: an i18n key.
struct CsvRowError {
    int line = 0;
    std::string field;
    std::string key;
};

struct ParsedPayments {
    std::vector<CsvPayment> rows;
    std::vector<CsvRowError> errors;  // in line order; the import goes ahead only when empty
};

ParsedPayments parse_payment_csv(std::string_view text);

// "2026-12-15" or "15.12.2026" (also 1.2.2026) as an ISO date of a real calendar day; else "".
std::string parse_payment_date(std::string_view s);

}  // namespace pt::invoicing
