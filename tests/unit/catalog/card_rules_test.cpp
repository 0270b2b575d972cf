#include "catalog/domain/card_rules.hpp"

#include <gtest/gtest.h>

#include "procurement/domain/registration.hpp"

using namespace pt;
using namespace pt::catalog;

namespace {

procurement::PriceModel fixed(std::initializer_list<std::int64_t> euros) {
    procurement::FixedVoucherValue f;
    for (auto e : euros) f.allowed.push_back(Money::euros(e));
    return {f, {}};
}

procurement::PriceModel hourly(std::int64_t rate, std::int64_t cap) {
    return {procurement::HourlyRate{Money::euros(rate), Money::euros(cap)}, {}};
}

const AdmissionPeriod k2026{"2026-01-01", "2026-12-31"};

}  // namespace

TEST(PublishRules, AdmittedProviderWithFittingPricePublishesUntilPeriodEnd) {
    auto r = check_publish(k2026, fixed({2500, 5000}), Money::euros(2500), "2026-03-10");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.period_end, "2026-12-31");
}

TEST(PublishRules, PriceMustEqualAVoucherValue) {
    auto r = check_publish(k2026, fixed({2500, 5000}), Money::euros(3000), "2026-03-10");
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(r.refusal);
    EXPECT_EQ(r.field_errors.at("price"), "cards.price_must_equal_voucher_value");
    EXPECT_EQ(r.period_end, "");
    // One cent off is off.
    EXPECT_FALSE(check_publish(k2026, fixed({2500}), Money::cents(250001), "2026-03-10").ok());
}

TEST(PublishRules, HourlyModelCapsThePrice) {
    EXPECT_TRUE(check_publish(k2026, hourly(90, 5000), Money::euros(5000), "2026-03-10").ok());
    auto r = check_publish(k2026, hourly(90, 5000), Money::euros(5001), "2026-03-10");
    EXPECT_EQ(r.field_errors.at("price"), "cards.price_over_hourly_cap");
}

TEST(PublishRules, NoAdmissionNoPublishing) {
    auto r = check_publish(std::nullopt, fixed({2500}), Money::euros(2500), "2026-03-10");
    ASSERT_TRUE(r.refusal);
    EXPECT_EQ(*r.refusal, "cards.not_admitted");
    EXPECT_FALSE(r.ok());
}

TEST(PublishRules, AdmissionMustCoverToday) {
    // Both ends included.
    EXPECT_TRUE(check_publish(k2026, fixed({2500}), Money::euros(2500), "2026-01-01").ok());
    EXPECT_TRUE(check_publish(k2026, fixed({2500}), Money::euros(2500), "2026-12-31").ok());
    EXPECT_EQ(check_publish(k2026, fixed({2500}), Money::euros(2500), "2025-12-31").refusal, "cards.not_admitted");
    EXPECT_EQ(check_publish(k2026, fixed({2500}), Money::euros(2500), "2027-01-01").refusal, "cards.not_admitted");
}

TEST(PublishRules, MissingPriceModelRefuses) {
    auto r = check_publish(k2026, std::nullopt, Money::euros(2500), "2026-03-10");
    EXPECT_EQ(r.refusal, "cards.price_model_missing");
}

TEST(PublishRules, AdmissionIsCheckedBeforePrice) {
    auto r = check_publish(std::nullopt, fixed({2500}), Money::euros(1), "2026-03-10");
    EXPECT_EQ(r.refusal, "cards.not_admitted");
    EXPECT_TRUE(r.field_errors.empty());
}

TEST(PublishRules, PriceRefusalKeys) {
    EXPECT_EQ(price_refusal_key("price.must_be_positive"), "cards.price_must_be_positive");
    EXPECT_EQ(price_refusal_key("price.over_hourly_cap"), "cards.price_over_hourly_cap");
}

TEST(Period, CardVisibleUpToAndIncludingPeriodEnd) {
    EXPECT_TRUE(visible_on("published", "2026-12-31", "2026-12-31"));
    EXPECT_FALSE(visible_on("published", "2026-12-31", "2027-01-01"));
    EXPECT_TRUE(visible_on("published", "9999-12-31", "2027-01-01"));
    EXPECT_FALSE(visible_on("draft", "2026-12-31", "2026-06-01"));
    EXPECT_FALSE(visible_on("withdrawn", "2026-12-31", "2026-06-01"));
}

TEST(Languages, NormalizedInFixedOrderWithoutDuplicates) {
    EXPECT_EQ(*normalize_languages({"en", "fi", "en"}), (std::vector<std::string>{"fi", "en"}));
    EXPECT_EQ(*normalize_languages({"sv"}), (std::vector<std::string>{"sv"}));
    EXPECT_TRUE(normalize_languages({})->empty());
    EXPECT_FALSE(normalize_languages({"fi", "de"}));
    EXPECT_FALSE(normalize_languages({"FI"}));
}

// The card stores the canonical link only; these are the forms the card form accepts.
TEST(Video, OnlyYoutubeAndVimeoCanonicalised) {
    auto yt = procurement::parse_video_url("https://youtu.be/dQw4w9WgXcQ");
    ASSERT_TRUE(yt);
    EXPECT_EQ(yt->canonical_url(), "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    auto vimeo = procurement::parse_video_url("https://vimeo.com/76979871");
    ASSERT_TRUE(vimeo);
    EXPECT_EQ(vimeo->canonical_url(), "https://vimeo.com/76979871");
    EXPECT_FALSE(procurement::parse_video_url("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ"));
    EXPECT_FALSE(procurement::parse_video_url("javascript:alert(1)"));
    EXPECT_FALSE(procurement::parse_video_url("http://vimeo.com/76979871"));
}
