#include "catalog/domain/search_terms.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/text.hpp"

using pt::catalog::fts5_query;
using pt::catalog::pg_tsquery;
using pt::catalog::search_terms;
using V = std::vector<std::string>;

namespace {

std::string u(const char8_t* s) { return reinterpret_cast<const char*>(s); }

// A term is safe when it is non-empty valid UTF-8 whose ASCII characters are all lower-case
// letters or digits: nothing FTS5 or tsquery could read as syntax.
bool safe_term(const std::string& t) {
    if (t.empty() || !pt::text::valid_utf8(t)) return false;
    for (char c : t) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    }
    return true;
}

}  // namespace

struct TermsCase {
    std::string input;
    V terms;
};

class SearchTerms : public testing::TestWithParam<TermsCase> {};

TEST_P(SearchTerms, Splits) { EXPECT_EQ(search_terms(GetParam().input), GetParam().terms) << GetParam().input; }

INSTANTIATE_TEST_SUITE_P(
    Table, SearchTerms,
    testing::Values(
        TermsCase{"", {}}, TermsCase{"   ", {}}, TermsCase{"!!! ??? ...", {}},
        // ceil(12 * 2 / 3) = 8 code points
        TermsCase{"markkinointi", {"markkino"}}, TermsCase{u(u8"kehittäminen"), {u(u8"kehittäm")}},
        TermsCase{u(u8"Markkinointi KEHITTÄMINEN"), {"markkino", u(u8"kehittäm")}},
        // five or fewer kept whole; six and seven cut to five; eight to six
        TermsCase{"web", {"web"}}, TermsCase{"tieto", {"tieto"}}, TermsCase{"yritys", {"yrity"}},
        TermsCase{"palvelu", {"palve"}}, TermsCase{"koulutus", {"koulut"}},
        TermsCase{u(u8"henkilöstö"), {u(u8"henkilö")}},
        TermsCase{"verkkosivut", {"verkkosi"}},  // 11 -> ceil(22/3) = 8
        // words of digits only are kept whole; mixed words are cut like any other
        TermsCase{"2500 123456789", {"2500", "123456789"}}, TermsCase{"abc123def", {"abc123"}},
        // punctuation, dashes, euro sign, NBSP and quotes split words
        TermsCase{"SEO-palvelut", {"seo", "palvel"}},
        TermsCase{u(u8"Some–markkinointi"), {"some", "markkino"}},
        TermsCase{u(u8"2 500 €"), {"2", "500"}},
        TermsCase{"a\xC2\xA0" "b", {"a", "b"}},
        TermsCase{u(u8"«kirjanpito»"), {"kirjanp"}},
        TermsCase{u(u8"“lainaus”"), {"laina"}},
        TermsCase{u(u8"emoji😀sana"), {"emoji", "sana"}},
        // repeated terms and terms prefixing another are dropped; the longer takes the first place
        TermsCase{"Palvelu palvelu web", {"palve", "web"}},
        TermsCase{"Palvelu web palvelut PALVELUA", {"palvel", "web"}},
        TermsCase{"palvelut palvelu", {"palvel"}},
        TermsCase{"ab abc a", {"abc"}},
        // decomposed ä (a + U+0308) is composed, so it matches the composed form
        TermsCase{"kehitta\xCC\x88minen", {u(u8"kehittäm")}},
        TermsCase{"A\xCC\x8A" "bo", {u(u8"åbo")}},
        // other scripts are letters too
        TermsCase{u(u8"Москва"), {u(u8"москв")}},
        // invalid UTF-8 gives nothing
        TermsCase{"markkinointi \xC3", {}}, TermsCase{"\xED\xA0\x80", {}}, TermsCase{"ok \xC0\xAF", {}}));

TEST(SearchTerms, AtMostEightTerms) {
    const auto t = search_terms("one two three four five six seven eight nine ten");
    EXPECT_EQ(t, (V{"one", "two", "three", "four", "five", "six", "seven", "eight"}));
    const auto d = search_terms("a a a a a a a a a a b c d e f g h i j");
    EXPECT_EQ(d, (V{"a", "b", "c", "d", "e", "f", "g", "h"})) << "duplicates do not use up the eight";
}

TEST(SearchTerms, LongWordsAreCapped) {
    const auto t = search_terms(std::string(5000, 'x'));
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0], std::string(32, 'x'));
    const auto d = search_terms(std::string(100, '7'));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0], std::string(32, '7'));
}

TEST(SearchTerms, StemsPrefixInflectedForms) {
    // The point of cutting: the stem of the basic form prefixes its inflected forms.
    const std::vector<std::pair<std::string, std::vector<std::string>>> words{
        {"markkinointi", {"markkinoinnin", "markkinointia", "markkinoinnissa"}},
        {u(u8"kehittäminen"), {u(u8"kehittämisen"), u(u8"kehittämistä")}},
        {"kirjanpito", {"kirjanpidon", "kirjanpitoa"}},
        {"yritys", {"yrityksen", "yritykset", "yrityksille"}},
        {"koulutus", {"koulutuksen", "koulutukset"}},
    };
    for (const auto& [base, forms] : words) {
        const auto stem = search_terms(base);
        ASSERT_EQ(stem.size(), 1u) << base;
        for (const auto& f : forms) EXPECT_TRUE(f.starts_with(stem[0])) << stem[0] << " vs " << f;
    }
}

class Injection : public testing::TestWithParam<std::string> {};

TEST_P(Injection, OnlySafeTermsAndQueries) {
    const auto terms = search_terms(GetParam());
    EXPECT_LE(terms.size(), 8u);
    for (const auto& t : terms) EXPECT_TRUE(safe_term(t)) << "unsafe term '" << t << "' from " << GetParam();
    // FTS5: outside the quoted terms only " AND " and "*" may appear.
    const std::string fq = fts5_query(terms);
    std::string rebuilt;
    for (const auto& t : terms) rebuilt += (rebuilt.empty() ? "" : " AND ") + ("\"" + t + "\"*");
    EXPECT_EQ(fq, rebuilt);
    const std::string pq = pg_tsquery(terms);
    std::string pg_rebuilt;
    for (const auto& t : terms) pg_rebuilt += (pg_rebuilt.empty() ? "" : " & ") + (t + ":*");
    EXPECT_EQ(pq, pg_rebuilt);
}

INSTANTIATE_TEST_SUITE_P(
    Table, Injection,
    testing::Values(std::string("\") OR 1=1 --"), std::string("NEAR("), std::string("NEAR(a b, 5)"),
                    std::string("*"), std::string("\"*\""), std::string("a OR b NOT c AND d"),
                    std::string("col:term"), std::string("{title description}: x"), std::string("^start"),
                    std::string("x' | y & !z"), std::string("a:* & b <-> c"), std::string("'; DROP TABLE orders; --"),
                    std::string("\\\"\\'"), std::string("( ) ( ) ( )"), std::string("title:\"foo\" + bar"),
                    std::string("%_%"), std::string("<script>alert(1)</script>"), std::string("a\0b", 3),
                    std::string("\t\r\n")));

TEST(Injection, ExpectedTermsFromClassicAttacks) {
    EXPECT_EQ(search_terms("\") OR 1=1 --"), (V{"or", "1"}));
    EXPECT_EQ(search_terms("NEAR("), (V{"near"}));
    EXPECT_EQ(search_terms("*"), V{});
    EXPECT_EQ(search_terms("'; DROP TABLE orders; --"), (V{"drop", "table", "order"}));
}

TEST(Injection, RandomBytesNeverGiveUnsafeTerms) {
    std::mt19937 rng(11);
    const std::string alphabet = "aZ9 \"'*():^-+|&!<>{}\\;,.\t\n\xC3\xA4\xE2\x82\xAC\xFF\x80";
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1), len(0, 40);
    for (int i = 0; i < 5000; ++i) {
        std::string s;
        for (auto n = len(rng); n > 0; --n) s += alphabet[pick(rng)];
        const auto terms = search_terms(s);
        ASSERT_LE(terms.size(), 8u);
        for (const auto& t : terms) ASSERT_TRUE(safe_term(t)) << t;
        const auto fq = fts5_query(terms);
        ASSERT_EQ(fq.empty(), terms.empty());
    }
}

TEST(Fts5Query, Form) {
    EXPECT_EQ(fts5_query({}), "");
    EXPECT_EQ(fts5_query({"markkino"}), "\"markkino\"*");
    EXPECT_EQ(fts5_query({"markkino", u(u8"kehittäm")}), u(u8"\"markkino\"* AND \"kehittäm\"*"));
    // Terms from elsewhere are still quoted safely: a quote is doubled, empty terms skipped.
    EXPECT_EQ(fts5_query({"a\"b", ""}), "\"a\"\"b\"*");
}

TEST(PgTsquery, Form) {
    EXPECT_EQ(pg_tsquery({}), "");
    EXPECT_EQ(pg_tsquery({"markkino"}), "markkino:*");
    EXPECT_EQ(pg_tsquery({"markkino", u(u8"kehittäm")}), u(u8"markkino:* & kehittäm:*"));
    // Terms not made by search_terms are skipped, not trusted.
    EXPECT_EQ(pg_tsquery({"ok", "a|b", "x:*", "", "bad\xC3", "'q'"}), "ok:*");
}
