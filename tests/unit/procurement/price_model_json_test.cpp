#include <gtest/gtest.h>

#include "procurement/domain/price_model_json.hpp"

using namespace pt::procurement;
using pt::Money;
using nlohmann::json;

namespace {

PriceModel fixed_with_bonus() {
    return {FixedVoucherValue{{Money::euros(2500), Money::euros(5000)}},
            {{"employed_6m", Money::euros(500), "Työsopimus vähintään 6 kuukaudeksi"}}};
}

bool same(const PriceModel& a, const PriceModel& b) { return to_json(a) == to_json(b); }

}  // namespace

TEST(PriceModelJson, FixedRoundTripsThroughText) {
    const auto m = fixed_with_bonus();
    const auto text = to_json(m).dump();
    EXPECT_EQ(text,
              R"({"bonuses":[{"amount":50000,"code":"employed_6m","evidence":"Työsopimus vähintään 6 kuukaudeksi"}],)"
              R"("kind":"fixed","values":[250000,500000]})");
    auto back = parse_price_model(text);
    ASSERT_TRUE(back);
    const auto* f = std::get_if<FixedVoucherValue>(&back->base);
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(f->allowed.size(), 2u);
    EXPECT_EQ(f->allowed[1], Money::euros(5000));
    ASSERT_EQ(back->bonuses.size(), 1u);
    EXPECT_EQ(back->bonuses[0].code, "employed_6m");
    EXPECT_EQ(back->bonuses[0].amount, Money::euros(500));
    EXPECT_TRUE(same(*back, m));
}

TEST(PriceModelJson, HourlyRoundTrips) {
    PriceModel m{HourlyRate{Money::cents(9000), Money::euros(5000)}, {}};
    auto j = to_json(m);
    EXPECT_EQ(j["kind"], "hourly");
    EXPECT_EQ(j["rate"], 9000);
    EXPECT_EQ(j["cap"], 500000);
    EXPECT_TRUE(j["bonuses"].is_array());
    auto back = price_model_from_json(j);
    ASSERT_TRUE(back);
    const auto* h = std::get_if<HourlyRate>(&back->base);
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->rate, Money::cents(9000));
    EXPECT_EQ(h->cap, Money::euros(5000));
    EXPECT_TRUE(same(*back, m));
}

TEST(PriceModelJson, TheMigrationDefaultParses) {
    // migrations/*/0005: the column default every older service description has.
    auto m = parse_price_model(R"({"kind":"fixed","values":[250000,500000],"bonuses":[]})");
    ASSERT_TRUE(m);
    EXPECT_EQ(price_model_error(*m), std::nullopt);
    EXPECT_EQ(check_price(*m, Money::euros(2500)), std::nullopt);
}

TEST(PriceModelJson, BonusesAndEvidenceMayBeOmitted) {
    auto m = parse_price_model(R"({"kind":"fixed","values":[250000]})");
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->bonuses.empty());
    auto b = parse_price_model(R"({"kind":"hourly","rate":9000,"cap":90000,"bonuses":[{"code":"x","amount":1}]})");
    ASSERT_TRUE(b);
    ASSERT_EQ(b->bonuses.size(), 1u);
    EXPECT_EQ(b->bonuses[0].evidence, "");
}

TEST(PriceModelJson, ShapeErrorsAreRefused) {
    for (const char* bad : {
             "", "null", "[]", "42", R"("fixed")", "{", R"({"kind":"fixed","values":[1]} x)",
             R"({})", R"({"kind":"monthly","values":[1]})", R"({"kind":7,"values":[1]})",
             R"({"values":[250000]})",
             R"({"kind":"fixed"})", R"({"kind":"fixed","values":250000})", R"({"kind":"fixed","values":[2500.5]})",
             R"({"kind":"fixed","values":[250000.0]})", R"({"kind":"fixed","values":["250000"]})",
             R"({"kind":"fixed","values":[true]})", R"({"kind":"fixed","values":[null]})",
             R"({"kind":"fixed","values":[99999999999999999999]})", R"({"kind":"fixed","values":[9223372036854775808]})",
             R"({"kind":"fixed","values":[1],"rate":9000})", R"({"kind":"fixed","values":[1],"extra":1})",
             R"({"kind":"hourly","rate":9000})", R"({"kind":"hourly","cap":9000})",
             R"({"kind":"hourly","rate":"9000","cap":90000})", R"({"kind":"hourly","rate":9000,"cap":90000,"values":[1]})",
             R"({"kind":"fixed","values":[1],"bonuses":{}})", R"({"kind":"fixed","values":[1],"bonuses":[1]})",
             R"({"kind":"fixed","values":[1],"bonuses":[{"amount":1}]})",
             R"({"kind":"fixed","values":[1],"bonuses":[{"code":"x"}]})",
             R"({"kind":"fixed","values":[1],"bonuses":[{"code":1,"amount":1}]})",
             R"({"kind":"fixed","values":[1],"bonuses":[{"code":"x","amount":1.5}]})",
             R"({"kind":"fixed","values":[1],"bonuses":[{"code":"x","amount":1,"evidence":2}]})",
             R"({"kind":"fixed","values":[1],"bonuses":[{"code":"x","amount":1,"note":""}]})",
         }) {
        EXPECT_EQ(parse_price_model(bad), std::nullopt) << bad;
    }
}

TEST(PriceModelJson, ShapeIsNotTheRules) {
    // Well-formed but against the model's rules: parsing accepts, price_model_error refuses.
    auto empty = parse_price_model(R"({"kind":"fixed","values":[]})");
    ASSERT_TRUE(empty);
    EXPECT_EQ(price_model_error(*empty), "price_model.no_values");
    auto neg = parse_price_model(R"({"kind":"fixed","values":[-100]})");
    ASSERT_TRUE(neg);
    EXPECT_EQ(price_model_error(*neg), "price_model.non_positive_value");
    auto cap = parse_price_model(R"({"kind":"hourly","rate":9000,"cap":100})");
    ASSERT_TRUE(cap);
    EXPECT_EQ(price_model_error(*cap), "price_model.cap_below_rate");
    auto dup = parse_price_model(
        R"({"kind":"fixed","values":[1],"bonuses":[{"code":"a","amount":1},{"code":"a","amount":2}]})");
    ASSERT_TRUE(dup);
    EXPECT_EQ(price_model_error(*dup), "price_model.bonus_code_duplicate");
}

TEST(PriceModelJson, LargestAmountSurvives) {
    auto m = parse_price_model(R"({"kind":"fixed","values":[9223372036854775807]})");
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<FixedVoucherValue>(m->base).allowed[0].cents(), 9223372036854775807LL);
}
