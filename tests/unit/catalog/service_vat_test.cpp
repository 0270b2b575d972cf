#include "catalog/domain/service_vat.hpp"

#include <gtest/gtest.h>

using namespace pt::catalog;

TEST(ServiceVat, FinnishRatesAndCategories) {
    EXPECT_TRUE(vat_errors({2550, "S", ""}).empty());
    EXPECT_TRUE(vat_errors({1400, "S", ""}).empty());
    EXPECT_TRUE(vat_errors({1000, "S", ""}).empty());
    EXPECT_TRUE(vat_errors({0, "Z", ""}).empty());
    EXPECT_TRUE(vat_errors({0, "E", "AVL 34 §"}).empty());
    EXPECT_EQ(vat_errors({2400, "S", ""}).at("vat_rate_bp"), "services.vat_rate_unknown");
    EXPECT_EQ(vat_errors({2550, "E", "x"}).at("vat_category"), "services.vat_category_needs_zero_rate");
    EXPECT_EQ(vat_errors({0, "S", ""}).at("vat_category"), "services.vat_category_needs_rate");
    EXPECT_EQ(vat_errors({0, "E", ""}).at("vat_exemption_reason"), "services.vat_reason_required");
    EXPECT_EQ(vat_errors({0, "Z", "x"}).at("vat_exemption_reason"), "services.vat_reason_only_exempt");
    EXPECT_EQ(vat_errors({0, "X", ""}).at("vat_category"), "services.vat_category_unknown");
}

TEST(ServiceVat, PercentAsTyped) {
    EXPECT_EQ(parse_vat_percent("25,5"), 2550);
    EXPECT_EQ(parse_vat_percent("25.5"), 2550);
    EXPECT_EQ(parse_vat_percent(" 14 "), 1400);
    EXPECT_EQ(parse_vat_percent("10,00"), 1000);
    EXPECT_EQ(parse_vat_percent("0"), 0);
    EXPECT_EQ(parse_vat_percent("100"), 10000);
    EXPECT_FALSE(parse_vat_percent("100,01"));
    EXPECT_EQ(parse_vat_percent("25,55"), 2555);
    EXPECT_FALSE(parse_vat_percent("25,555"));
    EXPECT_FALSE(parse_vat_percent("-1"));
    EXPECT_FALSE(parse_vat_percent("25,"));
    EXPECT_FALSE(parse_vat_percent(",5"));
    EXPECT_FALSE(parse_vat_percent("25 %"));
    EXPECT_FALSE(parse_vat_percent(""));
    EXPECT_FALSE(parse_vat_percent("9999999"));
    EXPECT_EQ(format_vat_percent(2550), "25,5");
    EXPECT_EQ(format_vat_percent(1000), "10");
    EXPECT_EQ(format_vat_percent(0), "0");
    EXPECT_EQ(format_vat_percent(1225), "12,25");
}
