#include "catalog/domain/search_terms.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace pt::catalog {

namespace {

constexpr std::size_t max_terms = 8;
constexpr std::size_t max_term_length = 32;
constexpr std::size_t min_stem = 5;

bool is_ascii_alnum(char32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Multibyte code points that separate words rather than belong to them.
bool is_separator_cp(char32_t c) {
    return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||  // C1, NBSP, « » § ° ...
           (c >= 0x2000 && c <= 0x2BFF) ||                          // punctuation, currency, arrows, math, shapes
           (c >= 0x3000 && c <= 0x303F) ||                          // CJK punctuation
           (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF ||           // variation selectors, BOM
           (c >= 0xFF01 && c <= 0xFF0F) ||                          // full-width punctuation
           (c >= 0x1F000 && c <= 0x1FAFF);                          // emoji and pictographs
}

bool is_word_cp(char32_t c) { return c < 0x80 ? is_ascii_alnum(c) : !is_separator_cp(c); }

// Composes the decomposed forms of the Nordic letters, so text pasted from macOS matches.
std::u32string compose_nordic(const std::u32string& in) {
    std::u32string out;
    out.reserve(in.size());
    for (char32_t c : in) {
        if (!out.empty() && (c == 0x308 || c == 0x30A)) {
            char32_t& base = out.back();
            const char32_t composed = c == 0x308 ? (base == 'a'   ? 0xE4
                                                    : base == 'A' ? 0xC4
                                                    : base == 'o' ? 0xF6
                                                    : base == 'O' ? 0xD6
                                                    : base == 'u' ? 0xFC
                                                    : base == 'U' ? 0xDC
                                                                  : 0)
                                                 : (base == 'a' ? 0xE5 : base == 'A' ? 0xC5 : 0);
            if (composed) {
                base = composed;
                continue;
            }
        }
        out.push_back(c);
    }
    return out;
}

std::string stem(const std::u32string& word) {
    const std::size_t len = word.size();
    const bool digits_only = std::ranges::all_of(word, [](char32_t c) { return c >= '0' && c <= '9'; });
    std::size_t keep = len;
    if (!digits_only && len > min_stem) keep = std::max(min_stem, (len * 2 + 2) / 3);
    keep = std::min(keep, max_term_length);
    return text::to_lower(text::encode_utf8(std::u32string_view(word).substr(0, keep)));
}

}  // namespace

std::vector<std::string> search_terms(std::string_view user_text) {
    const auto decoded = text::decode_utf8(user_text);
    if (!decoded) return {};
    const std::u32string cps = compose_nordic(*decoded);

    std::vector<std::string> terms;
    std::u32string word;
    const auto flush = [&] {
        if (word.empty()) return;
        std::string t = stem(word);
        word.clear();
        // Terms are ANDed prefixes, so a term that prefixes another adds nothing: keep the longer
        // one, in the place of the first, and save the slot.
        for (auto& have : terms) {
            if (have.starts_with(t)) return;
            if (t.starts_with(have)) {
                have = std::move(t);
                return;
            }
        }
        terms.push_back(std::move(t));
    };
    for (char32_t c : cps) {
        if (terms.size() >= max_terms) break;
        if (is_word_cp(c)) word.push_back(c);
        else flush();
    }
    if (terms.size() < max_terms) flush();
    return terms;
}

std::string fts5_query(const std::vector<std::string>& terms) {
    std::string q;
    for (const auto& t : terms) {
        if (t.empty()) continue;
        if (!q.empty()) q += " AND ";
        q += '"';
        for (char c : t) {
            if (c == '"') q += '"';  // FTS5 escapes a quote inside a string by doubling it
            q += c;
        }
        q += "\"*";
    }
    return q;
}

std::string pg_tsquery(const std::vector<std::string>& terms) {
    std::string q;
    for (const auto& t : terms) {
        const bool safe = !t.empty() && text::valid_utf8(t) && std::ranges::all_of(t, [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u >= 0x80 || is_ascii_alnum(u);
        });
        if (!safe) continue;
        if (!q.empty()) q += " & ";
        q += t;
        q += ":*";
    }
    return q;
}

}  // namespace pt::catalog
