// classification_queries and service_description_queries on the real schema, on SQLite and on
// PostgreSQL (PT_TEST_PG_URL; skipped without it).
#include "catalog/data/classification_queries.hpp"
#include "catalog/data/catalog_queries.hpp"
#include "catalog/data/service_description_queries.hpp"

#include <cstdlib>
#include <filesystem>

#include "../storage/test_db.hpp"

using namespace pt;
using namespace pt::catalog;

namespace {

std::filesystem::path migrations() {
    const char* src = std::getenv("PT_SOURCE_DIR");
    auto repo = src ? std::filesystem::path(src) : std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "..";
    return repo / "migrations";
}

class ClassificationQueries : public db::testing::DbTest {
protected:
    void SetUp() override {
        DbTest::SetUp();
        if (IsSkipped()) return;
        db::migrate(*db_, migrations().string());
    }
    std::int64_t version() {
        auto l = db_->acquire();
        return l->query("SELECT value FROM counters WHERE name = 'catalog_version'")[0].i64(0);
    }
};

std::vector<Term> sample() {
    return {{"target_group", "KR2", "", "Yritykset ja yhteisöt", "Företag och samfund", "Businesses"},
            {"target_group", "KR2.3", "KR2", "Kotimarkkinoilla toimivat yritykset", "", ""},
            {"municipality", "179", "", "Jyväskylä", "Jyväskylä", "Jyväskylä"}};
}

}  // namespace

TEST_P(ClassificationQueries, UpsertCountsOnlyNewOrChangedRows) {
    auto l = db_->acquire();
    EXPECT_EQ(upsert_terms(*l, sample()), 3u);
    const auto v = version();
    EXPECT_EQ(upsert_terms(*l, sample()), 0u);
    EXPECT_EQ(version(), v) << "an unchanged import does not bump the catalog version";
    auto changed = sample();
    changed[1].label_en = "Businesses operating in the domestic market";
    EXPECT_EQ(upsert_terms(*l, changed), 1u);
    EXPECT_GT(version(), v);
    auto tg = list_terms(*l, "target_group");
    ASSERT_EQ(tg.size(), 2u);
    EXPECT_EQ(tg[0].code, "KR2");
    EXPECT_EQ(tg[1].parent_code, "KR2");
    EXPECT_EQ(tg[1].label_en, "Businesses operating in the domestic market");
    EXPECT_TRUE(list_terms(*l, "life_event").empty());
}

TEST_P(ClassificationQueries, FindAndLabelFallback) {
    auto l = db_->acquire();
    upsert_terms(*l, sample());
    auto t = find_term(*l, "target_group", "KR2.3");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->label("sv"), "Kotimarkkinoilla toimivat yritykset");  // no Swedish label: Finnish
    EXPECT_EQ(t->label("en"), "Kotimarkkinoilla toimivat yritykset");
    EXPECT_EQ(find_term(*l, "target_group", "KR2")->label("sv"), "Företag och samfund");
    EXPECT_FALSE(find_term(*l, "municipality", "KR2"));
    EXPECT_FALSE(find_term(*l, "target_group", "kr2"));
    Term bare{"life_event", "KE1", "", "", "", ""};
    EXPECT_EQ(bare.label("fi"), "KE1");
    EXPECT_TRUE(is_scheme("municipality"));
    EXPECT_FALSE(is_scheme("services"));
}

TEST_P(ClassificationQueries, ServiceTermsAndFrameRoundTrip) {
    db_->transact(db::TxMode::write, [&](db::Connection& c) {
        upsert_terms(c, sample());
        ServiceDescription sd{0, "frame-test", "Nimi", "Name", "Kuvaus", "Description", "2026-01-01T00:00:00Z"};
        sd.id = insert_service_description(c, sd);
        ServiceFrame f;
        f.name_sv = "Namn";
        f.goal = "Tavoite";
        f.languages = {"fi", "en"};
        f.price_model = {procurement::HourlyRate{Money::euros(90), Money::euros(5000)},
                         {{"employed_6m", Money::euros(500), "Työsopimus"}}};
        update_service_description(c, sd, f, "2026-01-02T00:00:00Z");
        set_service_terms(c, sd.id, "target_group", {"KR2.3", "KR2", "KR2"});
        set_service_terms(c, sd.id, "municipality", {"179"});
        set_service_terms(c, sd.id, "municipality", {"179"});  // replaces, does not add
        EXPECT_EQ(unknown_terms(c, "target_group", {"KR2", "KR9", "KR9", "179"}),
                  (std::vector<std::string>{"KR9", "179"}));

        auto d = find_service_description_detail(c, sd.id);
        ASSERT_TRUE(d);
        EXPECT_EQ(d->frame.name_sv, "Namn");
        EXPECT_EQ(d->frame.languages, (std::vector<std::string>{"fi", "en"}));
        EXPECT_EQ(d->frame.updated_at, "2026-01-02T00:00:00Z");
        const auto* h = std::get_if<procurement::HourlyRate>(&d->frame.price_model.base);
        ASSERT_NE(h, nullptr);
        EXPECT_EQ(h->cap, Money::euros(5000));
        ASSERT_EQ(d->frame.price_model.bonuses.size(), 1u);
        ASSERT_EQ(d->terms.size(), 3u);  // municipality 179, target_group KR2, KR2.3
        EXPECT_EQ(d->terms[0].scheme, "municipality");
        EXPECT_EQ(d->terms[1].code, "KR2");
        EXPECT_EQ(d->terms[2].label_fi, "Kotimarkkinoilla toimivat yritykset");

        auto all = list_service_description_details(c);
        ASSERT_EQ(all.size(), 1u);
        EXPECT_EQ(all[0].terms.size(), 3u);
        // A description from before the frame existed reads with the column defaults.
        ServiceDescription old{0, "old-one", "Vanha", "Old", "", "", "2025-01-01T00:00:00Z"};
        old.id = insert_service_description(c, old);
        auto o = find_service_description_detail(c, old.id);
        ASSERT_TRUE(o);
        EXPECT_EQ(o->frame.languages, (std::vector<std::string>{"fi"}));
        EXPECT_EQ(std::get<procurement::FixedVoucherValue>(o->frame.price_model.base).allowed.size(), 2u);
        EXPECT_TRUE(o->terms.empty());
    });
}

PT_DB_TEST_SUITE(ClassificationQueries);
