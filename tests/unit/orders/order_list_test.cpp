// The order list's filters, Finnish day bounds, and the CSV export's cells; the cancellation's reason rule.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "orders/domain/order.hpp"
#include "orders/domain/order_list.hpp"

using namespace pt::orders;
using pt::local_datetime;
using pt::local_day_start_iso;
using namespace std::chrono;

namespace {

sys_days on(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / d}; }

ParsedOrderListFilter parse(std::initializer_list<std::pair<const std::string, std::string>> q) {
    return parse_order_list_filter(std::multimap<std::string, std::string>(q));
}

}  // namespace

TEST(OrderListFilter, EmptyValuesMeanAny) {
    auto p = parse({{"status", ""}, {"service_description_id", ""}, {"from", ""}, {"to", ""}, {"page", "2"}});
    EXPECT_TRUE(p.errors.empty());
    EXPECT_FALSE(p.filter.status || p.filter.service_description_id || p.filter.from || p.filter.to);
}

TEST(OrderListFilter, ReadsEveryFilter) {
    auto p = parse({{"status", "in_progress"}, {"service_description_id", "12"}, {"from", "2026-03-01"}, {"to", "2026-03-31"}});
    EXPECT_TRUE(p.errors.empty());
    EXPECT_EQ(p.filter.status, OrderStatus::in_progress);
    EXPECT_EQ(p.filter.service_description_id, 12);
    EXPECT_EQ(p.filter.from, on(2026, 3, 1));
    EXPECT_EQ(p.filter.to, on(2026, 3, 31));
    // One day is a period too.
    EXPECT_TRUE(parse({{"from", "2026-03-01"}, {"to", "2026-03-01"}}).errors.empty());
}

TEST(OrderListFilter, BadValuesAreErrorsUnderTheirField) {
    const std::map<std::string, std::string> expect{{"status", "order.unknown_status"}};
    EXPECT_EQ(parse({{"status", "Requested"}}).errors, expect);
    for (const char* bad : {"abc", "0", "-1", "+5", "1.5", "99999999999999999999999", " 1"})
        EXPECT_EQ(parse({{"service_description_id", bad}}).errors.count("service_description_id"), 1u) << bad;
    for (const char* bad : {"2026-02-30", "2026-2-1", "01.03.2026", "2026-03-01T00:00:00Z", "0000-01-01", "x"})
        EXPECT_EQ(parse({{"from", bad}}).errors.at("from"), "orders.filter_bad_date") << bad;
    auto reversed = parse({{"from", "2026-04-02"}, {"to", "2026-04-01"}});
    EXPECT_EQ(reversed.errors.at("to"), "orders.filter_reversed_period");
    auto twice = parse({{"status", "requested"}, {"status", "accepted"}});
    EXPECT_EQ(twice.errors.at("status"), "validation.repeated");
}

TEST(OrderListFilter, FinnishDayStartsInUtc) {
    EXPECT_EQ(local_day_start_iso(on(2026, 1, 15)), "2026-01-14T22:00:00Z");  // UTC+2
    EXPECT_EQ(local_day_start_iso(on(2026, 7, 1)), "2026-06-30T21:00:00Z");   // UTC+3
    // The days the clocks change: the change is at 01:00 UTC, after local midnight.
    EXPECT_EQ(local_day_start_iso(on(2026, 3, 29)), "2026-03-28T22:00:00Z");
    EXPECT_EQ(local_day_start_iso(on(2026, 3, 30)), "2026-03-29T21:00:00Z");
    EXPECT_EQ(local_day_start_iso(on(2026, 10, 25)), "2026-10-24T21:00:00Z");
    EXPECT_EQ(local_day_start_iso(on(2026, 10, 26)), "2026-10-25T22:00:00Z");
    // Every start is the first instant whose Finnish day is that day.
    for (auto d = on(2026, 1, 1); d < on(2027, 1, 1); d += days{1}) {
        pt::TimePoint t{};
        ASSERT_TRUE(pt::parse_iso(local_day_start_iso(d), t));
        EXPECT_EQ(pt::local_day(t), d);
        EXPECT_EQ(pt::local_day(t - seconds{1}), d - days{1});
    }
}

TEST(OrderListFilter, LocalDateTimeAgreesWithLocalDay) {
    EXPECT_EQ(local_datetime("2026-01-15T10:05:59Z"), "2026-01-15 12:05");
    EXPECT_EQ(local_datetime("2026-07-01T21:30:00Z"), "2026-07-02 00:30");
    EXPECT_EQ(local_datetime("2026-03-29T00:59:59Z"), "2026-03-29 02:59");
    EXPECT_EQ(local_datetime("2026-03-29T01:00:00Z"), "2026-03-29 04:00");
    EXPECT_EQ(local_datetime("not a time"), "");
    for (long s = 0; s < 366L * 86400; s += 3571) {
        const pt::TimePoint t = pt::TimePoint(seconds{1767225600 + s});  // through 2026
        EXPECT_EQ(local_datetime(pt::to_iso(t)).substr(0, 10), pt::local_date(t)) << pt::to_iso(t);
    }
}

TEST(OrderCsv, FormulaCellsAreDisarmed) {
    EXPECT_EQ(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    EXPECT_EQ(csv_cell("+358 40"), "'+358 40");
    EXPECT_EQ(csv_cell("-1"), "'-1");
    EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csv_cell("\tx"), "'\tx");
    EXPECT_EQ(csv_cell("\rx"), "\"'\rx\"");
    EXPECT_EQ(csv_cell("a=b"), "a=b");
    EXPECT_EQ(csv_cell(""), "");
}

TEST(OrderCsv, QuotingAsRfc4180WithSemicolons) {
    EXPECT_EQ(csv_cell("Kahvila Kuppi Oy"), "Kahvila Kuppi Oy");
    EXPECT_EQ(csv_cell("a;b"), "\"a;b\"");
    EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csv_cell("a,b"), "a,b");  // commas are not separators here
    EXPECT_EQ(csv_row({"1", "a;b", "Äö"}), "1;\"a;b\";Äö\r\n");
    EXPECT_EQ(csv_row({}), "\r\n");
}

TEST(OrderCsv, EurosWithDecimalComma) {
    EXPECT_EQ(csv_euros(pt::Money::cents(250000)), "2500,00");
    EXPECT_EQ(csv_euros(pt::Money::cents(5)), "0,05");
    EXPECT_EQ(csv_euros(pt::Money::cents(123456789)), "1234567,89");
    EXPECT_EQ(csv_euros(pt::Money::cents(0)), "0,00");
}

TEST(OrderCancelReason, OptionalBeforeAcceptanceRequiredAfter) {
    EXPECT_FALSE(cancel_needs_reason(OrderStatus::requested));
    EXPECT_EQ(cancel_reason_error_key(OrderStatus::requested, ""), std::nullopt);
    EXPECT_EQ(cancel_reason_error_key(OrderStatus::requested, "   "), std::nullopt);
    EXPECT_EQ(cancel_reason_error_key(OrderStatus::requested, "ok"), "order.cancel_reason.too_short");
    EXPECT_EQ(cancel_reason_error_key(OrderStatus::requested, "bad\x01"), "order.cancel_reason.control_chars");
    EXPECT_EQ(cancel_reason_error_key(OrderStatus::requested, "Ei tarvita enää"), std::nullopt);
    for (auto s : {OrderStatus::accepted, OrderStatus::in_progress, OrderStatus::ended, OrderStatus::reported}) {
        EXPECT_TRUE(cancel_needs_reason(s));
        EXPECT_EQ(cancel_reason_error_key(s, ""), "order.cancel_reason.required");
        EXPECT_EQ(cancel_reason_error_key(s, " \n "), "order.cancel_reason.required");
        EXPECT_EQ(cancel_reason_error_key(s, "ab"), "order.cancel_reason.too_short");
        EXPECT_EQ(cancel_reason_error_key(s, std::string(1001, 'x')), "order.cancel_reason.too_long");
        EXPECT_EQ(cancel_reason_error_key(s, "\xff\xfe"), "order.cancel_reason.invalid_text");
        EXPECT_EQ(cancel_reason_error_key(s, "Sovittu puhelimessa 3.4."), std::nullopt);
        EXPECT_EQ(cancel_reason_error_key(s, "Rivi 1\nRivi 2"), std::nullopt);
    }
}
