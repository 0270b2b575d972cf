// Row accessors: both drivers hand every value over as text, so conversion lives here once.
#include "storage/db.hpp"

#include <cctype>
#include <charconv>

namespace pt::db {

namespace {

const std::optional<std::string>& cell(const std::vector<std::optional<std::string>>& cols, std::size_t i) {
    if (i >= cols.size())
        throw Error(Error::Kind::other, "column index " + std::to_string(i) + " out of range (row has " +
                                            std::to_string(cols.size()) + " columns)");
    return cols[i];
}

std::string shorten(const std::string& s) { return s.size() > 40 ? s.substr(0, 40) + "..." : s; }

}  // namespace

std::string Row::str(std::size_t i) const {
    const auto& c = cell(cols_, i);
    return c ? *c : std::string();
}

std::optional<std::int64_t> Row::opt_i64(std::size_t i) const {
    const auto& c = cell(cols_, i);
    if (!c) return std::nullopt;
    const std::string& s = *c;
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (b != e && *b == '+') ++b;
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(b, e, v);
    // PostgreSQL numeric sums come back as "400" or "400.00"; an all-zero fraction is still an integer.
    if (ec == std::errc() && p != b && p != e && *p == '.') {
        const char* q = p + 1;
        while (q != e && *q == '0') ++q;
        if (q == e && q != p + 1) p = e;
    }
    if (ec == std::errc::result_out_of_range)
        throw Error(Error::Kind::other, "column " + std::to_string(i) + ": integer out of range: '" + shorten(s) + "'");
    if (ec != std::errc() || p != e || p == b)
        throw Error(Error::Kind::other, "column " + std::to_string(i) + ": expected an integer, got '" + shorten(s) + "'");
    return v;
}

std::int64_t Row::i64(std::size_t i) const { return opt_i64(i).value_or(0); }

double Row::f64(std::size_t i) const {
    const auto& c = cell(cols_, i);
    if (!c) return 0.0;
    const std::string& s = *c;
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (b != e && *b == '+') ++b;
    double v = 0;
    auto [p, ec] = std::from_chars(b, e, v);
    if (ec != std::errc() || p != e || p == b)
        throw Error(Error::Kind::other, "column " + std::to_string(i) + ": expected a number, got '" + shorten(s) + "'");
    return v;
}

bool Row::boolean(std::size_t i) const {
    const auto& c = cell(cols_, i);
    if (!c) return false;
    std::string s;
    for (char ch : *c) s += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (s == "1" || s == "t" || s == "true") return true;
    if (s == "0" || s == "f" || s == "false") return false;
    throw Error(Error::Kind::other, "column " + std::to_string(i) + ": expected a boolean, got '" + shorten(*c) + "'");
}

}  // namespace pt::db
