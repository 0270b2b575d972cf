#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>

#include "accounts/domain/secrets.hpp"
#include "providers/domain/invitation.hpp"
#include "providers/domain/organization.hpp"

using namespace pt::providers;

namespace {

std::map<std::string, std::string> valid_form() {
    return {{"business_id", "2260181-9"},
            {"name", "Markkinointipaja Oy"},
            {"municipality", "Jyväskylä"},
            {"street_address", "Kauppakatu 1"},
            {"postal_code", "40100"},
            {"post_office", "Jyväskylä"},
            {"contact_name", "Pekka Palveluntuottaja"},
            {"phone", "+358 40 555 0110"},
            {"email", "info@markkinointipaja.fi"},
            {"ovt", "003722601819"},
            {"einvoice_operator", "003721291126"},
            {"iban", "FI21 1234 5600 0007 85"},
            {"website", "https://markkinointipaja.fi"},
            {"description", "Markkinointia\npienyrityksille."}};
}

Checked check(const std::map<std::string, std::string>& form, std::optional<std::string> business_id = std::nullopt) {
    return check_organization(
        [&](const std::string& k) {
            auto it = form.find(k);
            return it == form.end() ? std::string() : it->second;
        },
        business_id);
}

}  // namespace

TEST(PostalCode, FiveDigitsOnly) {
    EXPECT_FALSE(postal_code_problem("40100"));
    EXPECT_FALSE(postal_code_problem("00100"));
    for (const char* bad : {"", "4010", "401000", "4010a", " 40100", "40 100", "FI-40100", "４０１００"})
        EXPECT_EQ(postal_code_problem(bad), "providers.error.postal_code") << bad;
}

TEST(Website, HttpOrHttpsWithARealHost) {
    for (const char* ok : {"", "https://yritys.fi", "http://yritys.fi", "HTTPS://Yritys.FI/palvelut?x=1#a",
                           "https://www.sub-domain.example.com:8443/polku"})
        EXPECT_FALSE(website_problem(ok)) << ok;
    for (const char* bad : {"yritys.fi", "www.yritys.fi", "ftp://yritys.fi", "javascript:alert(1)",
                            "https://", "https://localhost", "https://user@yritys.fi", "https://yritys.fi@evil.example",
                            "https://-yritys.fi", "https://yritys-.fi", "https://yritys.f1", "https://yritys..fi",
                            "https://yritys.fi:", "https://yritys.fi:123456", "https://yritys.fi:8a",
                            "https://yritys.fi/<script>", "https://yritys.fi/a b", "https://äö.fi",
                            "https://yritys.fi/\"onmouseover", "https:\\\\yritys.fi"})
        EXPECT_EQ(website_problem(bad), "providers.error.website") << bad;
    EXPECT_EQ(website_problem("https://a.fi/" + std::string(190, 'x')), "providers.error.website");
}

TEST(Email, PlainAddresses) {
    for (const char* ok : {"a@b.fi", "first.last+tag@sub.example.com", "O'Brien@yritys.fi", "x_y-z@a-b.co"})
        EXPECT_FALSE(email_problem(ok)) << ok;
    for (const char* bad : {"", "a", "@b.fi", "a@", "a@b", "a@@b.fi", "a@b@c.fi", "a b@c.fi", "a@b..fi", ".a@b.fi",
                            "a.@b.fi", "a..b@c.fi", "a@-b.fi", "a\"@b.fi", "a@b.fi\r\nBcc: x@y.fi", "ä@b.fi",
                            "a@b.f1", "<a@b.fi>", "a,b@c.fi"})
        EXPECT_EQ(email_problem(bad), "providers.error.email") << bad;
    EXPECT_EQ(email_problem(std::string(65, 'a') + "@b.fi"), "providers.error.email");
    EXPECT_EQ(email_problem("a@" + std::string(250, 'b') + ".fi"), "providers.error.email");
}

TEST(Phone, DigitsAndPunctuation) {
    for (const char* ok : {"+358 40 123 4567", "(014) 123-456", "0401234567", "12345"})
        EXPECT_FALSE(phone_problem(ok)) << ok;
    for (const char* bad : {"", "1234", "12-34", "+358+40123", "040 123 abc", "1234567890123456", "040/1234567",
                            "040.123.4567"})
        EXPECT_EQ(phone_problem(bad), "providers.error.phone") << bad;
}

TEST(Operator, IdsOfLettersAndDigits) {
    for (const char* ok : {"003721291126", "ndeafihh", "E204503", "BAWC FI22"}) EXPECT_FALSE(operator_problem(ok)) << ok;
    for (const char* bad : {"", "abc", "NDEA-FIHH", "Ä2345", "0037/2129"})
        EXPECT_EQ(operator_problem(bad), "providers.error.operator") << bad;
    EXPECT_EQ(operator_problem(std::string(36, '1')), "providers.error.operator");
    for (const auto& op : known_operators()) EXPECT_FALSE(operator_problem(op.id)) << op.id;
}

TEST(TextRule, TrimsAndRefusesControlsAndLengths) {
    std::string v = "  Nimi Oy \t";
    EXPECT_FALSE(text_problem(v, 2, 10));
    EXPECT_EQ(v, "Nimi Oy");
    std::string empty = "   ";
    EXPECT_EQ(text_problem(empty, 1, 10), "validation.required");
    std::string short_ = "A";
    EXPECT_EQ(text_problem(short_, 2, 10), "validation.too_short");
    std::string long_ = "ÄÄÄÄÄÄÄÄÄÄÄ";  // 11 code points, 22 bytes
    EXPECT_EQ(text_problem(long_, 1, 10), "validation.too_long");
    std::string ten = "ÄÄÄÄÄÄÄÄÄÄ";
    EXPECT_FALSE(text_problem(ten, 1, 10));
    std::string nul("a\0b", 3);
    EXPECT_EQ(text_problem(nul, 1, 10), "validation.control_chars");
    std::string newline = "a\nb";
    EXPECT_EQ(text_problem(newline, 1, 10), "validation.control_chars");
    EXPECT_FALSE(text_problem(newline, 1, 10, true));
    std::string bad_utf8 = "a\xC3\x28";
    EXPECT_EQ(text_problem(bad_utf8, 1, 10), "validation.invalid_utf8");
}

TEST(CheckOrganization, AcceptsAndNormalisesAValidForm) {
    auto r = check(valid_form());
    EXPECT_TRUE(r.problems.empty()) << r.problems.begin()->first;
    EXPECT_EQ(r.org.business_id, "2260181-9");
    EXPECT_EQ(r.org.iban, "FI2112345600000785");
    EXPECT_EQ(r.org.ovt, "003722601819");
    EXPECT_EQ(r.org.einvoice_operator, "003721291126");
    EXPECT_EQ(r.org.description, "Markkinointia\npienyrityksille.");

    auto f = valid_form();
    f["business_id"] = " 737546-2 ";  // an old six-digit ID gets its leading zero
    f["ovt"] = "0037 0737 5462 abc";
    f["einvoice_operator"] = "ndea fihh";
    f["website"] = "";
    f["description"] = "";
    r = check(f);
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.org.business_id, "0737546-2");
    EXPECT_EQ(r.org.ovt, "00370737546" "2ABC");
    EXPECT_EQ(r.org.einvoice_operator, "NDEAFIHH");
}

TEST(CheckOrganization, EachFieldSaysWhatIsWrong) {
    const std::tuple<const char*, std::string, const char*> cases[] = {
        {"business_id", "", "validation.required"},
        {"business_id", "2260181-8", "providers.error.business_id"},
        {"business_id", "FI22601819", "providers.error.business_id"},
        {"name", "", "validation.required"},
        {"name", "A", "validation.too_short"},
        {"name", std::string(201, 'a'), "validation.too_long"},
        {"name", "Oy\x01", "validation.control_chars"},
        {"name", "Rivi\nvaihto", "validation.control_chars"},
        {"municipality", "", "validation.required"},
        {"street_address", "\xFF", "validation.invalid_utf8"},
        {"postal_code", "", "validation.required"},
        {"postal_code", "4010", "providers.error.postal_code"},
        {"post_office", "", "validation.required"},
        {"contact_name", "", "validation.required"},
        {"phone", "", "validation.required"},
        {"phone", "soita", "providers.error.phone"},
        {"email", "", "validation.required"},
        {"email", "info(at)yritys.fi", "providers.error.email"},
        {"ovt", "", "validation.required"},
        {"ovt", "1234", "providers.error.ovt_invalid_format"},
        {"ovt", "003712345678", "providers.error.ovt_invalid_business_id"},
        {"ovt", "003720830167", "providers.error.ovt_business_id_mismatch"},
        {"einvoice_operator", "", "validation.required"},
        {"einvoice_operator", "x!", "providers.error.operator"},
        {"iban", "", "validation.required"},
        {"iban", "FI21 1234 5600 0007 86", "providers.error.iban_checksum"},
        {"iban", "FI21 1234", "providers.error.iban_wrong_length"},
        {"iban", "1234567890", "providers.error.iban_invalid_format"},
        {"website", "yritys.fi", "providers.error.website"},
        {"description", std::string(5001, 'x'), "validation.too_long"},
        {"description", "a\x7f", "validation.control_chars"},
    };
    for (const auto& [field, value, key] : cases) {
        auto f = valid_form();
        f[field] = value;
        auto r = check(f);
        ASSERT_EQ(r.problems.size(), 1u) << field << "=" << value;
        EXPECT_EQ(r.problems.begin()->first, field);
        EXPECT_EQ(r.problems.begin()->second, key) << field << "=" << value;
    }
}

TEST(CheckOrganization, MissingFieldsAreRequired) {
    auto r = check({});
    for (const char* f : {"business_id", "name", "municipality", "street_address", "postal_code", "post_office",
                          "contact_name", "phone", "email", "ovt", "einvoice_operator", "iban"})
        EXPECT_EQ(r.problems[f], "validation.required") << f;
    EXPECT_FALSE(r.problems.count("website"));
    EXPECT_FALSE(r.problems.count("description"));
}

TEST(CheckOrganization, ABrokenBusinessIdIsNotRepeatedAsAnOvtMismatch) {
    auto f = valid_form();
    f["business_id"] = "2260181-8";
    auto r = check(f);
    EXPECT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems["business_id"], "providers.error.business_id");
}

TEST(CheckOrganization, ProfileEditKeepsTheStoredBusinessId) {
    auto f = valid_form();
    f["business_id"] = "garbage";  // not read when the organization's own ID is given
    auto r = check(f, "2260181-9");
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.org.business_id, "2260181-9");
    // The OVT is checked against that stored ID.
    r = check(valid_form(), "2083016-7");
    EXPECT_EQ(r.problems["ovt"], "providers.error.ovt_business_id_mismatch");
}

TEST(CheckUser, NameEmailPassword) {
    NewUser ok{" Maija Meikäläinen ", "maija@yritys.fi", "salasana-123"};
    FieldProblems p;
    check_user(ok, p, "user_name", "user_email");
    EXPECT_TRUE(p.empty());
    EXPECT_EQ(ok.name, "Maija Meikäläinen");

    NewUser bad{"M", "maija(at)yritys.fi", "lyhyt"};
    p.clear();
    check_user(bad, p, "user_name", "user_email");
    EXPECT_EQ(p["user_name"], "validation.too_short");
    EXPECT_EQ(p["user_email"], "providers.error.email");
    EXPECT_EQ(p["password"], "providers.error.password");

    NewUser none{"", "", ""};
    p.clear();
    check_user(none, p, "user_name", "user_email");
    EXPECT_EQ(p["user_name"], "validation.required");
    EXPECT_EQ(p["user_email"], "validation.required");
    EXPECT_EQ(p["password"], "validation.required");

    NewUser invited{"Ville Virta", "not checked", std::string(201, 'x')};
    p.clear();
    check_user(invited, p, "user_name", "user_email", false);
    EXPECT_FALSE(p.count("user_email"));
    EXPECT_EQ(p["password"], "providers.error.password");
}

TEST(Invitation, StateFromTimestamps) {
    EXPECT_EQ(invitation_state(std::nullopt, "2026-01-08T10:00:00Z", "2026-01-01T10:00:00Z"), InvitationState::pending);
    EXPECT_EQ(invitation_state(std::nullopt, "2026-01-08T10:00:00Z", "2026-01-08T10:00:00Z"), InvitationState::expired);
    EXPECT_EQ(invitation_state(std::nullopt, "2026-01-08T10:00:00Z", "2026-01-09T00:00:00Z"), InvitationState::expired);
    EXPECT_EQ(invitation_state("2026-01-02T00:00:00Z", "2026-01-08T10:00:00Z", "2026-01-09T00:00:00Z"),
              InvitationState::accepted);
    EXPECT_EQ(to_string(InvitationState::pending), "pending");
    EXPECT_EQ(kInvitationLifetime, std::chrono::days(7));
}

TEST(Invitation, TokensLinksAndPublicUrl) {
    auto token = pt::accounts::random_secret();
    EXPECT_TRUE(plausible_token(token));
    EXPECT_FALSE(plausible_token(token.substr(1)));
    EXPECT_FALSE(plausible_token(token + "A"));
    EXPECT_FALSE(plausible_token(std::string(42, 'a') + "."));
    EXPECT_FALSE(plausible_token(""));
    EXPECT_EQ(invitation_link("", "abc"), "/invitations/abc");
    EXPECT_EQ(invitation_link("https://palvelutori.example.fi", "abc"), "https://palvelutori.example.fi/invitations/abc");
    EXPECT_EQ(normalize_public_url("https://palvelutori.example.fi/"), "https://palvelutori.example.fi");
    EXPECT_EQ(normalize_public_url("http://localhost.example:8080"), "http://localhost.example:8080");
    EXPECT_FALSE(normalize_public_url(""));
    EXPECT_FALSE(normalize_public_url("palvelutori.example.fi"));
    EXPECT_FALSE(normalize_public_url("https://palvelutori.example.fi/app"));
    EXPECT_FALSE(normalize_public_url("https://evil.example@palvelutori.example.fi"));
}
