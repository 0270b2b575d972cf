// URL coding, HTML escaping, cookies and the small header parsers the rest of the layer shares.
#include <stdexcept>

#include "http/detail.hpp"
#include "http/http.hpp"

namespace pt::http {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

// RFC 6265 cookie-octet: no controls, whitespace, DQUOTE, comma, semicolon or backslash.
bool is_cookie_octet(unsigned char c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B) ||
           (c >= 0x5D && c <= 0x7E);
}

bool is_token_char(unsigned char c) {
    if (c <= 0x20 || c >= 0x7F) return false;
    return std::string_view("()<>@,;:\\\"/[]?={}").find(static_cast<char>(c)) == std::string_view::npos;
}

}  // namespace

std::string url_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() + s.size() / 2);
    for (unsigned char c : s) {
        if (is_unreserved(c)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::optional<std::string> url_decode(std::string_view s, bool plus_as_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_as_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string make_set_cookie(const std::string& name, const std::string& value, const CookieOptions& o) {
    // A bad name or value would let one cookie bleed into the header; that is a programming error.
    if (name.empty()) throw std::invalid_argument("cookie name is empty");
    for (unsigned char c : name)
        if (!is_token_char(c)) throw std::invalid_argument("cookie name has a forbidden character: " + name);
    for (unsigned char c : value)
        if (!is_cookie_octet(c)) throw std::invalid_argument("cookie value has a forbidden character (cookie " + name + ")");
    for (unsigned char c : o.path)
        if (c < 0x20 || c == ';' || c == 0x7F) throw std::invalid_argument("cookie path has a forbidden character");

    std::string out = name + "=" + value;
    if (!o.path.empty()) out += "; Path=" + o.path;
    if (o.max_age >= 0) {
        out += "; Max-Age=" + std::to_string(o.max_age);
        if (o.max_age == 0) out += "; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
    }
    if (o.http_only) out += "; HttpOnly";
    // Browsers drop SameSite=None cookies that are not Secure.
    if (o.secure || detail::iequals(o.same_site, "None")) out += "; Secure";
    if (!o.same_site.empty()) out += "; SameSite=" + o.same_site;
    return out;
}

namespace detail {

bool valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size(), i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) { ++i; continue; }
        std::size_t len;
        unsigned cp;
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += len;
    }
    return true;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::string to_lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::map<std::string, std::string> parse_cookies(std::string_view header) {
    std::map<std::string, std::string> out;
    while (!header.empty()) {
        auto semi = header.find(';');
        auto pair = trim(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        auto eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        auto name = trim(pair.substr(0, eq));
        auto value = trim(pair.substr(eq + 1));
        if (name.empty()) continue;
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        out.emplace(std::string(name), std::string(value));  // emplace keeps the first
    }
    return out;
}

bool parse_query(std::string_view qs, std::multimap<std::string, std::string>& out) {
    bool ok = true;
    while (!qs.empty()) {
        auto amp = qs.find('&');
        auto pair = qs.substr(0, amp);
        qs = amp == std::string_view::npos ? std::string_view{} : qs.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        auto key = url_decode(pair.substr(0, eq), true);
        auto value = eq == std::string_view::npos ? std::optional<std::string>("") : url_decode(pair.substr(eq + 1), true);
        if (!key || !value || !valid_utf8(*key) || !valid_utf8(*value)) {
            ok = false;
            continue;
        }
        out.emplace(std::move(*key), std::move(*value));
    }
    return ok;
}

std::string media_type(std::string_view content_type) {
    return to_lower_ascii(trim(content_type.substr(0, content_type.find(';'))));
}

std::optional<std::string> header_param(std::string_view value, std::string_view name) {
    std::size_t i = value.find(';');
    while (i != std::string_view::npos && i < value.size()) {
        ++i;  // past ';'
        while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
        std::size_t name_end = i;
        while (name_end < value.size() && value[name_end] != '=' && value[name_end] != ';') ++name_end;
        auto pname = trim(value.substr(i, name_end - i));
        if (name_end >= value.size() || value[name_end] == ';') {  // a flag without value
            i = name_end;
            continue;
        }
        std::size_t v = name_end + 1;
        while (v < value.size() && (value[v] == ' ' || value[v] == '\t')) ++v;
        std::string pvalue;
        if (v < value.size() && value[v] == '"') {
            ++v;
            // Browsers percent-encode quotes in form-data names, so a backslash is usually
            // literal (Windows paths); only \" and \\ are taken as escapes.
            while (v < value.size() && value[v] != '"') {
                if (value[v] == '\\' && v + 1 < value.size() && (value[v + 1] == '"' || value[v + 1] == '\\')) ++v;
                pvalue += value[v++];
            }
            if (v >= value.size()) return std::nullopt;  // unterminated quote
            ++v;
            i = value.find(';', v);
        } else {
            std::size_t end = value.find(';', v);
            pvalue = std::string(trim(value.substr(v, end == std::string_view::npos ? std::string_view::npos : end - v)));
            i = end;
        }
        if (iequals(pname, name)) return pvalue;
    }
    return std::nullopt;
}

}  // namespace detail
}  // namespace pt::http
