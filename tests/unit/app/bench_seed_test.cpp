// seed-bench on a real SQLite file and (with PT_TEST_PG_URL) a real PostgreSQL schema per test:
// the generated market must be what the repositories would have written.
#include "app/bench_seed.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "accounts/data/account_queries.hpp"
#include "accounts/domain/secrets.hpp"
#include "app/wiring.hpp"
#include "catalog/data/catalog_queries.hpp"
#include "core/ytunnus.hpp"
#include "vouchers/data/voucher_queries.hpp"

namespace pt::app {
namespace {

using namespace std::chrono;

const TimePoint kNow = sys_days(year(2026) / 3 / 10) + hours(9);

std::string pg_base_url() {
    const char* u = std::getenv("PT_TEST_PG_URL");
    return u ? u : "";
}

// A fresh database per test: a SQLite file in a temp dir, or its own PostgreSQL schema.
class BenchSeedTest : public ::testing::TestWithParam<db::Dialect> {
protected:
    void SetUp() override {
        std::string tmpl = (std::filesystem::temp_directory_path() / "pt-bench-XXXXXX").string();
        ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
        db_ = open_fresh("a");
    }

    void TearDown() override {
        dbs_.clear();
        for (const auto& s : schemas_) {
            auto admin = db::Database::open(pg_base_url(), 1);
            admin->acquire()->execute_script("DROP SCHEMA IF EXISTS " + s + " CASCADE");
        }
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    db::Database* open_fresh(const std::string& name) {
        std::string url;
        if (GetParam() == db::Dialect::sqlite) {
            url = "sqlite:" + (dir_ / (name + ".db")).string();
        } else {
            const std::string base = pg_base_url();
            if (base.empty()) {
                skipped_ = true;
                return nullptr;
            }
            static std::atomic<int> seq{0};
            const std::string schema = "bench_" + std::to_string(getpid()) + "_" + std::to_string(seq++);
            auto admin = db::Database::open(base, 1);
            admin->acquire()->execute_script("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
            schemas_.push_back(schema);
            url = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
        }
        auto d = db::Database::open(url, 2);
        db::migrate(*d, (resource_dir() / "migrations").string());
        dbs_.push_back(std::move(d));
        return dbs_.back().get();
    }

    nlohmann::json seed(db::Database& d, std::int64_t cards, std::uint64_t seed_value, const std::string& name) {
        BenchSeedOptions o;
        o.cards = cards;
        o.random_seed = seed_value;
        o.manifest = dir_ / (name + ".json");
        std::ostringstream progress;
        seed_bench(d, clock_, o, progress);
        progress_ = progress.str();
        std::ifstream in(o.manifest);
        return nlohmann::json::parse(in);
    }

    std::int64_t count(db::Database& d, const std::string& sql, const std::vector<db::Value>& params = {}) {
        return d.acquire()->query(sql, params)[0].i64(0);
    }

    std::filesystem::path dir_;
    std::vector<std::unique_ptr<db::Database>> dbs_;
    std::vector<std::string> schemas_;
    db::Database* db_ = nullptr;
    bool skipped_ = false;
    FixedClock clock_{kNow};
    std::string progress_;
};

#define SKIP_WITHOUT_PG() \
    if (skipped_) GTEST_SKIP() << "PT_TEST_PG_URL not set: skipping the PostgreSQL run"

TEST_P(BenchSeedTest, WritesTheMarketTheManifestDescribes) {
    SKIP_WITHOUT_PG();
    constexpr std::int64_t n = 200;
    const auto m = seed(*db_, n, 7, "m");
    auto lease = db_->acquire();
    db::Connection& c = *lease;

    // Counts.
    EXPECT_EQ(m["cards"], n);
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM product_cards pc JOIN service_descriptions sd "
                          "ON sd.id = pc.service_description_id WHERE sd.code LIKE 'bench-%' AND pc.status = 'published'"),
              n);
    // The trigger-kept total the catalog shows agrees with a real count after a bulk load.
    EXPECT_EQ(count(*db_, "SELECT value FROM counters WHERE name = 'published_cards'"),
              count(*db_, "SELECT COUNT(*) FROM product_cards WHERE status = 'published'"));
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM service_descriptions WHERE code LIKE 'bench-%'"), 12);
    EXPECT_EQ(count(*db_, "SELECT COUNT(DISTINCT service_class) FROM product_cards"), 11);  // two share P6.10
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM organizers"), 1);
    const std::int64_t providers = count(*db_, "SELECT COUNT(*) FROM providers");
    EXPECT_EQ(providers, n / 20);
    EXPECT_EQ(m["provider_count"], providers);
    const std::int64_t customers = count(*db_, "SELECT COUNT(*) FROM customers WHERE kind = 'business'");
    EXPECT_EQ(customers, n);
    EXPECT_EQ(m["customer_count"], customers);
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM vouchers WHERE status = 'active' AND value_cents = 500000"), n);
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM ledger_entries WHERE kind = 'grant' AND amount_cents = 500000"), n);
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM users WHERE role = 'customer' AND email LIKE 'bench-%'"), n);
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL"), n);
    EXPECT_NE(progress_.find("cards 200/200 (100%)"), std::string::npos) << progress_;

    // Cards: the rows catalog::insert_product_card would have written.
    std::set<std::int64_t> cheap;
    // Today's provider-neutral order, recorded so the server does not reshuffle at start.
    const auto order = catalog::shuffle_seed(count(*db_, "SELECT value FROM counters WHERE name = 'catalog_shuffle_day'"));
    for (const auto& r : c.query("SELECT id, sort_key, price_cents, languages, description, delivery_mode FROM product_cards")) {
        const auto id = r.i64(0);
        EXPECT_EQ(r.i64(1), catalog::shuffle_key(id, order)) << id;
        EXPECT_TRUE(r.i64(2) == 250000 || r.i64(2) == 500000) << id;
        if (r.i64(2) == 250000) cheap.insert(id);
        const std::string description = r.str(4);
        const auto chars =
            std::count_if(description.begin(), description.end(), [](char ch) { return (ch & 0xC0) != 0x80; });
        EXPECT_GE(chars, 300) << id;
        EXPECT_LE(chars, 800) << id;
        const std::set<std::string> modes = {"on_site", "remote", "hybrid"};
        EXPECT_TRUE(modes.count(r.str(5))) << r.str(5);
        std::set<std::string> listed;
        for (const auto& l : c.query("SELECT language FROM product_card_languages WHERE product_card_id = ?", {id}))
            listed.insert(l.str(0));
        std::set<std::string> column;
        std::stringstream ls(r.str(3));
        for (std::string l; std::getline(ls, l, ',');) column.insert(l);
        EXPECT_EQ(listed, column) << id;
        const auto areas = count(*db_, "SELECT COUNT(*) FROM product_card_areas WHERE product_card_id = ?", {id});
        EXPECT_GE(areas, 1);
        EXPECT_LE(areas, 4);
    }
    EXPECT_GT(cheap.size(), n / 4);
    EXPECT_LT(cheap.size(), 3 * n / 4);
    EXPECT_EQ(m["card_id_min"], count(*db_, "SELECT MIN(id) FROM product_cards"));
    EXPECT_EQ(m["card_id_max"], count(*db_, "SELECT MAX(id) FROM product_cards"));
    ASSERT_EQ(m["order_card_ids"].size(), cheap.size());  // fewer than 2000: all of them
    for (const auto& id : m["order_card_ids"]) EXPECT_TRUE(cheap.count(id.get<std::int64_t>())) << id;

    // Business IDs: valid check digits, no duplicates across providers and customers.
    std::set<std::string> bids;
    for (const auto& r : c.query("SELECT business_id FROM providers UNION ALL SELECT business_id FROM customers")) {
        EXPECT_TRUE(is_valid_business_id(r.str(0))) << r.str(0);
        EXPECT_TRUE(bids.insert(r.str(0)).second) << "duplicate " << r.str(0);
    }

    // Vouchers and tokens: every id in the manifest's range works for the load generator.
    const auto vmin = m["voucher_id_min"].get<std::int64_t>(), vmax = m["voucher_id_max"].get<std::int64_t>();
    EXPECT_EQ(vmax - vmin + 1, n);
    EXPECT_EQ(m["token_prefix"], "pt_bench_");
    Principal organizer;
    organizer.role = Role::organizer_admin;
    const auto six_months = sys_days{year_month_day{floor<days>(kNow)} + months{6}};
    for (std::int64_t vid = vmin; vid <= vmax; ++vid) {
        auto v = vouchers::find_voucher(c, vid, organizer);
        ASSERT_TRUE(v) << vid;
        EXPECT_EQ(v->balance.available(), Money::euros(5000)) << vid;
        EXPECT_EQ(v->voucher.status, vouchers::VoucherStatus::active);
        EXPECT_EQ(v->voucher.granted_on, floor<days>(kNow));
        EXPECT_EQ(v->voucher.valid_until, six_months);
        EXPECT_TRUE(is_valid_business_id(v->customer_business_id));
        const auto who = accounts::find_principal_by_token(c, accounts::secret_hash("pt_bench_" + std::to_string(vid)));
        ASSERT_TRUE(who) << vid;
        EXPECT_EQ(who->role, Role::customer);
        EXPECT_EQ(who->customer_id, v->voucher.customer_id) << vid;
        EXPECT_EQ(who->email, "bench-" + std::to_string(vid) + "@bench.palvelutori.example");
        // The customer sees the voucher through its own scope too.
        EXPECT_TRUE(vouchers::find_voucher(c, vid, *who));
    }
    EXPECT_FALSE(accounts::find_principal_by_token(c, accounts::secret_hash("pt_bench_" + std::to_string(vmax + 1))));

    // The filter combination and the search terms find cards through the catalog itself.
    catalog::CatalogQuery fq;
    fq.service_class = m["filter"]["service_class"].get<std::string>();
    fq.municipality = m["filter"]["municipality"].get<std::string>();
    fq.language = m["filter"]["language"].get<std::string>();
    EXPECT_EQ(*fq.language, "fi");
    fq.limit = 100;
    const auto page = catalog::search_product_cards(c, fq);
    EXPECT_GE(page.total, 1);
    EXPECT_LE(page.total, n / 20);  // at most 5 %
    for (const auto& card : page.cards) {
        EXPECT_EQ(card.service_class, *fq.service_class);
        EXPECT_NE(std::find(card.languages.begin(), card.languages.end(), "fi"), card.languages.end());
    }
    ASSERT_GE(m["search_terms"].size(), 3u);
    for (const auto& term : m["search_terms"]) {
        catalog::CatalogQuery q;
        q.text = term.get<std::string>();
        const auto found = catalog::search_product_cards(c, q).total;
        EXPECT_GT(found, 0) << q.text;
        EXPECT_LT(found, n / 2) << q.text;  // a term, not a word every card has (10 providers: shares vary)
    }
    EXPECT_GE(m["seconds"].get<double>(), 0.0);
}

// The catalog's unfiltered total comes from counters.published_cards, kept by triggers: it
// must follow inserts and status changes, row by row and in bulk, on both databases.
TEST_P(BenchSeedTest, PublishedTotalFollowsInsertsAndStatusChanges) {
    SKIP_WITHOUT_PG();
    seed(*db_, 40, 3, "t");
    auto total = [&] { return count(*db_, "SELECT value FROM counters WHERE name = 'published_cards'"); };
    auto real = [&] { return count(*db_, "SELECT COUNT(*) FROM product_cards WHERE status = 'published'"); };
    ASSERT_EQ(total(), 40);

    auto lease = db_->acquire();
    db::Connection& c = *lease;
    c.execute("UPDATE product_cards SET status = 'withdrawn' WHERE id IN (SELECT id FROM product_cards ORDER BY id LIMIT 3)");
    EXPECT_EQ(total(), 37);
    c.execute("UPDATE product_cards SET status = 'published' WHERE id = (SELECT MIN(id) FROM product_cards)");
    c.execute("UPDATE product_cards SET title = title || ' (päivitetty)'");  // no status change: no effect
    EXPECT_EQ(total(), 38);

    const auto any = c.query("SELECT provider_id, service_description_id FROM product_cards LIMIT 1")[0];
    catalog::NewProductCard card;
    card.provider_id = any.i64(0);
    card.service_description_id = any.i64(1);
    card.title = "Luonnos";
    card.price = Money::euros(2500);
    card.languages = {"fi"};
    card.delivery_mode = "remote";
    card.status = "draft";
    catalog::insert_product_card(c, card, "2026-03-10T09:00:00Z");
    EXPECT_EQ(total(), 38);
    card.status = "published";
    catalog::insert_product_card(c, card, "2026-03-10T09:00:00Z");
    EXPECT_EQ(total(), 39);
    EXPECT_EQ(total(), real());

    catalog::CatalogQuery everything;
    EXPECT_EQ(catalog::search_product_cards(c, everything).total, real());
}

TEST_P(BenchSeedTest, RefusesASecondRun) {
    SKIP_WITHOUT_PG();
    const auto first = seed(*db_, 40, 1, "first");
    const auto cards = count(*db_, "SELECT COUNT(*) FROM product_cards");
    BenchSeedOptions o;
    o.cards = 40;
    o.manifest = dir_ / "first.json";  // the first run's manifest must survive the refusal
    std::ostringstream progress;
    try {
        seed_bench(*db_, clock_, o, progress);
        FAIL() << "a second run must refuse";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("already holds bench data"), std::string::npos) << e.what();
    }
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM product_cards"), cards);
    std::ifstream in(o.manifest);
    EXPECT_EQ(nlohmann::json::parse(in), first);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "first.json.tmp"));
}

TEST_P(BenchSeedTest, LeavesIdsForNormalInsertsAfterwards) {
    SKIP_WITHOUT_PG();
    const auto m = seed(*db_, 20, 3, "m");
    // On PostgreSQL explicit ids do not move the identity sequences; the seed must have.
    db_->transact(db::TxMode::write, [&](db::Connection& c) {
        const auto first_voucher = m["voucher_id_min"].get<std::int64_t>();
        const auto cid = c.query("SELECT customer_id FROM vouchers WHERE id = ?", {first_voucher})[0].i64(0);
        const auto vid = vouchers::insert_voucher(c, cid, Money::euros(100), "2026-03-10", "2026-09-10", to_iso(kNow));
        EXPECT_GT(vid, m["voucher_id_max"].get<std::int64_t>());
        const auto uid = accounts::insert_user(c, "after@bench.example", "After", Role::customer, "x", std::nullopt, cid,
                                               to_iso(kNow));
        EXPECT_GT(uid, 0);
    });
}

TEST_P(BenchSeedTest, SameSeedSameMarket) {
    SKIP_WITHOUT_PG();
    auto* other = open_fresh("b");
    auto* third = open_fresh("c");
    const auto ma = seed(*db_, 60, 42, "a");
    const auto mb = seed(*other, 60, 42, "b");
    seed(*third, 60, 43, "c");
    const std::string sql =
        "SELECT pc.title || '|' || pc.description || '|' || pc.languages || '|' || p.business_id "
        "FROM product_cards pc JOIN providers p ON p.id = pc.provider_id ORDER BY pc.id";
    auto dump = [&](db::Database& d) {
        std::string all;
        for (const auto& r : d.acquire()->query(sql)) all += r.str(0) + "\n";
        return all;
    };
    EXPECT_EQ(dump(*db_), dump(*other));
    EXPECT_NE(dump(*db_), dump(*third));
    EXPECT_EQ(ma["order_card_ids"], mb["order_card_ids"]);
    EXPECT_EQ(ma["filter"], mb["filter"]);
}

TEST_P(BenchSeedTest, UnwritableManifestFailsBeforeWriting) {
    SKIP_WITHOUT_PG();
    BenchSeedOptions o;
    o.cards = 20;
    o.manifest = dir_ / "no-such-dir" / "m.json";
    std::ostringstream progress;
    EXPECT_THROW(seed_bench(*db_, clock_, o, progress), std::runtime_error);
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM product_cards"), 0);
    EXPECT_EQ(count(*db_, "SELECT COUNT(*) FROM customers"), 0);
    EXPECT_FALSE(std::filesystem::exists(o.manifest));
}

INSTANTIATE_TEST_SUITE_P(Drivers, BenchSeedTest, ::testing::Values(db::Dialect::sqlite, db::Dialect::postgres),
                         [](const ::testing::TestParamInfo<db::Dialect>& info) {
                             return info.param == db::Dialect::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace pt::app
