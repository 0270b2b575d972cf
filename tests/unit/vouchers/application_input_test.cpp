// The input rules of voucher applications: the rejection reason, the e-mail check, and the de
// minimis declaration as JSON (API) and as euro amounts by fiscal year (form).
#include "vouchers/application_service.hpp"

#include <gtest/gtest.h>

using namespace pt::vouchers;
using pt::Money;

TEST(RejectReason, TrimmedLengthBetweenThreeAndAThousand) {
    EXPECT_EQ(reject_reason_error(""), "voucher_application.reason.required");
    EXPECT_EQ(reject_reason_error("   \n "), "voucher_application.reason.required");
    EXPECT_EQ(reject_reason_error("ab"), "voucher_application.reason.too_short");
    EXPECT_EQ(reject_reason_error("  ab  "), "voucher_application.reason.too_short");
    EXPECT_FALSE(reject_reason_error("abc"));
    EXPECT_FALSE(reject_reason_error(std::string(1000, 'x')));
    EXPECT_EQ(reject_reason_error(std::string(1001, 'x')), "voucher_application.reason.too_long");
    // Code points, not bytes: 1000 ä's are 2000 bytes and still fine.
    std::string umlauts;
    for (int i = 0; i < 1000; ++i) umlauts += "ä";
    EXPECT_FALSE(reject_reason_error(umlauts));
}

TEST(RejectReason, NewlinesYesControlCharactersAndBrokenUtf8No) {
    EXPECT_FALSE(reject_reason_error("Rivi 1\nRivi 2\r\n\tRivi 3"));
    EXPECT_EQ(reject_reason_error("ab\x07" "cd"), "voucher_application.reason.control_chars");
    EXPECT_EQ(reject_reason_error(std::string("ab\0cd", 5)), "voucher_application.reason.control_chars");
    EXPECT_EQ(reject_reason_error("ab\xc3\x28"), "voucher_application.reason.invalid_text");
}

TEST(EmailCheck, PlainAddressesOnly) {
    for (const char* ok : {"a@example.com", "etu.suku+tag@sub.example.fi", "x-y@a-b.example"})
        EXPECT_FALSE(email_error(ok)) << ok;
    for (const char* bad : {"", "a", "a@b", "@example.com", "a@", "a@@example.com", "a b@example.com", "a@exa mple.com",
                            "a@-example.com", "a@example-.com", "a@example..com", ".a@example.com", "a..b@example.com",
                            "a\"b@example.com", "ä@example.com", "a@exämple.com"})
        EXPECT_EQ(email_error(bad), "voucher_application.email_invalid") << bad;
    EXPECT_TRUE(email_error(std::string(65, 'x') + "@example.com"));
    EXPECT_TRUE(email_error("x@" + std::string(250, 'a') + ".fi"));
}

TEST(DeclarationJson, ListOfIntegerYearsAndCents) {
    auto ok = parse_declaration(nlohmann::json::parse(R"([{"fiscal_year":2025,"amount_cents":0},{"fiscal_year":2026,"amount_cents":150000}])"));
    ASSERT_FALSE(ok.error);
    ASSERT_EQ(ok.aid.size(), 2u);
    EXPECT_EQ(ok.aid[1].fiscal_year, 2026);
    EXPECT_EQ(ok.aid[1].amount, Money::cents(150000));
    EXPECT_FALSE(parse_declaration(nlohmann::json::array()).error) << "no aid received";
    // Negative amounts parse: the domain's declaration_error names them.
    EXPECT_FALSE(parse_declaration(nlohmann::json::parse(R"([{"fiscal_year":2026,"amount_cents":-1}])")).error);
}

TEST(DeclarationJson, EverythingElseIsRefused) {
    for (const char* bad : {"null", "0", "\"none\"", "{\"fiscal_year\":2026,\"amount_cents\":0}"})
        EXPECT_EQ(parse_declaration(nlohmann::json::parse(bad)).error, "voucher_application.declaration_not_list") << bad;
    for (const char* bad : {R"([1])", R"([[2026,0]])", R"([{"fiscal_year":2026}])", R"([{"amount_cents":0}])",
                            R"([{"fiscal_year":"2026","amount_cents":0}])", R"([{"fiscal_year":2026,"amount_cents":"0"}])",
                            R"([{"fiscal_year":2026,"amount_cents":1.5}])", R"([{"fiscal_year":2026,"amount_cents":1e30}])",
                            R"([{"fiscal_year":2026,"amount_cents":18446744073709551615}])",
                            R"([{"fiscal_year":99999999999,"amount_cents":0}])", R"([{"fiscal_year":1800,"amount_cents":0}])",
                            R"([{"fiscal_year":2026,"amount_cents":0,"note":"x"}])", R"([{"fiscal_year":null,"amount_cents":0}])"})
        EXPECT_EQ(parse_declaration(nlohmann::json::parse(bad)).error, "voucher_application.declaration_entry") << bad;
    auto many = nlohmann::json::array();
    for (int i = 0; i < 11; ++i) many.push_back({{"fiscal_year", 2026}, {"amount_cents", 0}});
    EXPECT_TRUE(parse_declaration(many).error);
}

TEST(DeclarationForm, EurosByYear) {
    std::map<int, std::string> errors;
    auto aid = declaration_from_form({{2024, "0"}, {2025, "1 500,50"}, {2026, " 2000 "}}, errors);
    EXPECT_TRUE(errors.empty());
    ASSERT_EQ(aid.size(), 3u);
    EXPECT_EQ(aid[0].amount, Money{});
    EXPECT_EQ(aid[1].amount, Money::cents(150050));
    EXPECT_EQ(aid[2].amount, Money::euros(2000));

    errors.clear();
    aid = declaration_from_form({{2024, ""}, {2025, "abc"}, {2026, "-5"}}, errors);
    EXPECT_EQ(errors[2024], "validation.required");
    EXPECT_EQ(errors[2025], "voucher_application.amount_invalid");
    EXPECT_EQ(errors[2026], "voucher_application.amount_invalid");
    EXPECT_TRUE(aid.empty());
}

TEST(DeclarationStorage, JsonRoundTrip) {
    std::vector<pt::vouchers::DeclaredAid> d = {{2024, Money{}}, {2026, Money::cents(123)}};
    auto back = declaration_from_json(declaration_json(d));
    ASSERT_TRUE(back);
    ASSERT_EQ(back->size(), 2u);
    EXPECT_EQ((*back)[1].fiscal_year, 2026);
    EXPECT_EQ((*back)[1].amount, Money::cents(123));
    EXPECT_EQ(declaration_json({}), "[]");
    EXPECT_FALSE(declaration_from_json("not json"));
}
