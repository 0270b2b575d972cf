// The reminder job's empty draft and a provider's first save of the same report, at the same
// time, on the real schema (SQLite file; PostgreSQL with PT_TEST_PG_URL, skipped without it).
// The job's transaction holds its uncommitted draft while the save runs: the save must wait for
// it and then update that row. (An UPDATE-then-INSERT save hit a unique violation here on
// PostgreSQL: the UPDATE saw no row, the INSERT then collided with the job's committed one.)
#include "reports/data/report_queries.hpp"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include "../storage/test_db.hpp"

using namespace pt;
using namespace pt::reports;
using namespace std::chrono_literals;

namespace {

std::filesystem::path repo() {
    const char* src = std::getenv("PT_SOURCE_DIR");
    return src ? std::filesystem::path(src) : std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "..";
}

constexpr const char* kNow = "2026-08-31T09:00:00Z";
constexpr const char* kDue = "2026-09-07";

class ReportSaveRaceTest : public db::testing::DbTest {
protected:
    void SetUp() override {
        DbTest::SetUp();
        if (IsSkipped()) return;
        db::migrate(*db_, (repo() / "migrations").string());
        // Only the order and a user matter here: their other references are not checked while inserting them.
        auto l = db_->acquire();
        if (pg()) l->execute("SET session_replication_role = replica");
        else l->execute_script("PRAGMA foreign_keys = OFF");
        user_ = l->query("INSERT INTO users (email, name, role, password_hash, provider_id, created_at) VALUES "
                         "('p@example.com', 'P', 'provider_user', 'x', 1, ?) RETURNING id",
                         {std::string(kNow)})[0]
                    .i64(0);
        for (int i = 0; i < 2; ++i)
            orders_[i] = l->query("INSERT INTO orders (customer_id, voucher_id, product_card_id, provider_id, price_cents, "
                                  "status, ordered_by_user_id, created_at, updated_at) VALUES (1, 1, 1, 1, 250000, 'ended', ?, ?, ?) "
                                  "RETURNING id",
                                  {user_, std::string(kNow), std::string(kNow)})[0]
                             .i64(0);
        if (pg()) l->execute("RESET session_replication_role");
        else l->execute_script("PRAGMA foreign_keys = ON");
    }

    // The job inserts the empty draft and keeps its transaction open until the save has started.
    template <class Save>
    void race(ReportKind kind, std::int64_t order_id, Save save) {
        std::promise<void> inserted;
        std::atomic<bool> signalled{false};
        std::thread job([&] {
            db_->transact(db::TxMode::write, [&](db::Connection& c) {
                insert_empty_report(c, kind, order_id, kDue, kNow);
                if (!signalled.exchange(true)) inserted.set_value();
                std::this_thread::sleep_for(300ms);
            });
        });
        inserted.get_future().wait();
        EXPECT_NO_THROW(db_->transact(db::TxMode::write, [&](db::Connection& c) { save(c); }));
        job.join();
    }

    std::int64_t user_ = 0;
    std::int64_t orders_[2] = {0, 0};
};

TEST_P(ReportSaveRaceTest, FirstBillingSaveWaitsForTheJobsDraftAndUpdatesIt) {
    if (IsSkipped()) return;
    BillingReportRow r;
    r.order_id = orders_[0];
    r.status = "submitted";
    r.meetings_json = R"([{"date":"2026-08-30","minutes":60}])";
    r.delivery_confirmed = true;
    r.due_on = kDue;
    r.submitted_at = kNow;
    race(ReportKind::billing, r.order_id, [&](db::Connection& c) { save_billing_report(c, r, user_, kNow); });
    auto l = db_->acquire();
    EXPECT_EQ(l->query("SELECT COUNT(*) FROM billing_reports WHERE order_id = ?", {r.order_id})[0].i64(0), 1);
    auto stored = find_billing_report(*l, r.order_id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->status, "submitted");
    EXPECT_TRUE(stored->delivery_confirmed);
    EXPECT_EQ(stored->meetings_json, r.meetings_json);
    EXPECT_EQ(stored->submitted_at, r.submitted_at);
}

TEST_P(ReportSaveRaceTest, FirstServiceSaveWaitsForTheJobsDraftAndUpdatesIt) {
    if (IsSkipped()) return;
    ServiceReportRow r;
    r.order_id = orders_[1];
    r.status = "draft";
    r.goal = "Työpaikka";
    r.meetings_json = "[]";
    r.due_on = kDue;
    race(ReportKind::service, r.order_id, [&](db::Connection& c) { save_service_report(c, r, user_, kNow); });
    auto l = db_->acquire();
    EXPECT_EQ(l->query("SELECT COUNT(*) FROM service_reports WHERE order_id = ?", {r.order_id})[0].i64(0), 1);
    auto stored = find_service_report(*l, r.order_id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->goal, "Työpaikka");
    EXPECT_EQ(stored->due_on, kDue);
}

// Without a concurrent job the save creates the row itself, and a second save updates it.
TEST_P(ReportSaveRaceTest, SaveCreatesThenUpdates) {
    if (IsSkipped()) return;
    BillingReportRow r;
    r.order_id = orders_[0];
    r.status = "draft";
    r.meetings_json = "[]";
    r.due_on = kDue;
    db_->transact(db::TxMode::write, [&](db::Connection& c) { save_billing_report(c, r, user_, kNow); });
    r.delivery_confirmed = true;
    db_->transact(db::TxMode::write, [&](db::Connection& c) { save_billing_report(c, r, user_, "2026-08-31T10:00:00Z"); });
    auto l = db_->acquire();
    auto stored = find_billing_report(*l, r.order_id);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->delivery_confirmed);
    EXPECT_EQ(stored->created_at, kNow);
    EXPECT_EQ(stored->updated_at, "2026-08-31T10:00:00Z");
    EXPECT_EQ(stored->due_on, kDue);
}

PT_DB_TEST_SUITE(ReportSaveRaceTest);

}  // namespace
