#include "invoicing/domain/reference.hpp"
#include "invoicing/domain/numbering.hpp"

#include <gtest/gtest.h>

using namespace pt::invoicing;
using namespace std::chrono;

// Vectors from ../shared/standards/fi-identifiers/NOTES.md.
TEST(FinnishReference, NotesVectors) {
    EXPECT_EQ(finnish_reference("123456"), std::optional<std::string>("1234561"));
    EXPECT_EQ(finnish_reference("123"), std::optional<std::string>("1232"));
    EXPECT_EQ(finnish_reference("494"), std::optional<std::string>("4941"));
    EXPECT_TRUE(is_valid_finnish_reference("1234561"));
    EXPECT_TRUE(is_valid_finnish_reference("1232"));
    EXPECT_FALSE(is_valid_finnish_reference("1233"));
    EXPECT_FALSE(is_valid_finnish_reference("12 34561"));
    EXPECT_EQ(print_reference("1234561"), "12 34561");
}

TEST(FinnishReference, Limits) {
    EXPECT_FALSE(finnish_reference("12"));
    EXPECT_FALSE(finnish_reference("12a4"));
    EXPECT_FALSE(finnish_reference(std::string(20, '1')));
    EXPECT_TRUE(finnish_reference(std::string(19, '1')));
    EXPECT_EQ(finnish_reference("000123"), std::optional<std::string>("1232"));  // leading zeros are not printed
}

TEST(FinnishReference, FromInvoiceNumber) {
    auto r = reference_for_invoice_number("2026-000042");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->substr(0, 10), "2026000042");
    EXPECT_TRUE(is_valid_finnish_reference(*r));
    EXPECT_FALSE(reference_for_invoice_number("2026/42"));
}

TEST(RfReference, NotesVectors) {
    EXPECT_TRUE(is_valid_rf_reference("RF18539007547034"));
    EXPECT_FALSE(is_valid_rf_reference("RF19539007547034"));
    EXPECT_TRUE(is_valid_rf_reference("RF485000056789012345"));
    EXPECT_TRUE(is_valid_rf_reference("RF45G72UUR"));
    EXPECT_EQ(rf_reference("539007547034"), std::optional<std::string>("RF18539007547034"));
    EXPECT_EQ(rf_reference("1234561"), std::optional<std::string>("RF341234561"));
    EXPECT_EQ(rf_reference("G72UUR"), std::optional<std::string>("RF45G72UUR"));
    EXPECT_FALSE(rf_reference(""));
    EXPECT_FALSE(rf_reference(std::string(22, '1')));
    EXPECT_FALSE(rf_reference("12-3"));
    EXPECT_EQ(print_reference("RF18539007547034"), "RF18 5390 0754 7034");
}

TEST(InvoiceNumber, FormatAndParse) {
    EXPECT_EQ(format_invoice_number(2026, 42), "2026-000042");
    EXPECT_EQ(format_invoice_number(2026, 1234567), "2026-1234567");
    EXPECT_THROW(format_invoice_number(2026, 0), std::invalid_argument);
    int y = 0;
    std::int64_t s = 0;
    EXPECT_TRUE(parse_invoice_number("2026-000042", y, s));
    EXPECT_EQ(y, 2026);
    EXPECT_EQ(s, 42);
    EXPECT_FALSE(parse_invoice_number("2026-42", y, s));
    EXPECT_FALSE(parse_invoice_number("TS-2026-000042", y, s));
    EXPECT_EQ(invoice_counter_name(2027), "invoice_2027");
}

TEST(DueDate, AddsPaymentTerms) {
    const sys_days issue{2026y / December / 15};
    EXPECT_EQ(due_date(issue, 21), sys_days{2027y / January / 5});
    EXPECT_EQ(due_date(issue, 0), issue);
    EXPECT_EQ(due_date(sys_days{2028y / February / 15}, 14), sys_days{2028y / February / 29});
    EXPECT_THROW(due_date(issue, 366), std::invalid_argument);
    EXPECT_THROW(due_date(issue, -1), std::invalid_argument);
}

TEST(Month, ParseAndNeighbours) {
    EXPECT_EQ(parse_month("2026-11"), std::optional<sys_days>(sys_days{2026y / November / 1}));
    EXPECT_FALSE(parse_month("2026-13"));
    EXPECT_FALSE(parse_month("2026-1"));
    EXPECT_FALSE(parse_month("26-11"));
    EXPECT_FALSE(parse_month("2026-00"));
    EXPECT_FALSE(parse_month("2026_11"));
    EXPECT_EQ(previous_month(sys_days{2026y / January / 10}), "2025-12");
    EXPECT_EQ(previous_month(sys_days{2026y / November / 30}), "2026-10");
    EXPECT_EQ(next_month_start(sys_days{2026y / December / 1}), sys_days{2027y / January / 1});
}
