// Message building: what goes over SMTP must be a valid RFC 5322 / MIME text mail whatever the
// UTF-8 text, and no caller-supplied text may become a header.
#include "notify/domain/message.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace pt::notify {
namespace {

using namespace std::chrono;

const TimePoint kNow = sys_days(year(2026) / 12 / 1) + hours(9) + minutes(5) + seconds(7);

// Decoders written independently of the encoders, so a test compares meaning, not bytes.
std::string b64_decode(const std::string& in) {
    static const std::string a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    int val = 0, bits = -8;
    for (char c : in) {
        if (c == '=') break;
        auto p = a.find(c);
        if (p == std::string::npos) throw std::runtime_error("bad base64");
        val = (val << 6) + static_cast<int>(p);
        bits += 6;
        if (bits >= 0) {
            out += static_cast<char>((val >> bits) & 0xff);
            bits -= 8;
        }
    }
    return out;
}

std::string decode_words(const std::string& header) {
    std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=)");
    std::string out;
    for (std::sregex_iterator it(header.begin(), header.end(), word), end; it != end; ++it) out += b64_decode((*it)[1]);
    return out;
}

std::string qp_decode(const std::string& in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '=' && i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') { i += 2; continue; }
        if (in[i] == '=') { out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)); i += 2; continue; }
        out += in[i];
    }
    return out;
}

TEST(Address, AcceptsPlainAddressesOnly) {
    EXPECT_TRUE(valid_address("maija.meikalainen@hel.fi"));
    EXPECT_TRUE(valid_address("a+tag@sub.example.org"));
    EXPECT_FALSE(valid_address(""));
    EXPECT_FALSE(valid_address("no-at.example.fi"));
    EXPECT_FALSE(valid_address("a@@example.fi"));
    EXPECT_FALSE(valid_address("a@b@example.fi"));
    EXPECT_FALSE(valid_address("@example.fi"));
    EXPECT_FALSE(valid_address("a@localhost"));
    EXPECT_FALSE(valid_address("a@example.fi."));
    EXPECT_FALSE(valid_address("a b@example.fi"));
    EXPECT_FALSE(valid_address("a@example.fi\r\nBcc: victim@example.fi"));
    EXPECT_FALSE(valid_address("a@example.fi\nX: y"));
    EXPECT_FALSE(valid_address("Maija <a@example.fi>"));
    EXPECT_FALSE(valid_address("a,b@example.fi"));
    EXPECT_FALSE(valid_address("äiti@example.fi"));
    EXPECT_FALSE(valid_address(std::string(250, 'a') + "@example.fi"));
}

TEST(Header, AsciiStaysReadableAndUtf8IsEncoded) {
    EXPECT_EQ(encode_header("Test message"), "Test message");
    auto enc = encode_header("Hakemus hyväksytty – Kotipalvelu Äkäslompolo");
    EXPECT_EQ(enc.rfind("=?UTF-8?B?", 0), 0u);
    EXPECT_EQ(decode_words(enc), "Hakemus hyväksytty – Kotipalvelu Äkäslompolo");
    // Text that only looks like an encoded word is encoded too, so it cannot be misread.
    EXPECT_NE(encode_header("=?UTF-8?B?SGk=?="), "=?UTF-8?B?SGk=?=");
    EXPECT_EQ(decode_words(encode_header("=?UTF-8?B?SGk=?=")), "=?UTF-8?B?SGk=?=");
}

TEST(Header, LongSubjectsFoldIntoShortWordsSplitBetweenCharacters) {
    std::string subject;
    for (int i = 0; i < 30; ++i) subject += "äöå€";  // 2-, 2-, 2- and 3-byte characters
    auto enc = encode_header(subject);
    EXPECT_EQ(decode_words(enc), subject);
    std::size_t start = 0;
    int words = 0;
    while (start < enc.size()) {
        auto end = enc.find("\r\n ", start);
        auto word = enc.substr(start, end == std::string::npos ? std::string::npos : end - start);
        EXPECT_LE(word.size(), 75u);
        // Each word decodes to whole UTF-8 characters on its own.
        auto text = decode_words(word);
        EXPECT_TRUE(valid_utf8(text)) << word;
        ++words;
        start = end == std::string::npos ? enc.size() : end + 3;
    }
    EXPECT_GT(words, 1);
}

TEST(QuotedPrintable, RoundTripsUtf8WithShortLinesAndCrlf) {
    std::string body = "Hei Äijä,\n\nhakemuksenne on hyväksytty = tervetuloa.\nRivi jossa välilyönti lopussa \n" +
                       std::string(200, 'x') + "\n.\n";
    auto qp = quoted_printable(body);
    for (std::size_t pos = 0; pos < qp.size();) {
        auto end = qp.find("\r\n", pos);
        if (end == std::string::npos) end = qp.size();
        EXPECT_LE(end - pos, 76u);
        auto line = qp.substr(pos, end - pos);
        EXPECT_NE(line, ".");  // never the SMTP end-of-data line
        if (!line.empty()) EXPECT_NE(line.back(), ' ');
        pos = end + 2;
    }
    for (unsigned char ch : qp) EXPECT_LT(ch, 0x80);
    EXPECT_EQ(qp.find('\n') == std::string::npos || qp[qp.find('\n') - 1] == '\r', true);
    std::string expected;  // LF -> CRLF
    for (char c : body) {
        if (c == '\n') expected += "\r\n";
        else expected += c;
    }
    EXPECT_EQ(qp_decode(qp), expected);
}

TEST(Message, HasTheHeadersMailNeeds) {
    Message m{"noreply@palvelutori.example", "maija@example.fi", "Päätös: hyväksytty", "Hei,\nkaikki hyvin.\n",
              "<outbox-1.abc@palvelutori.example>", kNow};
    auto text = build_message(m);
    auto head = text.substr(0, text.find("\r\n\r\n"));
    EXPECT_NE(head.find("Date: Tue, 01 Dec 2026 09:05:07 +0000\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("From: <noreply@palvelutori.example>\r\n"), std::string::npos);
    EXPECT_NE(head.find("To: <maija@example.fi>\r\n"), std::string::npos);
    EXPECT_NE(head.find("Message-ID: <outbox-1.abc@palvelutori.example>\r\n"), std::string::npos);
    EXPECT_NE(head.find("MIME-Version: 1.0\r\n"), std::string::npos);
    EXPECT_NE(head.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
    EXPECT_NE(head.find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
    std::smatch sm;
    ASSERT_TRUE(std::regex_search(head, sm, std::regex("Subject: ([^\r]*)")));
    EXPECT_EQ(decode_words(sm[1]), "Päätös: hyväksytty");
    EXPECT_EQ(qp_decode(text.substr(text.find("\r\n\r\n") + 4)), "Hei,\r\nkaikki hyvin.\r\n");
    // Every line ends in CRLF: no bare LF anywhere.
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') EXPECT_EQ(text[i - 1], '\r') << "bare LF at " << i;
}

TEST(Message, RefusesHeaderInjection) {
    Message m{"noreply@palvelutori.example", "maija@example.fi", "ok", "body", "<x@y.fi>", kNow};
    auto bad = m;
    bad.to = "maija@example.fi\r\nBcc: all@example.fi";
    EXPECT_THROW(build_message(bad), std::invalid_argument);
    bad = m;
    bad.subject = "Hello\r\nBcc: all@example.fi";
    EXPECT_THROW(build_message(bad), std::invalid_argument);
    bad = m;
    bad.subject = "Hello\nBcc: all@example.fi";
    EXPECT_THROW(build_message(bad), std::invalid_argument);
    bad = m;
    bad.from = "x";
    EXPECT_THROW(build_message(bad), std::invalid_argument);
    // A body that tries to start headers stays body text.
    bad = m;
    bad.body_text = "\r\nBcc: all@example.fi\r\n";
    auto text = build_message(bad);
    EXPECT_GT(text.find("\r\nBcc:"), text.find("\r\n\r\n"));  // only inside the body
}

TEST(OneLine, FoldsLineBreaks) {
    EXPECT_EQ(one_line("  Kutsu:\r\n Kotipalvelu\t2027 \n"), "Kutsu: Kotipalvelu 2027");
}

TEST(RedactSecrets, HidesInvitationTokensAndKeepsTheRest) {
    const std::string token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    const std::string body = "Hei!\n\nhttps://palvelutori.example/invitations/" + token +
                             "\nLinkki on voimassa 2027-01-08 asti.\n";
    const auto shown = redact_secrets(body);
    EXPECT_EQ(shown.find(token), std::string::npos);
    EXPECT_EQ(shown, "Hei!\n\nhttps://palvelutori.example/invitations/\u2026\nLinkki on voimassa 2027-01-08 asti.\n");
    // Every link, also one at the very end or followed by a query; other paths stay.
    EXPECT_EQ(redact_secrets("/invitations/abc?x=1 and /invitations/def"), "/invitations/\u2026?x=1 and /invitations/\u2026");
    EXPECT_EQ(redact_secrets("/provider/organization\n/applications/7"), "/provider/organization\n/applications/7");
    EXPECT_EQ(redact_secrets(""), "");
}

TEST(Backoff, DoublesFromTheBaseUpToTheCap) {
    Backoff b;  // 5 s, capped at 1 h, 20 attempts
    EXPECT_EQ(retry_delay(b, 1), seconds(5));
    EXPECT_EQ(retry_delay(b, 2), seconds(10));
    EXPECT_EQ(retry_delay(b, 3), seconds(20));
    EXPECT_EQ(retry_delay(b, 10), seconds(2560));
    EXPECT_EQ(retry_delay(b, 11), seconds(3600));
    EXPECT_EQ(retry_delay(b, 19), seconds(3600));
    EXPECT_EQ(retry_delay(b, 1000), seconds(3600));
    EXPECT_FALSE(gives_up(b, 19));
    EXPECT_TRUE(gives_up(b, 20));
}

TEST(Backoff, FastTestSettingsRoundUpToWholeSeconds) {
    Backoff b{milliseconds(200), milliseconds(1500), 3};
    EXPECT_EQ(retry_delay(b, 1), seconds(1));
    EXPECT_EQ(retry_delay(b, 3), seconds(1));   // 800 ms
    EXPECT_EQ(retry_delay(b, 4), seconds(2));   // 1600 ms -> cap 1500 ms -> 2 s
    EXPECT_TRUE(gives_up(b, 3));
}

}  // namespace
}  // namespace pt::notify
