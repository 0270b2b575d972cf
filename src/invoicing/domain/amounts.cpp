#include "invoicing/domain/amounts.hpp"

#include <stdexcept>
#include <variant>

namespace pt::invoicing {

std::int64_t round_half_away(__int128 n, std::int64_t d) {
    if (d <= 0) throw std::invalid_argument("round_half_away: divisor must be positive");
    const bool neg = n < 0;
    __int128 a = neg ? -n : n;
    __int128 q = (a + d / 2) / d;
    // For an odd divisor d/2 is rounded down, so exact halves cannot occur; for an even one
    // a + d/2 reaches the next multiple exactly at .5, which rounds away. Both as intended.
    return static_cast<std::int64_t>(neg ? -q : q);
}

Money line_net(std::int64_t quantity_milli, Money unit_price) {
    return Money::cents(round_half_away(static_cast<__int128>(quantity_milli) * unit_price.cents(), 1000));
}

Money vat_amount(Money taxable, int vat_rate_bp) {
    return Money::cents(round_half_away(static_cast<__int128>(taxable.cents()) * vat_rate_bp, 10000));
}

std::int64_t hours_milli(long long minutes) { return round_half_away(static_cast<__int128>(minutes) * 1000, 60); }

std::string format_hours_fi(std::int64_t milli) {
    std::string s = std::to_string(milli / 1000);
    std::int64_t frac = milli % 1000;
    if (frac != 0) {
        std::string f = std::to_string(frac);
        f.insert(0, 3 - f.size(), '0');
        while (!f.empty() && f.back() == '0') f.pop_back();
        s += "," + f;
    }
    return s;
}


namespace {

InvoiceLine make_line(int no, std::string description, std::int64_t qty, std::string unit, Money price,
                      const VatTerms& vat) {
    InvoiceLine l;
    l.line_no = no;
    l.description = std::move(description);
    l.quantity_milli = qty;
    l.unit_code = std::move(unit);
    l.unit_price = price;
    l.net = line_net(qty, price);
    l.vat_rate_bp = vat.rate_bp;
    l.vat_category = vat.category;
    if (vat.category == VatCategory::exempt) l.exemption_reason = vat.exemption_reason;
    return l;
}

}  // namespace

std::vector<InvoiceLine> build_lines(const BillingFacts& f) {
    std::vector<InvoiceLine> lines;
    if (const auto* h = std::get_if<procurement::HourlyRate>(&f.model.base)) {
        long long total_minutes = 0;
        Money total;
        for (const auto& m : f.meetings) {
            if (m.minutes < 0) throw std::invalid_argument("meeting minutes must not be negative");
            if (m.minutes == 0) continue;
            const auto qty = hours_milli(m.minutes);
            auto line = make_line(static_cast<int>(lines.size()) + 1, "Tapaaminen " + finnish_date(m.date), qty, "HUR",
                                  h->rate, f.vat);
            total_minutes += m.minutes;
            total += line.net;
            lines.push_back(std::move(line));
        }
        if (total > h->cap) {
            // Quantity 1 at the cap keeps line net = quantity × price exact (EN 16931).
            lines.clear();
            lines.push_back(make_line(1, format_hours_fi(hours_milli(total_minutes)) + " h (hintakatto)", 1000, "C62", h->cap, f.vat));
        }
    } else {
        lines.push_back(make_line(1, f.card_title, 1000, "C62", f.card_price, f.vat));
    }
    if (f.bonus_code) {
        const auto* b = procurement::find_bonus(f.model, *f.bonus_code);
        if (!b) throw std::invalid_argument("unknown bonus code: " + *f.bonus_code);
        auto line = make_line(static_cast<int>(lines.size()) + 1, "Tulosbonus: " + b->code, 1000, "C62", b->amount, f.vat);
        line.bonus_code = b->code;
        lines.push_back(std::move(line));
    }
    if (lines.empty()) throw std::invalid_argument("nothing to bill");
    return lines;
}

void compute_totals(Invoice& inv) {
    inv.vat.clear();
    inv.net_total = Money{};
    for (const auto& l : inv.lines) {
        inv.net_total += l.net;
        VatSubtotal* group = nullptr;
        for (auto& g : inv.vat)
            if (g.category == l.vat_category && g.vat_rate_bp == l.vat_rate_bp) group = &g;
        if (!group) {
            inv.vat.push_back({l.vat_category, l.vat_rate_bp, Money{}, Money{}, l.exemption_reason});
            group = &inv.vat.back();
        }
        group->taxable += l.net;
    }
    inv.vat_total = Money{};
    for (auto& g : inv.vat) {
        g.tax = vat_amount(g.taxable, g.vat_rate_bp);
        inv.vat_total += g.tax;
    }
    inv.gross_total = inv.net_total + inv.vat_total;
}

Money voucher_part(const std::vector<InvoiceLine>& lines, Money reserved) {
    Money service;
    for (const auto& l : lines)
        if (!l.bonus_code) service += l.net;
    if (reserved.is_negative()) return Money{};
    return service < reserved ? service : reserved;
}

Invoice credit_note_of(const Invoice& original, const std::string& number, const std::string& issue_date,
                       const std::string& reference_number, const std::string& reason) {
    Invoice c = original;
    c.kind = DocumentKind::credit_note;
    c.number = number;
    c.issue_date = issue_date;
    c.due_date.clear();
    c.reference_number = reference_number;
    c.credited_invoice_number = original.number;
    c.credited_invoice_issue_date = original.issue_date;
    c.note = reason;
    compute_totals(c);
    return c;
}

}  // namespace pt::invoicing
