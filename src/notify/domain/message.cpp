#include "notify/domain/message.hpp"

#include <array>
#include <cstdio>
#include <regex>
#include <stdexcept>

#include "core/text.hpp"

namespace pt::notify {

bool valid_address(std::string_view a) {
    if (a.empty() || a.size() > 254) return false;
    const auto at = a.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 >= a.size() || a.find('@', at + 1) != std::string_view::npos)
        return false;
    for (unsigned char ch : a) {
        if (ch <= 0x20 || ch >= 0x7f) return false;  // controls, CR/LF, space, non-ASCII
        if (std::string_view("<>,;:()[]\"\\").find(static_cast<char>(ch)) != std::string_view::npos) return false;
    }
    const auto domain = a.substr(at + 1);
    const auto dot = domain.find('.');
    return dot != std::string_view::npos && dot > 0 && domain.back() != '.' && domain.find("..") == std::string_view::npos;
}

bool valid_utf8(std::string_view s) { return text::valid_utf8(s); }

std::string one_line(std::string_view s) {
    std::string out;
    bool space = false;
    for (char ch : s) {
        if (ch == '\r' || ch == '\n' || ch == '\t' || ch == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += ch;
    }
    return out;
}

std::string redact_secrets(std::string_view body_text) {
    // Whatever follows "/invitations/" up to white space or the next URL delimiter.
    static const std::regex invitation_link(R"((/invitations/)[^\s/?#<>"']+)");
    return std::regex_replace(std::string(body_text), invitation_link, "$1\u2026");
}

namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view in) {
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
        out += kB64[v >> 18 & 63]; out += kB64[v >> 12 & 63]; out += kB64[v >> 6 & 63]; out += kB64[v & 63];
    }
    if (i + 1 == in.size()) {
        unsigned v = (unsigned char)in[i] << 16;
        out += kB64[v >> 18 & 63]; out += kB64[v >> 12 & 63]; out += "==";
    } else if (i + 2 == in.size()) {
        unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
        out += kB64[v >> 18 & 63]; out += kB64[v >> 12 & 63]; out += kB64[v >> 6 & 63]; out += '=';
    }
    return out;
}

// Length of the UTF-8 sequence that starts with byte b (1 for stray bytes, so we never loop).
std::size_t seq_len(unsigned char b) {
    if (b >= 0xf0) return 4;
    if (b >= 0xe0) return 3;
    if (b >= 0xc0) return 2;
    return 1;
}

}  // namespace

std::string encode_header(std::string_view s) {
    bool plain = s.find("=?") == std::string_view::npos && s.size() <= 900;
    for (unsigned char ch : s)
        if (ch < 0x20 || ch >= 0x7f) plain = false;
    if (plain) return std::string(s);
    // "=?UTF-8?B?" + 60 base64 characters + "?=" = 72 <= 75; 60 base64 chars hold 45 bytes.
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t n = 0;
        while (i + n < s.size()) {
            auto len = std::min(seq_len(static_cast<unsigned char>(s[i + n])), s.size() - i - n);
            if (n + len > 45) break;
            n += len;
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(s.substr(i, n)) + "?=";
        i += n;
    }
    return out;
}

std::string quoted_printable(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    std::size_t col = 0;
    auto emit = [&](std::string_view piece) {
        if (col + piece.size() > 75) {  // 75 + the soft-break "=" = 76
            out += "=\r\n";
            col = 0;
        }
        out += piece;
        col += piece.size();
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(s[i]);
        if (ch == '\r' || ch == '\n') {
            if (ch == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
            out += "\r\n";
            col = 0;
            continue;
        }
        const bool at_line_end = i + 1 == s.size() || s[i + 1] == '\r' || s[i + 1] == '\n';
        // White space before a line end would be stripped by transports: encode it. A "." at the
        // start of a line is encoded too, so no line can ever be the SMTP end-of-data mark.
        const bool literal = (ch >= 33 && ch <= 126 && ch != '=' && !(ch == '.' && col == 0)) ||
                             ((ch == ' ' || ch == '\t') && !at_line_end);
        if (literal) {
            emit(std::string(1, static_cast<char>(ch)));
        } else {
            const char enc[3] = {'=', hex[ch >> 4], hex[ch & 15]};
            emit(std::string_view(enc, 3));
        }
    }
    return out;
}

std::string rfc5322_date(TimePoint t) {
    using namespace std::chrono;
    static constexpr std::array<const char*, 7> wd = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> mo = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = floor<days>(t);
    const year_month_day ymd(day);
    const weekday w(day);
    const hh_mm_ss hms(t - day);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000", wd[w.c_encoding()],
                  static_cast<unsigned>(ymd.day()), mo[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buf;
}

std::string build_message(const Message& m) {
    if (!valid_address(m.from)) throw std::invalid_argument("sender address is not valid: " + m.from);
    if (!valid_address(m.to)) throw std::invalid_argument("recipient address is not valid");
    if (m.subject.find_first_of("\r\n") != std::string::npos) throw std::invalid_argument("subject has a line break");
    if (m.message_id.find_first_of("\r\n") != std::string::npos) throw std::invalid_argument("message id has a line break");
    std::string out;
    out += "Date: " + rfc5322_date(m.date) + "\r\n";
    out += "From: <" + m.from + ">\r\n";
    out += "To: <" + m.to + ">\r\n";
    out += "Message-ID: " + m.message_id + "\r\n";
    out += "Subject: " + encode_header(m.subject) + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Type: text/plain; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: quoted-printable\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    out += "\r\n";
    out += quoted_printable(m.body_text);
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;
}

std::chrono::seconds retry_delay(const Backoff& b, int attempts) {
    using namespace std::chrono;
    milliseconds d = b.base;
    for (int i = 1; i < attempts && d < b.cap; ++i) d *= 2;
    if (d > b.cap) d = b.cap;
    auto s = ceil<seconds>(d);
    return s < seconds(1) ? seconds(1) : s;
}

bool gives_up(const Backoff& b, int attempts) { return attempts >= b.max_attempts; }

}  // namespace pt::notify
