#include "core/text.hpp"

#include <cstdint>

namespace pt::text {

namespace {

bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 when it is not well formed
// (overlong forms, UTF-16 surrogates, values above U+10FFFF, truncated sequences, stray bytes).
std::size_t seq_len(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    const std::size_t left = s.size() - i;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return left >= 2 && is_cont(b(i + 1)) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (left < 3 || !is_cont(b(i + 1)) || !is_cont(b(i + 2))) return 0;
        if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
        if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate D800..DFFF
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (left < 4 || !is_cont(b(i + 1)) || !is_cont(b(i + 2)) || !is_cont(b(i + 3))) return 0;
        if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
        if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;  // continuation byte without a lead, C0/C1 overlong leads, F5..FF
}

// Decodes one code point from valid UTF-8; n is its byte length.
char32_t decode(std::string_view s, std::size_t i, std::size_t n) {
    const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[k])); };
    switch (n) {
        case 1: return b(i);
        case 2: return ((b(i) & 0x1F) << 6) | (b(i + 1) & 0x3F);
        case 3: return ((b(i) & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
        default:
            return ((b(i) & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
                   (b(i + 3) & 0x3F);
    }
}

void encode(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

char32_t lower_cp(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0xC0) return c;
    // Latin-1: À..Þ except × (U+00D7).
    if (c <= 0xDE) return c == 0xD7 ? c : c + 0x20;
    // Latin Extended-A (Š, Ž, Č, Ł ... in names and loan words): mostly even upper / odd lower.
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return (c % 2 == 0) ? c + 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x178) return 0xFF;  // Ÿ
    // Cyrillic and basic Greek capitals.
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    if ((c >= 0x391 && c <= 0x3A9) && c != 0x3A2) return c + 0x20;
    return c;
}

bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Bytes of a Unicode space (NBSP U+00A0, narrow NBSP U+202F, ideographic U+3000, BOM U+FEFF)
// at the front / back of s, or 0. Copy-pasted text often carries them.
std::size_t unicode_space_front(std::string_view s) {
    for (std::string_view sp : {"\xC2\xA0", "\xE2\x80\xAF", "\xE3\x80\x80", "\xEF\xBB\xBF"})
        if (s.starts_with(sp)) return sp.size();
    return 0;
}
std::size_t unicode_space_back(std::string_view s) {
    for (std::string_view sp : {"\xC2\xA0", "\xE2\x80\xAF", "\xE3\x80\x80", "\xEF\xBB\xBF"})
        if (s.ends_with(sp)) return sp.size();
    return 0;
}

}  // namespace

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = seq_len(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::size_t length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if (!is_cont(c)) ++n;
    return n;
}

std::string trim(std::string_view s) {
    for (;;) {
        if (!s.empty() && is_ascii_space(s.front())) { s.remove_prefix(1); continue; }
        if (const auto n = unicode_space_front(s)) { s.remove_prefix(n); continue; }
        break;
    }
    for (;;) {
        if (!s.empty() && is_ascii_space(s.back())) { s.remove_suffix(1); continue; }
        if (const auto n = unicode_space_back(s)) { s.remove_suffix(n); continue; }
        break;
    }
    return std::string(s);
}

std::string to_lower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = seq_len(s, i);
        if (n == 0) {  // keep bytes of broken sequences as they are
            out += s[i];
            ++i;
            continue;
        }
        if (n == 1) {
            const char c = s[i];
            out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        } else {
            encode(lower_cp(decode(s, i, n)), out);
        }
        i += n;
    }
    return out;
}

bool has_control_chars(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) return true;
        // C1 controls U+0080..U+009F are encoded C2 80..C2 9F.
        if (c == 0xC2 && i + 1 < s.size()) {
            const auto d = static_cast<unsigned char>(s[i + 1]);
            if (d >= 0x80 && d <= 0x9F) return true;
        }
    }
    return false;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> parts;
    if (s.empty()) return parts;
    std::size_t start = 0;
    for (;;) {
        const auto pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            parts.emplace_back(s.substr(start));
            return parts;
        }
        parts.emplace_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::string prefix(std::string_view s, std::size_t n) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!is_cont(static_cast<unsigned char>(s[i]))) {
            if (seen == n) return std::string(s.substr(0, i));
            ++seen;
        }
    }
    return std::string(s);
}

std::optional<std::u32string> decode_utf8(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = seq_len(s, i);
        if (n == 0) return std::nullopt;
        out.push_back(decode(s, i, n));
        i += n;
    }
    return out;
}

std::string encode_utf8(std::u32string_view cps) {
    std::string out;
    out.reserve(cps.size());
    for (char32_t c : cps)
        if (c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF)) encode(c, out);
    return out;
}

}  // namespace pt::text
