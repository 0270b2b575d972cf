#include "invoicing/domain/payment_csv.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace pt::invoicing;
using pt::Money;

namespace {

std::string keys(const ParsedPayments& p) {
    std::string out;
    for (const auto& e : p.errors) out += std::to_string(e.line) + ":" + e.field + ":" + e.key + " ";
    return out;
}

}  // namespace

TEST(PaymentCsv, ReadsFinnishRowsWithBomCommaDecimalsAndBothDateForms) {
    auto p = parse_payment_csv("\xEF\xBB\xBFinvoice_number;paid_on;amount\r\n"
                               "2026-000001;15.12.2026;1 250,50\r\n"
                               "2026-000002;2026-12-01;99\r\n"
                               "\"2026-000003\";1.2.2027;\"0,05\"\r\n\r\n");
    ASSERT_TRUE(p.errors.empty()) << keys(p);
    ASSERT_EQ(p.rows.size(), 3u);
    EXPECT_EQ(p.rows[0].line, 2);
    EXPECT_EQ(p.rows[0].invoice_number, "2026-000001");
    EXPECT_EQ(p.rows[0].paid_on, "2026-12-15");
    EXPECT_EQ(p.rows[0].amount, Money::cents(125050));
    EXPECT_EQ(p.rows[1].paid_on, "2026-12-01");
    EXPECT_EQ(p.rows[1].amount, Money::cents(9900));
    EXPECT_EQ(p.rows[2].line, 4);
    EXPECT_EQ(p.rows[2].invoice_number, "2026-000003");
    EXPECT_EQ(p.rows[2].paid_on, "2027-02-01");
    EXPECT_EQ(p.rows[2].amount, Money::cents(5));
}

TEST(PaymentCsv, LfRowsAndHeaderCaseAreFine) {
    auto p = parse_payment_csv("Invoice_Number;PAID_ON;Amount\n2026-000009;3.3.2026;10,00\n");
    ASSERT_TRUE(p.errors.empty()) << keys(p);
    ASSERT_EQ(p.rows.size(), 1u);
    EXPECT_EQ(p.rows[0].amount, Money::cents(1000));
}

TEST(PaymentCsv, EveryBadRowIsReportedWithItsLine) {
    auto p = parse_payment_csv("invoice_number;paid_on;amount\n"
                               "2026-000001;31.2.2026;10,00\n"      // 2: no such day
                               "2026-000002;2026-01-05;-5\n"        // 3: sign
                               "2026-000003;2026-01-05;0\n"         // 4: zero
                               "2026-000004;2026-01-05\n"           // 5: two columns
                               ";2026-01-05;1,00\n"                  // 6: no number
                               "2026-000005;2026-01-05;1,234\n"     // 7: three decimals
                               "2026-000006;2026-01-05;5,00\n"      // fine
                               "2026-000006;2026-01-05;5,00\n"      // 9: duplicate of 8
                               "2026-000007;2026-01-05;\"5,00\"x\n" // 10: text after quote
                               "\n"                                  // 11: blank in the middle
                               "2026-000008;2026-01-05;1,00\n");
    EXPECT_EQ(keys(p),
              "2:paid_on:payments.csv.date_format 3:amount:payments.csv.amount_format 4:amount:payments.amount_positive "
              "5:row:payments.csv.columns 6:invoice_number:payments.csv.number_required "
              "7:amount:payments.csv.amount_format 9:row:payments.csv.duplicate_row 10:row:payments.csv.quote "
              "11:row:payments.csv.blank_row ");
    ASSERT_EQ(p.rows.size(), 2u);
    EXPECT_EQ(p.rows[0].line, 8);
    EXPECT_EQ(p.rows[1].line, 12);
}

TEST(PaymentCsv, TheFileAsAWhole) {
    EXPECT_EQ(keys(parse_payment_csv("")), "0:file:payments.csv.empty ");
    EXPECT_EQ(keys(parse_payment_csv("\r\n\r\n")), "0:file:payments.csv.empty ");
    EXPECT_EQ(keys(parse_payment_csv("invoice_number;paid_on;amount\r\n")), "0:file:payments.csv.no_rows ");
    EXPECT_EQ(keys(parse_payment_csv("invoice;date;sum\r\nx;1.1.2026;1\r\n")), "1:row:payments.csv.header ");
    EXPECT_EQ(keys(parse_payment_csv("invoice_number,paid_on,amount\r\n")), "1:row:payments.csv.header ");
    EXPECT_EQ(keys(parse_payment_csv("invoice_number;paid_on;amount\r\n2026-1;1.1.2026;\xC3\x28\r\n")),
              "0:file:payments.csv.encoding ");
    EXPECT_EQ(keys(parse_payment_csv(std::string(kMaxCsvBytes + 1, 'a'))), "0:file:payments.csv.too_large ");
    std::string many = "invoice_number;paid_on;amount\n";
    for (std::size_t i = 0; i <= kMaxCsvRows; ++i) many += "n" + std::to_string(i) + ";1.1.2026;1\n";
    EXPECT_EQ(keys(parse_payment_csv(many)), "0:file:payments.csv.too_many_rows ");
}

TEST(PaymentCsv, QuotedSemicolonsAndDoubledQuotes) {
    auto p = parse_payment_csv("invoice_number;paid_on;amount\n\"A;\"\"1\";1.1.2026;1\n");
    ASSERT_TRUE(p.errors.empty()) << keys(p);
    EXPECT_EQ(p.rows[0].invoice_number, "A;\"1");
    EXPECT_EQ(keys(parse_payment_csv("invoice_number;paid_on;amount\n\"A;1.1.2026;1\n")), "2:row:payments.csv.quote ");
}

TEST(PaymentCsv, Dates) {
    EXPECT_EQ(parse_payment_date("2026-02-28"), "2026-02-28");
    EXPECT_EQ(parse_payment_date("29.2.2028"), "2028-02-29");
    EXPECT_EQ(parse_payment_date("29.2.2026"), "");
    EXPECT_EQ(parse_payment_date("2026-13-01"), "");
    EXPECT_EQ(parse_payment_date("1.1.26"), "");
    EXPECT_EQ(parse_payment_date("01/01/2026"), "");
    EXPECT_EQ(parse_payment_date("1..2026"), "");
    EXPECT_EQ(parse_payment_date(""), "");
}
