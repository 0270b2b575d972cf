// The outbox on real databases (a SQLite file, and PostgreSQL when PT_TEST_PG_URL is set):
// compose + enqueue, and the worker's claim / send / retry / give-up cycle with a fake SMTP sender.
#include "notify/mail_worker.hpp"
#include "notify/outbox.hpp"
#include "notify/data/outbox_queries.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

#include "../storage/test_db.hpp"
#include "core/errors.hpp"
#include "web/renderer.hpp"

namespace pt::notify {
namespace {

using namespace std::chrono;

std::filesystem::path source_dir() {
    const char* d = std::getenv("PT_SOURCE_DIR");
    return d ? d : ".";
}

const TimePoint kStart = sys_days(year(2026) / 12 / 1) + hours(9);

// Records what it was given; fails while `failures_left` > 0.
struct FakeSender : Sender {
    std::mutex mu;
    std::vector<std::pair<std::string, std::string>> sent;  // to, message
    int failures_left = 0;
    void send(const std::string&, const std::string& to, const std::string& message) override {
        std::lock_guard lock(mu);
        if (failures_left > 0) {
            --failures_left;
            throw std::runtime_error("Failed to connect to 127.0.0.1 port 9: Connection refused");
        }
        sent.emplace_back(to, message);
    }
};

class OutboxTest : public db::testing::DbTest {
protected:
    void SetUp() override {
        DbTest::SetUp();
        if (IsSkipped()) return;
        db::migrate(*db_, (source_dir() / "migrations").string());
    }
    Mail mail(const std::string& to, const std::string& subject = "Testi") {
        return Mail{"system.test", to, "fi", subject, "Hei,\nrunko.\n"};
    }
    std::int64_t put(const Mail& m) {
        return db_->transact(db::TxMode::write, [&](db::Connection& c) { return enqueue(c, m, clock_); });
    }
    data::OutboxRow row(std::int64_t id) {
        auto lease = db_->acquire();
        auto r = data::find(*lease, id);
        EXPECT_TRUE(r.has_value());
        return r.value_or(data::OutboxRow{});
    }
    WorkerConfig config() {
        WorkerConfig c;
        c.smtp_url = "smtp://unused.invalid";
        c.backoff = Backoff{seconds(5), seconds(60), 4};
        return c;
    }
    FixedClock clock_{kStart};
};

TEST_P(OutboxTest, EnqueueStoresAPendingMailDueNow) {
    auto id = put(mail("maija@example.fi", "Päätös"));
    auto r = row(id);
    EXPECT_EQ(r.status, "pending");
    EXPECT_EQ(r.attempts, 0);
    EXPECT_EQ(r.to_address, "maija@example.fi");
    EXPECT_EQ(r.subject, "Päätös");
    EXPECT_EQ(r.body_text, "Hei,\nrunko.\n");
    EXPECT_EQ(r.next_attempt_at, "2026-12-01T09:00:00Z");
    EXPECT_EQ(r.created_at, "2026-12-01T09:00:00Z");
    EXPECT_FALSE(r.sent_at.has_value());
}

TEST_P(OutboxTest, EnqueueRefusesHeaderInjection) {
    EXPECT_THROW(put(mail("maija@example.fi\r\nBcc: all@example.fi")), UserError);
    EXPECT_THROW(put(mail("maija@example.fi\nBcc: all@example.fi")), UserError);
    EXPECT_THROW(put(mail("not an address")), UserError);
    EXPECT_THROW(put(mail("maija@example.fi", "Hei\r\nBcc: all@example.fi")), std::invalid_argument);
    auto lease = db_->acquire();
    EXPECT_EQ(data::count(*lease, ""), 0);  // nothing half-written
}

TEST_P(OutboxTest, WorkerSendsDueMailOnceAndMarksItSent) {
    auto fake = std::make_unique<FakeSender>();
    auto* sender = fake.get();
    MailWorker worker(*db_, clock_, config(), std::move(fake));
    auto a = put(mail("a@example.fi", "Hyväksytty – Äkäslompolo"));
    auto b = put(mail("b@example.fi"));
    auto out = worker.run_once();
    EXPECT_EQ(out.sent, 2);
    EXPECT_EQ(out.failed, 0);
    ASSERT_EQ(sender->sent.size(), 2u);
    EXPECT_EQ(sender->sent[0].first, "a@example.fi");
    EXPECT_NE(sender->sent[0].second.find("Subject: =?UTF-8?B?"), std::string::npos);
    EXPECT_EQ(row(a).status, "sent");
    EXPECT_EQ(row(a).sent_at.value_or(""), "2026-12-01T09:00:00Z");
    EXPECT_EQ(row(b).status, "sent");
    // Nothing is sent twice.
    clock_.advance(hours(2));
    EXPECT_EQ(worker.run_once().sent, 0);
    EXPECT_EQ(sender->sent.size(), 2u);
}

TEST_P(OutboxTest, FailedSendIsRetriedWithBackOffAndNothingIsLost) {
    auto fake = std::make_unique<FakeSender>();
    auto* sender = fake.get();
    sender->failures_left = 2;
    MailWorker worker(*db_, clock_, config(), std::move(fake));
    auto id = put(mail("a@example.fi"));

    EXPECT_EQ(worker.run_once().failed, 1);
    auto r = row(id);
    EXPECT_EQ(r.status, "pending");
    EXPECT_EQ(r.attempts, 1);
    EXPECT_NE(r.last_error.find("Connection refused"), std::string::npos);
    EXPECT_EQ(r.next_attempt_at, "2026-12-01T09:00:05Z");  // 5 s

    clock_.advance(seconds(4));  // not yet due
    EXPECT_EQ(worker.run_once().failed, 0);
    EXPECT_EQ(row(id).attempts, 1);

    clock_.advance(seconds(1));
    EXPECT_EQ(worker.run_once().failed, 1);
    EXPECT_EQ(row(id).attempts, 2);
    EXPECT_EQ(row(id).next_attempt_at, "2026-12-01T09:00:15Z");  // + 10 s

    clock_.advance(seconds(10));
    EXPECT_EQ(worker.run_once().sent, 1);
    r = row(id);
    EXPECT_EQ(r.status, "sent");
    EXPECT_EQ(r.attempts, 2);
    EXPECT_EQ(r.last_error, "");
    EXPECT_EQ(sender->sent.size(), 1u);
}

TEST_P(OutboxTest, GivesUpAfterMaxAttemptsButKeepsTheRow) {
    auto fake = std::make_unique<FakeSender>();
    fake->failures_left = 100;
    MailWorker worker(*db_, clock_, config(), std::move(fake));  // 4 attempts
    auto id = put(mail("a@example.fi"));
    for (int i = 0; i < 10; ++i) {
        worker.run_once();
        clock_.advance(minutes(5));
    }
    auto r = row(id);
    EXPECT_EQ(r.status, "failed");
    EXPECT_EQ(r.attempts, 4);
    EXPECT_FALSE(r.last_error.empty());
    auto lease = db_->acquire();
    EXPECT_EQ(data::count(*lease, "failed"), 1);
    EXPECT_EQ(data::page(*lease, 0, 10, "").size(), 1u);
}

TEST_P(OutboxTest, WithoutSmtpMailStaysPending) {
    WorkerConfig c = config();
    c.smtp_url.clear();
    MailWorker worker(*db_, clock_, c);
    auto id = put(mail("a@example.fi"));
    auto out = worker.run_once();
    EXPECT_EQ(out.sent + out.failed, 0);
    EXPECT_EQ(row(id).status, "pending");
    EXPECT_EQ(row(id).attempts, 0);
}

TEST_P(OutboxTest, TwoWorkersOnOneDatabaseSendEachMailExactlyOnce) {
    constexpr int kMails = 40;
    for (int i = 0; i < kMails; ++i) put(mail("m" + std::to_string(i) + "@example.fi"));
    // Two pools, as two server processes would have.
    auto db2 = open(2);
    auto f1 = std::make_unique<FakeSender>();
    auto f2 = std::make_unique<FakeSender>();
    auto *s1 = f1.get(), *s2 = f2.get();
    MailWorker w1(*db_, clock_, config(), std::move(f1));
    MailWorker w2(*db2, clock_, config(), std::move(f2));
    std::thread t1([&] { w1.run_once(); });
    std::thread t2([&] { w2.run_once(); });
    t1.join();
    t2.join();
    std::multiset<std::string> got;
    for (auto* s : {s1, s2})
        for (const auto& [to, msg] : s->sent) got.insert(to);
    EXPECT_EQ(got.size(), static_cast<std::size_t>(kMails));
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), static_cast<std::size_t>(kMails));
    auto lease = db_->acquire();
    EXPECT_EQ(data::count(*lease, "sent"), kMails);
}

TEST_P(OutboxTest, OutboxPageIsNewestFirstAndFilters) {
    auto a = put(mail("a@example.fi"));
    auto b = put(mail("b@example.fi"));
    auto c = put(mail("c@example.fi"));
    auto lease = db_->acquire();
    data::mark_sent(*lease, b, "2026-12-01T09:00:01Z");
    auto all = data::page(*lease, 0, 2, "");
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, c);
    EXPECT_EQ(all[1].id, b);
    EXPECT_EQ(data::page(*lease, 2, 2, "")[0].id, a);
    EXPECT_EQ(data::count(*lease, "pending"), 2);
    EXPECT_EQ(data::page(*lease, 0, 10, "sent").size(), 1u);
}

PT_DB_TEST_SUITE(OutboxTest);

// compose renders through the real templates and catalogs.
class ComposeTest : public ::testing::Test {
protected:
    web::Renderer renderer{source_dir() / "templates", source_dir() / "i18n"};
};

TEST_F(ComposeTest, RendersSubjectAndBodyAsPlainTextInTheLanguage) {
    auto fi = compose(renderer, "system.test", "fi", "a@example.fi", {{"sent_at", "Kotipalvelu & <Co> \"2026\""}});
    EXPECT_EQ(fi.kind, "system.test");
    EXPECT_EQ(fi.language, "fi");
    EXPECT_EQ(fi.to, "a@example.fi");
    EXPECT_EQ(fi.subject.rfind("Palvelutorin testiviesti", 0), 0u) << fi.subject;
    EXPECT_NE(fi.subject.find("Kotipalvelu & <Co> \"2026\""), std::string::npos) << fi.subject;
    EXPECT_NE(fi.body_text.find("Kotipalvelu & <Co> \"2026\""), std::string::npos) << fi.body_text;
    EXPECT_EQ(fi.body_text.find("&amp;"), std::string::npos);
    EXPECT_NE(fi.body_text.find(renderer.text("fi", "mail.system.test.body")), std::string::npos);
    auto en = compose(renderer, "system.test", "en", "a@example.fi", {{"sent_at", "x"}});
    EXPECT_NE(en.body_text.find(renderer.text("en", "mail.system.test.body")), std::string::npos);
    EXPECT_NE(en.subject, fi.subject);
    EXPECT_EQ(compose(renderer, "system.test", "xx", "a@example.fi", {}).language, "fi");
    // Pages rendered after a text mail on the same thread are still escaped.
    EXPECT_NE(renderer.fragment("mail_system_test", {{"sent_at", "a & b"}}, "fi").find("a &amp; b"), std::string::npos);
}

TEST_F(ComposeTest, SubjectIsOneLineAndUnknownKindsAreProgrammingErrors) {
    auto m = compose(renderer, "system.test", "fi", "a@example.fi", {{"sent_at", "rivi\r\nBcc: x@example.fi"}});
    EXPECT_EQ(m.subject.find_first_of("\r\n"), std::string::npos);
    EXPECT_THROW(compose(renderer, "no.such.kind", "fi", "a@example.fi", {}), std::logic_error);
}

}  // namespace
}  // namespace pt::notify
