#include "invoicing/domain/payment_csv.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <tuple>

#include "core/clock.hpp"
#include "core/text.hpp"

namespace pt::invoicing {

namespace {

// One physical line split at ';' with RFC 4180 quotes; false when a quote is malformed.
bool split_row(std::string_view line, std::vector<std::string>& cells) {
    cells.clear();
    std::string cell;
    bool quoted = false, was_quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char ch = line[i];
        if (quoted) {
            if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') { cell += '"'; ++i; }
            else if (ch == '"') quoted = false;
            else cell += ch;
            continue;
        }
        if (ch == '"') {
            if (was_quoted || !text::trim(cell).empty()) return false;  // a quote in the middle of a cell
            quoted = was_quoted = true;
            cell.clear();
            continue;
        }
        if (ch == ';') {
            cells.push_back(was_quoted ? cell : text::trim(cell));
            cell.clear();
            was_quoted = false;
            continue;
        }
        if (was_quoted && ch != ' ') return false;  // text after a closing quote
        cell += ch;
    }
    if (quoted) return false;
    cells.push_back(was_quoted ? cell : text::trim(cell));
    return true;
}

std::string lower(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string parse_payment_date(std::string_view s) {
    std::chrono::sys_days d;
    if (s.size() == 10 && s[4] == '-' && parse_iso_date(s, d)) return std::string(s);
    // d.m.yyyy
    const auto p1 = s.find('.');
    const auto p2 = p1 == std::string_view::npos ? p1 : s.find('.', p1 + 1);
    if (p2 == std::string_view::npos) return "";
    const auto ds = s.substr(0, p1), ms = s.substr(p1 + 1, p2 - p1 - 1), ys = s.substr(p2 + 1);
    if (!all_digits(ds) || !all_digits(ms) || !all_digits(ys) || ds.size() > 2 || ms.size() > 2 || ys.size() != 4)
        return "";
    const auto pad = [](std::string_view x) { return x.size() == 1 ? "0" + std::string(x) : std::string(x); };
    const auto iso = std::string(ys) + "-" + pad(ms) + "-" + pad(ds);
    return parse_iso_date(iso, d) ? iso : "";
}

ParsedPayments parse_payment_csv(std::string_view text) {
    ParsedPayments out;
    auto fail = [&](int line, const char* field, const char* key) { out.errors.push_back({line, field, key}); };
    if (text.size() > kMaxCsvBytes) { fail(0, "file", "payments.csv.too_large"); return out; }
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (!text::valid_utf8(text)) { fail(0, "file", "payments.csv.encoding"); return out; }

    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= text.size();) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        auto line = text.substr(start, end - start);
        if (line.ends_with('\r')) line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    while (!lines.empty() && text::trim(lines.back()).empty()) lines.pop_back();
    if (lines.empty()) { fail(0, "file", "payments.csv.empty"); return out; }

    std::vector<std::string> cells;
    if (!split_row(lines[0], cells) || cells.size() != 3 || lower(cells[0]) != "invoice_number" ||
        lower(cells[1]) != "paid_on" || lower(cells[2]) != "amount") {
        fail(1, "row", "payments.csv.header");
        return out;
    }
    if (lines.size() == 1) { fail(0, "file", "payments.csv.no_rows"); return out; }
    if (lines.size() - 1 > kMaxCsvRows) { fail(0, "file", "payments.csv.too_many_rows"); return out; }

    std::set<std::tuple<std::string, std::string, std::int64_t>> seen;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const int no = static_cast<int>(i) + 1;
        if (text::trim(lines[i]).empty()) { fail(no, "row", "payments.csv.blank_row"); continue; }
        if (!split_row(lines[i], cells)) { fail(no, "row", "payments.csv.quote"); continue; }
        if (cells.size() != 3) { fail(no, "row", "payments.csv.columns"); continue; }
        CsvPayment p{no, cells[0], "", Money{}};
        bool ok = true;
        if (p.invoice_number.empty()) { fail(no, "invoice_number", "payments.csv.number_required"); ok = false; }
        else if (p.invoice_number.size() > 40 || text::has_control_chars(p.invoice_number)) {
            fail(no, "invoice_number", "payments.csv.number_format");
            ok = false;
        }
        p.paid_on = parse_payment_date(cells[1]);
        if (p.paid_on.empty()) { fail(no, "paid_on", "payments.csv.date_format"); ok = false; }
        auto amount = Money::parse(cells[2]);
        if (!amount) { fail(no, "amount", "payments.csv.amount_format"); ok = false; }
        else if (amount->cents() <= 0) { fail(no, "amount", "payments.amount_positive"); ok = false; }
        else p.amount = *amount;
        if (!ok) continue;
        // The same payment twice is an export glitch, not two payments.
        if (!seen.insert({p.invoice_number, p.paid_on, p.amount.cents()}).second) {
            fail(no, "row", "payments.csv.duplicate_row");
            continue;
        }
        out.rows.push_back(std::move(p));
    }
    return out;
}

}  // namespace pt::invoicing
