#include "invoicing/domain/amounts.hpp"

#include <gtest/gtest.h>

using namespace pt::invoicing;
using pt::Money;
namespace proc = pt::procurement;

namespace {

proc::PriceModel hourly(long rate_cents, long cap_cents) {
    proc::PriceModel m;
    m.base = proc::HourlyRate{Money::cents(rate_cents), Money::cents(cap_cents)};
    m.bonuses = {{"employed_6m", Money::euros(500), "työsopimus"}};
    return m;
}

proc::PriceModel fixed() {
    proc::PriceModel m;
    m.base = proc::FixedVoucherValue{{Money::euros(2500), Money::euros(5000)}};
    m.bonuses = {{"employed_6m", Money::euros(500), "työsopimus"}};
    return m;
}

const VatTerms vat255{VatCategory::standard, 2550, ""};
const VatTerms exempt{VatCategory::exempt, 0, "Vapautettu (AVL 34 §)"};

}  // namespace

TEST(Rounding, HalfAwayFromZero) {
    EXPECT_EQ(round_half_away(5, 10), 1);
    EXPECT_EQ(round_half_away(4, 10), 0);
    EXPECT_EQ(round_half_away(-5, 10), -1);
    EXPECT_EQ(round_half_away(-4, 10), 0);
    EXPECT_EQ(round_half_away(15, 10), 2);
    EXPECT_EQ(round_half_away(25, 10), 3);  // not banker's rounding
    EXPECT_THROW(round_half_away(1, 0), std::invalid_argument);
}

TEST(Rounding, LineNetPerLine) {
    // 1.5 h × 90.00 = 135.00 exactly; 0.833 h × 90.01 = 74.97833 -> 74.98; .5 cent rounds up.
    EXPECT_EQ(line_net(1500, Money::cents(9000)), Money::cents(13500));
    EXPECT_EQ(line_net(833, Money::cents(9001)), Money::cents(7498));
    EXPECT_EQ(line_net(500, Money::cents(1)), Money::cents(1));     // 0.5 cent -> 1 cent
    EXPECT_EQ(line_net(499, Money::cents(1)), Money::cents(0));
    EXPECT_EQ(line_net(1000, Money::cents(250000)), Money::cents(250000));
}

TEST(Rounding, VatPerGroup) {
    // 25.5 % of 100.02 = 25.5051 -> 25.51; of 0.02 = 0.0051 -> 0.01; of 0.01 = 0.00255 -> 0.00.
    EXPECT_EQ(vat_amount(Money::cents(10002), 2550), Money::cents(2551));
    EXPECT_EQ(vat_amount(Money::cents(2), 2550), Money::cents(1));
    EXPECT_EQ(vat_amount(Money::cents(1), 2550), Money::cents(0));
    // 10 % of 0.05 = 0.005 -> exactly half -> 0.01.
    EXPECT_EQ(vat_amount(Money::cents(5), 1000), Money::cents(1));
    EXPECT_EQ(vat_amount(Money::euros(2500), 0), Money{});
}

TEST(Rounding, HoursFromMinutes) {
    EXPECT_EQ(hours_milli(90), 1500);
    EXPECT_EQ(hours_milli(50), 833);
    EXPECT_EQ(hours_milli(55), 917);  // 916.67
    EXPECT_EQ(hours_milli(1), 17);    // 16.67
    EXPECT_EQ(format_hours_fi(1500), "1,5");
    EXPECT_EQ(format_hours_fi(62000), "62");
    EXPECT_EQ(format_hours_fi(833), "0,833");
    EXPECT_EQ(pt::finnish_date("2026-11-02"), "2.11.2026");
}

TEST(Lines, HourlyOneLinePerMeeting) {
    BillingFacts f{hourly(9000, 500000), Money::euros(1800), "Valmennus", {{"2026-11-02", 90}, {"2026-11-09", 60}, {"2026-11-10", 0}},
                   std::nullopt, vat255};
    auto lines = build_lines(f);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].description, "Tapaaminen 2.11.2026");
    EXPECT_EQ(lines[0].unit_code, "HUR");
    EXPECT_EQ(lines[0].quantity_milli, 1500);
    EXPECT_EQ(lines[0].unit_price, Money::cents(9000));
    EXPECT_EQ(lines[0].net, Money::cents(13500));
    EXPECT_EQ(lines[1].line_no, 2);
    EXPECT_EQ(lines[1].net, Money::cents(9000));
    EXPECT_EQ(lines[1].vat_rate_bp, 2550);
    EXPECT_EQ(lines[1].vat_category, VatCategory::standard);
}

TEST(Lines, HourlyOverTheCapIsOneCapLine) {
    // 3 × 100 min at 90 €/h = 450 € > cap 400 €.
    BillingFacts f{hourly(9000, 40000), Money::euros(400), "Valmennus", {{"2026-11-02", 100}, {"2026-11-03", 100}, {"2026-11-04", 100}},
                   std::nullopt, exempt};
    auto lines = build_lines(f);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].description, "5 h (hintakatto)");
    EXPECT_EQ(lines[0].quantity_milli, 1000);
    EXPECT_EQ(lines[0].unit_code, "C62");
    EXPECT_EQ(lines[0].unit_price, Money::euros(400));
    EXPECT_EQ(lines[0].net, Money::euros(400));
    EXPECT_EQ(lines[0].exemption_reason, "Vapautettu (AVL 34 §)");
}

TEST(Lines, HourlyExactlyAtTheCapKeepsMeetingLines) {
    BillingFacts f{hourly(9000, 18000), Money::euros(180), "V", {{"2026-11-02", 120}}, std::nullopt, exempt};
    auto lines = build_lines(f);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].unit_code, "HUR");
    EXPECT_EQ(lines[0].net, Money::euros(180));
}

TEST(Lines, FixedAndBonus) {
    BillingFacts f{fixed(), Money::euros(2500), "Työnhakuvalmennus", {}, std::string("employed_6m"), vat255};
    auto lines = build_lines(f);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].description, "Työnhakuvalmennus");
    EXPECT_EQ(lines[0].net, Money::euros(2500));
    EXPECT_FALSE(lines[0].bonus_code);
    EXPECT_EQ(lines[1].bonus_code, std::optional<std::string>("employed_6m"));
    EXPECT_EQ(lines[1].net, Money::euros(500));
    EXPECT_EQ(lines[1].line_no, 2);
    // The voucher pays the service line only, at most the reservation.
    EXPECT_EQ(voucher_part(lines, Money::euros(2500)), Money::euros(2500));
    EXPECT_EQ(voucher_part(lines, Money::euros(2000)), Money::euros(2000));
}

TEST(Lines, Refusals) {
    BillingFacts unknown{fixed(), Money::euros(2500), "T", {}, std::string("nope"), vat255};
    EXPECT_THROW(build_lines(unknown), std::invalid_argument);
    BillingFacts negative{hourly(9000, 500000), Money::euros(10), "T", {{"2026-11-02", -5}}, std::nullopt, vat255};
    EXPECT_THROW(build_lines(negative), std::invalid_argument);
    BillingFacts nothing{hourly(9000, 500000), Money::euros(10), "T", {}, std::nullopt, vat255};
    EXPECT_THROW(build_lines(nothing), std::invalid_argument);
}

TEST(Totals, VatIsRoundedPerGroupNotPerLine) {
    // Three lines of 0.02 € at 25.5 %: per line 0.0051 -> 0.01 each (0.03), per group 0.06 × 0.255 = 0.0153 -> 0.02.
    Invoice inv;
    for (int i = 1; i <= 3; ++i) {
        InvoiceLine l;
        l.line_no = i;
        l.net = Money::cents(2);
        l.vat_rate_bp = 2550;
        l.vat_category = VatCategory::standard;
        inv.lines.push_back(l);
    }
    InvoiceLine e;
    e.line_no = 4;
    e.net = Money::cents(1000);
    e.vat_category = VatCategory::exempt;
    e.exemption_reason = "AVL 34 §";
    inv.lines.push_back(e);
    compute_totals(inv);
    ASSERT_EQ(inv.vat.size(), 2u);
    EXPECT_EQ(inv.vat[0].category, VatCategory::standard);
    EXPECT_EQ(inv.vat[0].taxable, Money::cents(6));
    EXPECT_EQ(inv.vat[0].tax, Money::cents(2));
    EXPECT_EQ(inv.vat[1].category, VatCategory::exempt);
    EXPECT_EQ(inv.vat[1].tax, Money{});
    EXPECT_EQ(inv.vat[1].exemption_reason, "AVL 34 §");
    EXPECT_EQ(inv.net_total, Money::cents(1006));
    EXPECT_EQ(inv.vat_total, Money::cents(2));
    EXPECT_EQ(inv.gross_total, Money::cents(1008));
}

TEST(Totals, TwentyFivePointFiveExample) {
    // 2 500 € at 25.5 % = 637.50 €, gross 3 137.50 €; plus a 500 € bonus: 3 000 × 0.255 = 765.00.
    BillingFacts f{fixed(), Money::euros(2500), "T", {}, std::string("employed_6m"), vat255};
    Invoice inv;
    inv.lines = build_lines(f);
    compute_totals(inv);
    EXPECT_EQ(inv.net_total, Money::euros(3000));
    EXPECT_EQ(inv.vat_total, Money::euros(765));
    EXPECT_EQ(inv.gross_total, Money::euros(3765));
}

TEST(CreditNote, MirrorsTheInvoiceAmounts) {
    BillingFacts f{hourly(9001, 500000), Money::euros(100), "V", {{"2026-11-02", 50}, {"2026-11-03", 55}}, std::string("employed_6m"), vat255};
    Invoice inv;
    inv.number = "2026-000001";
    inv.issue_date = "2026-11-30";
    inv.due_date = "2026-12-21";
    inv.lines = build_lines(f);
    compute_totals(inv);
    auto c = credit_note_of(inv, "2026-000007", "2026-12-05", "20260000071", "Väärä tuntimäärä");
    EXPECT_EQ(c.kind, DocumentKind::credit_note);
    EXPECT_EQ(c.number, "2026-000007");
    EXPECT_EQ(c.due_date, "");
    EXPECT_EQ(c.credited_invoice_number, std::optional<std::string>("2026-000001"));
    EXPECT_EQ(c.credited_invoice_issue_date, std::optional<std::string>("2026-11-30"));
    EXPECT_EQ(c.note, "Väärä tuntimäärä");
    ASSERT_EQ(c.lines.size(), inv.lines.size());
    for (std::size_t i = 0; i < c.lines.size(); ++i) EXPECT_EQ(c.lines[i].net, inv.lines[i].net);
    EXPECT_EQ(c.net_total, inv.net_total);
    EXPECT_EQ(c.vat_total, inv.vat_total);
    EXPECT_EQ(c.gross_total, inv.gross_total);
    EXPECT_FALSE(c.gross_total.is_negative());
}
