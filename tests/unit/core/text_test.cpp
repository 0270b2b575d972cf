#include "core/text.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace text = pt::text;

namespace {
// u8 literals keep non-ASCII test text readable.
std::string u(const char8_t* s) { return reinterpret_cast<const char*>(s); }
}  // namespace

struct Utf8Case {
    std::string bytes;
    bool valid;
    const char* what;
};

class ValidUtf8 : public testing::TestWithParam<Utf8Case> {};

TEST_P(ValidUtf8, Classifies) {
    EXPECT_EQ(text::valid_utf8(GetParam().bytes), GetParam().valid) << GetParam().what;
    EXPECT_EQ(text::decode_utf8(GetParam().bytes).has_value(), GetParam().valid) << GetParam().what;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ValidUtf8,
    testing::Values(Utf8Case{"", true, "empty"}, Utf8Case{"abc", true, "ASCII"},
                    Utf8Case{std::string("a\0b", 3), true, "NUL is valid UTF-8"},
                    Utf8Case{u(u8"Jyväskylä Åbo"), true, "Latin-1 letters"},
                    Utf8Case{"\xE2\x82\xAC", true, "euro sign"},
                    Utf8Case{"\xF0\x9F\x98\x80", true, "emoji, 4 bytes"},
                    Utf8Case{"\xC2\x80", true, "U+0080, smallest 2-byte"},
                    Utf8Case{"\xE0\xA0\x80", true, "U+0800, smallest 3-byte"},
                    Utf8Case{"\xF0\x90\x80\x80", true, "U+10000, smallest 4-byte"},
                    Utf8Case{"\xED\x9F\xBF", true, "U+D7FF, just below surrogates"},
                    Utf8Case{"\xEE\x80\x80", true, "U+E000, just above surrogates"},
                    Utf8Case{"\xF4\x8F\xBF\xBF", true, "U+10FFFF, the last code point"},
                    Utf8Case{"\xC0\xAF", false, "overlong '/' in 2 bytes"},
                    Utf8Case{"\xC1\xBF", false, "overlong U+007F"},
                    Utf8Case{"\xE0\x80\xAF", false, "overlong '/' in 3 bytes"},
                    Utf8Case{"\xE0\x9F\xBF", false, "overlong U+07FF"},
                    Utf8Case{"\xF0\x80\x80\xAF", false, "overlong '/' in 4 bytes"},
                    Utf8Case{"\xF0\x8F\xBF\xBF", false, "overlong U+FFFF"},
                    Utf8Case{"\xED\xA0\x80", false, "surrogate U+D800"},
                    Utf8Case{"\xED\xBF\xBF", false, "surrogate U+DFFF"},
                    Utf8Case{"\xED\xA0\xBD\xED\xB8\x80", false, "CESU-8 surrogate pair"},
                    Utf8Case{"\xF4\x90\x80\x80", false, "U+110000, above the range"},
                    Utf8Case{"\xF5\x80\x80\x80", false, "lead byte F5"},
                    Utf8Case{"\xF8\x88\x80\x80\x80", false, "5-byte form"},
                    Utf8Case{"\xFE", false, "FE"}, Utf8Case{"\xFF", false, "FF"},
                    Utf8Case{"\x80", false, "lone continuation byte"},
                    Utf8Case{"a\xBF" "b", false, "continuation byte inside ASCII"},
                    Utf8Case{"\xC3", false, "truncated 2-byte"},
                    Utf8Case{"\xE2\x82", false, "truncated 3-byte"},
                    Utf8Case{"\xF0\x9F\x98", false, "truncated 4-byte"},
                    Utf8Case{"\xC3" "a", false, "lead byte followed by ASCII"},
                    Utf8Case{"\xE2\x82" "a", false, "3-byte cut by ASCII"},
                    Utf8Case{"ok\xC3", false, "truncated at the end"}));

TEST(Text, Length) {
    EXPECT_EQ(text::length(""), 0u);
    EXPECT_EQ(text::length("abc"), 3u);
    EXPECT_EQ(text::length(u(u8"kehittäminen")), 12u);
    EXPECT_EQ(text::length(u(u8"€😀ä")), 3u);
}

TEST(Text, Trim) {
    EXPECT_EQ(text::trim("  a b  "), "a b");
    EXPECT_EQ(text::trim("\t\r\n x \n"), "x");
    EXPECT_EQ(text::trim(""), "");
    EXPECT_EQ(text::trim("   "), "");
    EXPECT_EQ(text::trim("\xC2\xA0" "abc\xC2\xA0 "), "abc");
    EXPECT_EQ(text::trim("\xEF\xBB\xBF" "abc"), "abc");
    EXPECT_EQ(text::trim("\xE2\x80\xAF" "a\xE3\x80\x80"), "a");
    EXPECT_EQ(text::trim(u(u8" Jyväskylä ")), u(u8"Jyväskylä"));
    EXPECT_EQ(text::trim("a\xC2\xA0" "b"), "a\xC2\xA0" "b") << "inner spaces stay";
    EXPECT_EQ(text::trim("\xC2"), "\xC2") << "broken bytes are not eaten";
}

struct LowerCase {
    std::string in, out;
};

class ToLower : public testing::TestWithParam<LowerCase> {};

TEST_P(ToLower, Maps) { EXPECT_EQ(text::to_lower(GetParam().in), GetParam().out); }

INSTANTIATE_TEST_SUITE_P(
    Table, ToLower,
    testing::Values(LowerCase{"ABC xyz 123", "abc xyz 123"}, LowerCase{u(u8"ÄÖÅ"), u(u8"äöå")},
                    LowerCase{u(u8"JYVÄSKYLÄ"), u(u8"jyväskylä")}, LowerCase{u(u8"ÉÜÆØÞ"), u(u8"éüæøþ")},
                    LowerCase{u(u8"×÷ß"), u(u8"×÷ß")}, LowerCase{u(u8"ŠŽČŁ"), u(u8"šžčł")},
                    LowerCase{u(u8"Ÿ"), u(u8"ÿ")}, LowerCase{u(u8"МОСКВА Ё"), u(u8"москва ё")},
                    LowerCase{u(u8"ΑΘΗΝΑ"), u(u8"αθηνα")}, LowerCase{u(u8"€😀"), u(u8"€😀")},
                    LowerCase{"A\xFF" "B", "a\xFF" "b"}, LowerCase{"", ""}));

TEST(Text, HasControlChars) {
    EXPECT_FALSE(text::has_control_chars("plain text"));
    EXPECT_FALSE(text::has_control_chars("line\nnext\r\n\ttab"));
    EXPECT_FALSE(text::has_control_chars(u(u8"Jyväskylä €")));
    EXPECT_TRUE(text::has_control_chars(std::string("a\0b", 3)));
    EXPECT_TRUE(text::has_control_chars("bell\a"));
    EXPECT_TRUE(text::has_control_chars("esc\x1B[31m"));
    EXPECT_TRUE(text::has_control_chars("del\x7F"));
    EXPECT_TRUE(text::has_control_chars("c1 \xC2\x85"));   // NEL
    EXPECT_TRUE(text::has_control_chars("c1 \xC2\x9F"));
    EXPECT_FALSE(text::has_control_chars("nbsp \xC2\xA0"));
}

TEST(Text, Split) {
    using V = std::vector<std::string>;
    EXPECT_EQ(text::split("a,b,c", ','), (V{"a", "b", "c"}));
    EXPECT_EQ(text::split("a,,b", ','), (V{"a", "", "b"}));
    EXPECT_EQ(text::split(",a,", ','), (V{"", "a", ""}));
    EXPECT_EQ(text::split("abc", ','), (V{"abc"}));
    EXPECT_EQ(text::split("", ','), V{});
    EXPECT_EQ(text::split(",", ','), (V{"", ""}));
}

TEST(Text, Prefix) {
    EXPECT_EQ(text::prefix(u(u8"kehittäminen"), 8), u(u8"kehittäm"));
    EXPECT_EQ(text::prefix(u(u8"äöå"), 2), u(u8"äö"));
    EXPECT_EQ(text::prefix("abc", 0), "");
    EXPECT_EQ(text::prefix("abc", 3), "abc");
    EXPECT_EQ(text::prefix("abc", 10), "abc");
    EXPECT_EQ(text::prefix(u(u8"😀😀"), 1), u(u8"😀"));
    EXPECT_EQ(text::prefix("", 5), "");
}

TEST(Text, DecodeEncodeRoundTrip) {
    const std::string s = u(u8"Palvelutori – Jyväskylä € 😀");
    const auto cps = text::decode_utf8(s);
    ASSERT_TRUE(cps.has_value());
    EXPECT_EQ(cps->size(), text::length(s));
    EXPECT_EQ((*cps)[12], U'–');
    EXPECT_EQ(text::encode_utf8(*cps), s);
    EXPECT_EQ(text::encode_utf8(U"a\xD800" "b"), "ab") << "surrogates are dropped";
}

TEST(Text, RandomBytesNeverCrashAndAgree) {
    // valid_utf8 and decode_utf8 must agree; a valid string must survive decode + encode.
    std::mt19937 rng(1);
    std::uniform_int_distribution<int> len(0, 12), byte(0, 255);
    int valid = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string s;
        for (int n = len(rng); n > 0; --n) s += static_cast<char>(byte(rng) % 3 == 0 ? byte(rng) & 0x7F : byte(rng));
        const auto cps = text::decode_utf8(s);
        ASSERT_EQ(cps.has_value(), text::valid_utf8(s));
        if (cps) {
            ++valid;
            EXPECT_EQ(text::encode_utf8(*cps), s);
            EXPECT_EQ(cps->size(), text::length(s));
        }
        (void)text::to_lower(s);
        (void)text::trim(s);
        (void)text::prefix(s, 3);
    }
    EXPECT_GT(valid, 100);
}
