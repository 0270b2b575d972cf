#pragma once
// The invoice's lines and sums from an approved billing report, the price model and the order.
// No I/O.
//
// Decision (issue 6): the card price and the hourly cap are VAT-exclusive (net) amounts. The
// VOUCHER pays the net of the service lines, never more than the order's reservation; VAT and
// approved outcome bonuses are paid by the city outside the voucher (voucher_part below).
//
// Rounding: a line net is quantity × unit price rounded half away from zero to the cent; a VAT
// group's tax is its taxable sum × rate rounded the same way, once per (category, rate) group
// (EN 16931 BR-CO-17), never per line.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/money.hpp"
#include "invoicing/domain/invoice.hpp"
#include "procurement/domain/price_model.hpp"

namespace pt::invoicing {

// n / d rounded half away from zero (d > 0). Uses 128-bit intermediates.
std::int64_t round_half_away(__int128 n, std::int64_t d);
// quantity (thousandths) × unit price, rounded half away to the cent.
Money line_net(std::int64_t quantity_milli, Money unit_price);
// taxable × rate_bp / 10000, rounded half away to the cent.
Money vat_amount(Money taxable, int vat_rate_bp);
// Minutes as thousandths of an hour, rounded half away (50 min = 833).
std::int64_t hours_milli(long long minutes);

struct VatTerms {
    VatCategory category = VatCategory::exempt;
    int rate_bp = 0;
    std::string exemption_reason;  // category E
};

struct Meeting {
    std::string date;  // ISO "2026-11-02"
    long long minutes = 0;
};

struct BillingFacts {
    procurement::PriceModel model;
    Money card_price;                     // the order's price (VAT-exclusive)
    std::string card_title;               // the fixed-price line's description
    std::vector<Meeting> meetings;        // hourly: realized meetings
    std::optional<std::string> bonus_code;  // an APPROVED bonus claim
    VatTerms vat;
};

// Hourly: one line per meeting (HUR, quantity = hours, unit price = rate) unless the lines' total
// passes the cap: then ONE line "<hours> h (hintakatto)", quantity 1 C62 at the cap. Fixed: one
// line quantity 1 C62 at the card price. An approved bonus: its own line with bonus_code.
// Meetings with zero minutes are left out. Throws std::invalid_argument for a bonus code the
// model does not have, negative minutes, or no billable line at all.
std::vector<InvoiceLine> build_lines(const BillingFacts& f);

// VAT subtotals (one per category and rate, in first-seen order) and the totals from the lines.
void compute_totals(Invoice& inv);

// What the voucher pays: the sum of the non-bonus line nets, at most `reserved`.
Money voucher_part(const std::vector<InvoiceLine>& lines, Money reserved);

// The credit note of an invoice: the same lines, subtotals and totals (amounts stay positive;
// the kind says it reduces), its own number and date, no due date, the reason as the note.
Invoice credit_note_of(const Invoice& original, const std::string& number, const std::string& issue_date,
                       const std::string& reference_number, const std::string& reason);

// "1,5" / "62" hours from thousandths, Finnish decimal comma, no trailing zeros.
std::string format_hours_fi(std::int64_t milli);
// finnish_date ("2.11.2026") is in core/clock.hpp.

}  // namespace pt::invoicing
