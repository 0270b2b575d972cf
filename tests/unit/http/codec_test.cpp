// URL coding, HTML escaping, cookies and header parameter parsing.
#include <gtest/gtest.h>

#include "http/detail.hpp"
#include "http/http.hpp"

using namespace pt::http;
using namespace pt::http::detail;

TEST(UrlDecode, DecodesEscapesAndPlus) {
    EXPECT_EQ(url_decode("a%20b"), "a b");
    EXPECT_EQ(url_decode("a+b"), "a b");
    EXPECT_EQ(url_decode("a+b", false), "a+b");
    EXPECT_EQ(url_decode("%C3%A4iti%c3%a4"), "äitiä");
    EXPECT_EQ(url_decode(""), "");
    EXPECT_EQ(url_decode("100%25"), "100%");
}

TEST(UrlDecode, RejectsMalformedEscapes) {
    EXPECT_EQ(url_decode("%"), std::nullopt);
    EXPECT_EQ(url_decode("abc%2"), std::nullopt);
    EXPECT_EQ(url_decode("%zz"), std::nullopt);
    EXPECT_EQ(url_decode("%G0"), std::nullopt);
    EXPECT_EQ(url_decode("ok%2x"), std::nullopt);
}

TEST(UrlEncode, EncodesReservedAndRoundTrips) {
    EXPECT_EQ(url_encode("a b&c=d/ä"), "a%20b%26c%3Dd%2F%C3%A4");
    EXPECT_EQ(url_encode("AZaz09-_.~"), "AZaz09-_.~");
    const std::string tricky = "Hämeenkatu 1 & 2 / +100% ?#";
    EXPECT_EQ(url_decode(url_encode(tricky)), tricky);
}

TEST(HtmlEscape, EscapesTheFiveCharacters) {
    EXPECT_EQ(html_escape("<a href=\"x\">Tom & 'Jerry'</a>"),
              "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
    EXPECT_EQ(html_escape("Äänekoski"), "Äänekoski");
}

TEST(Cookies, ParsesPairs) {
    auto c = parse_cookies("sid=abc123; theme=dark;lang=fi");
    EXPECT_EQ(c.size(), 3u);
    EXPECT_EQ(c["sid"], "abc123");
    EXPECT_EQ(c["theme"], "dark");
    EXPECT_EQ(c["lang"], "fi");
}

TEST(Cookies, HandlesQuotesDuplicatesAndJunk) {
    auto c = parse_cookies(R"(a="quoted value"; a=second; junk; =novalue; b=x=y;  ; c=)");
    EXPECT_EQ(c["a"], "quoted value");  // the first (most specific path) wins
    EXPECT_EQ(c["b"], "x=y");
    EXPECT_EQ(c["c"], "");
    EXPECT_EQ(c.count("junk"), 0u);
    EXPECT_EQ(c.count(""), 0u);
    EXPECT_TRUE(parse_cookies("").empty());
}

TEST(Cookies, RequestAccessors) {
    Request r;
    r.cookies = parse_cookies("sid=1");
    EXPECT_EQ(r.cookie("sid"), "1");
    EXPECT_EQ(r.cookie("other"), std::nullopt);
}

TEST(SetCookie, BuildsAttributes) {
    EXPECT_EQ(make_set_cookie("sid", "abc"), "sid=abc; Path=/; HttpOnly; SameSite=Lax");
    CookieOptions o;
    o.max_age = 3600;
    o.secure = true;
    o.same_site = "Strict";
    o.path = "/app";
    EXPECT_EQ(make_set_cookie("sid", "abc", o), "sid=abc; Path=/app; Max-Age=3600; HttpOnly; Secure; SameSite=Strict");
}

TEST(SetCookie, DeletionAndNoneRequiresSecure) {
    CookieOptions del;
    del.max_age = 0;
    EXPECT_EQ(make_set_cookie("sid", "", del), "sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
    CookieOptions none;
    none.same_site = "None";
    none.http_only = false;
    EXPECT_EQ(make_set_cookie("x", "1", none), "x=1; Path=/; Secure; SameSite=None");
}

TEST(SetCookie, RejectsValuesThatWouldBreakTheHeader) {
    EXPECT_THROW(make_set_cookie("sid", "a;b"), std::invalid_argument);
    EXPECT_THROW(make_set_cookie("sid", "a b"), std::invalid_argument);
    EXPECT_THROW(make_set_cookie("sid", "a\r\nSet-Cookie: evil=1"), std::invalid_argument);
    EXPECT_THROW(make_set_cookie("", "v"), std::invalid_argument);
    EXPECT_THROW(make_set_cookie("s=id", "v"), std::invalid_argument);
}

TEST(Query, ParsesRepeatedKeysAndPlus) {
    std::multimap<std::string, std::string> q;
    EXPECT_TRUE(parse_query("a=1&b=x+y&a=2&flag&&c=%C3%A4", q));
    EXPECT_EQ(q.count("a"), 2u);
    EXPECT_EQ(q.find("b")->second, "x y");
    EXPECT_EQ(q.find("flag")->second, "");
    EXPECT_EQ(q.find("c")->second, "ä");
}

TEST(Query, MalformedPairsAreReportedAndSkipped) {
    std::multimap<std::string, std::string> q;
    EXPECT_FALSE(parse_query("bad=%ZZ&good=1", q));
    EXPECT_EQ(q.count("bad"), 0u);
    EXPECT_EQ(q.find("good")->second, "1");

    std::multimap<std::string, std::string> q2;
    EXPECT_FALSE(parse_query("latin1=%E4", q2));  // not UTF-8
    EXPECT_TRUE(q2.empty());
}

TEST(Query, RequestAccessors) {
    Request r;
    parse_query("tag=a&tag=b&page=2", r.query);
    EXPECT_EQ(r.query_param("page"), "2");
    EXPECT_EQ(r.query_param("missing"), "");
    EXPECT_EQ(r.query_params("tag"), (std::vector<std::string>{"a", "b"}));
}

TEST(HeaderParam, QuotedAndBareValues) {
    EXPECT_EQ(header_param("multipart/form-data; boundary=abc123", "boundary"), "abc123");
    EXPECT_EQ(header_param("multipart/form-data; BOUNDARY=\"a b;c\"", "boundary"), "a b;c");
    EXPECT_EQ(header_param(R"(form-data; name="file"; filename="x;y.txt")", "filename"), "x;y.txt");
    EXPECT_EQ(header_param(R"(form-data; name="file"; filename="x;y.txt")", "name"), "file");
    EXPECT_EQ(header_param("form-data; name=\"a", "name"), std::nullopt);  // unterminated
    EXPECT_EQ(header_param("text/html", "charset"), std::nullopt);
    EXPECT_EQ(media_type(" Text/HTML ; charset=utf-8"), "text/html");
}

TEST(Utf8, Validates) {
    EXPECT_TRUE(valid_utf8("Hyvää päivää €"));
    EXPECT_FALSE(valid_utf8("\xE4"));          // Latin-1 ä
    EXPECT_FALSE(valid_utf8("\xC0\xAF"));      // overlong '/'
    EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));  // surrogate
    EXPECT_FALSE(valid_utf8("\xF0\x9F\x98"));  // truncated
}
