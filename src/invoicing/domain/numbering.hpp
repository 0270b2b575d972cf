#pragma once
// Invoice numbers and due dates. No I/O.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pt::invoicing {

// "2026-000042": the Finnish local year and its sequence, zero-padded to at least six digits.
// Invoices and credit notes share the series (counter "invoice_<year>"). Throws
// std::invalid_argument for a year outside 1000..9999 or a sequence below 1.
std::string format_invoice_number(int year, std::int64_t seq);
bool parse_invoice_number(std::string_view s, int& year, std::int64_t& seq);
std::string invoice_counter_name(int year);

// issue date + the organizer's payment terms (days, 0..365).
std::chrono::sys_days due_date(std::chrono::sys_days issue, int payment_terms_days);

// "YYYY-MM" strictly (months 01..12, years 2000..9999); the first day of that month.
std::optional<std::chrono::sys_days> parse_month(std::string_view month);
// The month before the one `day` is in, as "YYYY-MM".
std::string previous_month(std::chrono::sys_days day);
std::string month_of(std::chrono::sys_days day);
// The first day of the month after the one starting at `first`.
std::chrono::sys_days next_month_start(std::chrono::sys_days first);

}  // namespace pt::invoicing
