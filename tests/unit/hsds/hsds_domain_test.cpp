#include <gtest/gtest.h>

#include <regex>
#include <set>

#include <sodium.h>

#include "hsds/domain/hsds.hpp"
#include "hsds/domain/ids.hpp"

using namespace pt::hsds;

namespace {

// The scheme written out independently of ids.cpp: first 6 bytes of SHA-256 of the name.
std::string tag_hex(const std::string& name) {
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(name.data()), name.size());
    char buf[13];
    for (int i = 0; i < 6; ++i) std::snprintf(buf + 2 * i, 3, "%02x", h[i]);
    return std::string(buf, 12);
}

const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

}  // namespace

TEST(HsdsIds, IntegerKeysAreVersion8AndReversible) {
    for (std::int64_t id : {std::int64_t{0}, std::int64_t{1}, std::int64_t{42}, std::int64_t{1000000},
                            (std::int64_t{1} << 62) - 1}) {
        auto u = uuid_for(Kind::service, id);
        EXPECT_TRUE(std::regex_match(u, kUuid)) << u;
        EXPECT_EQ(id_from_uuid(Kind::service, u), id);
    }
}

TEST(HsdsIds, LayoutMatchesTheDocumentedScheme) {
    auto u = uuid_for(Kind::service, 42);
    auto tag = tag_hex("palvelutori:hsds:service:42");
    EXPECT_EQ(u.substr(0, 8) + u.substr(9, 4), tag);
    EXPECT_EQ(u.substr(14, 4), "8001");                  // version 8, kind 1
    EXPECT_EQ(u.substr(19), "8000-00000000002a");        // variant 10, payload 42
    auto o = uuid_for(Kind::organization, 7);
    EXPECT_EQ(o.substr(14, 4), "8002");
    EXPECT_EQ(o.substr(0, 8) + o.substr(9, 4), tag_hex("palvelutori:hsds:organization:7"));
}

TEST(HsdsIds, StableAndDistinct) {
    EXPECT_EQ(uuid_for(Kind::service, 5), uuid_for(Kind::service, 5));
    EXPECT_NE(uuid_for(Kind::service, 5), uuid_for(Kind::organization, 5));
    EXPECT_NE(uuid_for(Kind::service, 5), uuid_for(Kind::service, 6));
    EXPECT_EQ(term_id("service_class", "P10.1"), term_id("service_class", "P10.1"));
    std::set<std::string> seen;
    for (const char* k : {"service_class:P1", "service_class:P10", "service_class:P10.1", "target_group:KR2",
                          "life_event:KE1"})
        EXPECT_TRUE(seen.insert(uuid_for(Kind::taxonomy_term, std::string(k))).second);
    for (const auto& u : seen) EXPECT_TRUE(std::regex_match(u, kUuid)) << u;
}

TEST(HsdsIds, RefusesWhatWeDidNotIssue) {
    auto u = uuid_for(Kind::service, 42);
    EXPECT_FALSE(id_from_uuid(Kind::organization, u));          // another kind
    auto upper = u;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    EXPECT_EQ(id_from_uuid(Kind::service, upper), 42);           // hex case does not matter
    auto tampered = u;
    tampered.back() = tampered.back() == '0' ? '1' : '0';         // another id, same tag
    EXPECT_FALSE(id_from_uuid(Kind::service, tampered));
    auto bad_tag = u;
    bad_tag[0] = bad_tag[0] == 'a' ? 'b' : 'a';
    EXPECT_FALSE(id_from_uuid(Kind::service, bad_tag));
    EXPECT_FALSE(id_from_uuid(Kind::service, "42"));
    EXPECT_FALSE(id_from_uuid(Kind::service, ""));
    EXPECT_FALSE(id_from_uuid(Kind::service, u.substr(0, 35)));
    EXPECT_FALSE(id_from_uuid(Kind::service, u + "0"));
    EXPECT_FALSE(id_from_uuid(Kind::service, "zzzzzzzz-zzzz-8001-8000-00000000002a"));
    EXPECT_FALSE(id_from_uuid(Kind::service, uuid_for(Kind::service, std::string("42"))));  // text-keyed twin
    EXPECT_TRUE(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
    EXPECT_FALSE(is_uuid("123e4567e89b12d3a456426614174000"));
    EXPECT_FALSE(is_uuid("123e4567-e89b-12d3-a456-42661417400g"));
}

TEST(HsdsMapping, FullServiceHasCostOptionLanguagesAreasAndAttributes) {
    Service s;
    s.id = 3;
    s.provider_id = 9;
    s.title = "Markkinoinnin kehittäminen";
    s.summary = "Lyhyesti";
    s.description = "Pitkä kuvaus";
    s.updated_at = "2026-01-02T03:04:05Z";
    s.provider_email = "info@provider.example";
    s.price_cents = 250000;
    s.languages = {"en", "fi"};
    s.areas = {{"179", "Jyväskylä"}, {"999", ""}};
    s.terms = {{"service_class", "P11", "", "Elinkeinot", "Näringar", "Industries"}};
    s.organization = Organization{9, "2260181-9", "Markkinointipaja Oy", "", "info@provider.example", "not a url"};
    auto j = service_json(s, "https://pt.example", true);
    EXPECT_EQ(j["id"], uuid_for(Kind::service, 3));
    EXPECT_EQ(j["organization_id"], uuid_for(Kind::organization, 9));
    EXPECT_EQ(j["name"], s.title);
    EXPECT_EQ(j["url"], "https://pt.example/catalog/3");
    EXPECT_EQ(j["status"], "active");
    EXPECT_EQ(j["email"], "info@provider.example");
    ASSERT_EQ(j["cost_options"].size(), 1u);
    EXPECT_EQ(j["cost_options"][0]["amount"], 2500);
    EXPECT_EQ(j["cost_options"][0]["currency"], "EUR");
    EXPECT_EQ(j["cost_options"][0]["option"], "Palveluseteli");
    EXPECT_EQ(j["cost_options"][0]["service_id"], j["id"]);
    ASSERT_EQ(j["languages"].size(), 2u);
    EXPECT_EQ(j["languages"][1]["code"], "fi");
    EXPECT_EQ(j["languages"][1]["name"], "suomi");
    ASSERT_EQ(j["service_areas"].size(), 2u);
    EXPECT_EQ(j["service_areas"][0]["name"], "Jyväskylä");
    EXPECT_EQ(j["service_areas"][1]["name"], "999");  // no label: the code
    ASSERT_EQ(j["attributes"].size(), 1u);
    EXPECT_EQ(j["attributes"][0]["link_entity"], "service");
    EXPECT_EQ(j["attributes"][0]["link_id"], j["id"]);
    EXPECT_EQ(j["attributes"][0]["taxonomy_term_id"], term_id("service_class", "P11"));
    EXPECT_EQ(j["attributes"][0]["taxonomy_term"]["name"], "Elinkeinot");
    EXPECT_EQ(j["attributes"][0]["taxonomy_term"]["term_uri"], "http://uri.suomi.fi/codelist/ptv/ptvserclass2/code/P11");
    EXPECT_EQ(j["organization"]["organization_identifiers"][0]["identifier"], "2260181-9");
    EXPECT_FALSE(j["organization"].contains("website"));  // not a URI: left out
    // Odd cents stay exact to the cent.
    s.price_cents = 123456;
    EXPECT_DOUBLE_EQ(service_json(s, "", true)["cost_options"][0]["amount"].get<double>(), 1234.56);
    // The list form carries one-to-one fields only.
    auto list = service_json(s, "https://pt.example", false);
    EXPECT_FALSE(list.contains("cost_options"));
    EXPECT_FALSE(list.contains("attributes"));
}

TEST(HsdsMapping, TermsAndTaxonomies) {
    ASSERT_EQ(taxonomies().size(), 3u);
    EXPECT_EQ(taxonomy_of("target_group")->uri, "http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat");
    EXPECT_EQ(taxonomy_of("municipality"), nullptr);
    Term t{"target_group", "KR2.1", "KR2", "Pk-yritykset", "", ""};
    auto j = taxonomy_term_json(t, true);
    EXPECT_EQ(j["code"], "KR2.1");
    EXPECT_EQ(j["parent_id"], term_id("target_group", "KR2"));
    EXPECT_EQ(j["taxonomy_id"], taxonomy_id("target_group"));
    EXPECT_EQ(j["language"], "fi");
    EXPECT_FALSE(taxonomy_term_json(t, false).contains("parent_id"));
    Term unlabeled{"life_event", "KE9", "", "", "", ""};
    EXPECT_EQ(taxonomy_term_json(unlabeled, false)["name"], "KE9");
}

TEST(HsdsMapping, PublishableFormats) {
    EXPECT_TRUE(publishable_email("info@provider.example"));
    EXPECT_FALSE(publishable_email(""));
    EXPECT_FALSE(publishable_email("no at sign"));
    EXPECT_FALSE(publishable_email("a@b"));
    EXPECT_TRUE(publishable_url("https://www.example.fi/palvelut?x=1"));
    EXPECT_TRUE(publishable_url("http://localhost:8080"));
    EXPECT_FALSE(publishable_url("www.example.fi"));
    EXPECT_FALSE(publishable_url("javascript:alert(1)"));
    EXPECT_FALSE(publishable_url("https://exa mple.fi"));
}

TEST(HsdsMapping, PageEnvelope) {
    auto items = nlohmann::json::array({1, 2});
    auto p = page_json(items, 5, 1, 2);
    EXPECT_EQ(p["total_items"], 5);
    EXPECT_EQ(p["total_pages"], 3);
    EXPECT_EQ(p["size"], 2);
    EXPECT_EQ(p["first_page"], true);
    EXPECT_EQ(p["last_page"], false);
    EXPECT_EQ(p["empty"], false);
    auto last = page_json(nlohmann::json::array({5}), 5, 3, 2);
    EXPECT_EQ(last["last_page"], true);
    EXPECT_EQ(last["first_page"], false);
    auto none = page_json(nlohmann::json::array(), 0, 1, 50);
    EXPECT_EQ(none["total_pages"], 0);
    EXPECT_EQ(none["empty"], true);
    EXPECT_EQ(none["last_page"], true);
    auto beyond = page_json(nlohmann::json::array(), 5, 9, 2);
    EXPECT_EQ(beyond["empty"], true);
    EXPECT_EQ(beyond["size"], 0);
}
