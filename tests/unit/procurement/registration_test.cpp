#include <gtest/gtest.h>

#include <string>

#include "procurement/domain/registration.hpp"

using namespace pt::procurement;

struct IbanCase {
    const char* input;
    std::optional<std::string_view> key;
};

class Iban : public ::testing::TestWithParam<IbanCase> {};

TEST_P(Iban, Validates) {
    const auto& c = GetParam();
    EXPECT_EQ(iban_error(c.input), c.key) << c.input;
    EXPECT_EQ(normalize_iban(c.input).has_value(), !c.key.has_value()) << c.input;
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, Iban,
    ::testing::Values(IbanCase{"FI2112345600000785", std::nullopt}, IbanCase{"FI21 1234 5600 0007 85", std::nullopt},
                      IbanCase{"fi2112345600000785", std::nullopt}, IbanCase{" FI1410093000123458 ", std::nullopt},
                      IbanCase{"DE89370400440532013000", std::nullopt}, IbanCase{"GB82WEST12345698765432", std::nullopt},
                      IbanCase{"SE4550000000058398257466", std::nullopt}, IbanCase{"NO9386011117947", std::nullopt},
                      IbanCase{"EE382200221020145685", std::nullopt},
                      IbanCase{"MT84MALT011000012345MTLCAST001S", std::nullopt},  // not in the table: generic
                      IbanCase{"XK051212012345678906", std::nullopt},
                      IbanCase{"FI2112345600000786", "iban.checksum"},    // last digit changed
                      IbanCase{"FI2112345600000758", "iban.checksum"},    // two digits swapped
                      IbanCase{"FI2212345600000785", "iban.checksum"},    // check digits changed
                      IbanCase{"DE89370400440532013001", "iban.checksum"},
                      IbanCase{"FI211234560000078", "iban.wrong_length"},  // FI is 18
                      IbanCase{"FI21123456000007850", "iban.wrong_length"},
                      IbanCase{"DE8937040044053201300", "iban.wrong_length"},
                      IbanCase{"ZZ121234567890", "iban.wrong_length"},    // generic minimum is 15
                      IbanCase{"FI95123456000007A5", "iban.invalid_format"},  // mod-97 fine, but FI is digits only
                      IbanCase{"1121123456000007855", "iban.invalid_format"}, IbanCase{"FIAB12345600000785", "iban.invalid_format"},
                      IbanCase{"FI21-1234-5600-0007-85", "iban.invalid_format"}, IbanCase{"FI21123456000007\xC3\xA4", "iban.invalid_format"},
                      IbanCase{"FI", "iban.invalid_format"}, IbanCase{"", "iban.required"}, IbanCase{"   ", "iban.required"}));

TEST(IbanFormat, CompactAndGrouped) {
    EXPECT_EQ(normalize_iban("fi21 1234 5600 0007 85"), "FI2112345600000785");
    EXPECT_EQ(format_iban("FI2112345600000785"), "FI21 1234 5600 0007 85");
    EXPECT_EQ(compact_iban(" de89 3704 "), "DE893704");
}

TEST(Ovt, ValidForOwnBusinessId) {
    EXPECT_EQ(ovt_error("003712345671", "1234567-1"), std::nullopt);
    EXPECT_EQ(ovt_error("00371234567100101", "1234567-1"), std::nullopt);  // five-character suffix
    EXPECT_EQ(ovt_error("003712345671AB", "1234567-1"), std::nullopt);
    EXPECT_EQ(ovt_error("0037 1234 5671", "1234567-1"), std::nullopt);
    EXPECT_EQ(ovt_error("003707375462", "0737546-2"), std::nullopt);
    EXPECT_EQ(normalize_ovt("0037 1234 5671 ab", "1234567-1"), "003712345671AB");
}

TEST(Ovt, RefusalKeys) {
    EXPECT_EQ(ovt_error("", "1234567-1"), "ovt.required");
    EXPECT_EQ(ovt_error("00371234567", "1234567-1"), "ovt.invalid_format");          // too short
    EXPECT_EQ(ovt_error("003712345671001011", "1234567-1"), "ovt.invalid_format");   // six-character suffix
    EXPECT_EQ(ovt_error("003812345671", "1234567-1"), "ovt.invalid_format");         // not 0037
    EXPECT_EQ(ovt_error("00371234567A", "1234567-1"), "ovt.invalid_format");
    EXPECT_EQ(ovt_error("0037123456710-1", "1234567-1"), "ovt.invalid_format");
    EXPECT_EQ(ovt_error("003712345672", "1234567-2"), "ovt.invalid_business_id");    // bad check digit
    EXPECT_EQ(ovt_error("003723456780", "1234567-1"), "ovt.business_id_mismatch");  // valid but someone else's
    EXPECT_EQ(normalize_ovt("003723456780", "1234567-1"), std::nullopt);
}

TEST(Video, AllowedForms) {
    struct Case {
        const char* url;
        VideoHost host;
        const char* id;
    };
    const Case cases[] = {
        {"https://www.youtube.com/watch?v=dQw4w9WgXcQ", VideoHost::youtube, "dQw4w9WgXcQ"},
        {"https://youtube.com/watch?v=dQw4w9WgXcQ", VideoHost::youtube, "dQw4w9WgXcQ"},
        {"https://m.youtube.com/watch?v=dQw4w9WgXcQ", VideoHost::youtube, "dQw4w9WgXcQ"},
        {"https://www.youtube.com/watch?v=a-b_c-d_e-f&t=30", VideoHost::youtube, "a-b_c-d_e-f"},
        {"https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", VideoHost::youtube, "dQw4w9WgXcQ"},
        {"HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ", VideoHost::youtube, "dQw4w9WgXcQ"},
        {"https://youtu.be/dQw4w9WgXcQ", VideoHost::youtube, "dQw4w9WgXcQ"},
        {"https://youtu.be/dQw4w9WgXcQ?t=10", VideoHost::youtube, "dQw4w9WgXcQ"},
        {"https://vimeo.com/76979871", VideoHost::vimeo, "76979871"},
        {"https://www.vimeo.com/76979871#t=5", VideoHost::vimeo, "76979871"},
    };
    for (const auto& c : cases) {
        const auto v = parse_video_url(c.url);
        ASSERT_TRUE(v.has_value()) << c.url;
        EXPECT_EQ(v->host, c.host) << c.url;
        EXPECT_EQ(v->id, c.id) << c.url;
        EXPECT_EQ(video_url_error(c.url), std::nullopt) << c.url;
    }
    EXPECT_EQ(parse_video_url("https://youtu.be/dQw4w9WgXcQ")->canonical_url(),
              "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    EXPECT_EQ(parse_video_url("https://www.vimeo.com/76979871")->canonical_url(), "https://vimeo.com/76979871");
    EXPECT_EQ(video_url_error(""), std::nullopt);  // optional field
    EXPECT_EQ(video_url_error("  "), std::nullopt);
}

TEST(Video, HostileAndOtherLinksRefused) {
    const char* bad[] = {
        "javascript:alert(1)",
        "JavaScript://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "//www.youtube.com/watch?v=dQw4w9WgXcQ",
        "www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evilyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com./watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXc",      // 10-character id
        "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",    // 12-character id
        "https://www.youtube.com/watch?v=dQw4w9WgX<Q",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=aaaaaaaaaaa",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/redirect?q=https://evil.example",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/watch/../redirect?v=dQw4w9WgXcQ",
        "https://youtu.be/",
        "https://youtu.be/dQw4w9WgXcQ/extra",
        "https://vimeo.com/",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/0123",
        "https://vimeo.com/76979871?redirect=https://evil.example",
        "https://vimeo.com.evil.example/76979871",
        "https://player.vimeo.com/video/76979871",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n#x",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ x",
        "https://www.you%74ube.com/watch?v=dQw4w9WgXcQ",
        "https:\\\\www.youtube.com/watch?v=dQw4w9WgXcQ",
        "data:text/html,<script>alert(1)</script>",
        "https://",
        "ftp://vimeo.com/76979871",
    };
    for (const char* u : bad) {
        EXPECT_EQ(parse_video_url(u), std::nullopt) << u;
        EXPECT_EQ(video_url_error(u), "video.not_allowed") << u;
    }
    EXPECT_EQ(parse_video_url("https://vimeo.com/" + std::string(300, '1')), std::nullopt);
    // The form trims surrounding white space; the parser itself takes none.
    EXPECT_EQ(parse_video_url("https://vimeo.com/76979871\n"), std::nullopt);
    EXPECT_EQ(video_url_error(" https://vimeo.com/76979871\n"), std::nullopt);
}
