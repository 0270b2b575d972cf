// ApplicationService and application_queries on the real schema, on SQLite and on PostgreSQL
// (PT_TEST_PG_URL; skipped without it): apply, the open-application rule, grants with their
// ledger entry, refusals with what is left, rejections, the mails in the outbox, and parallel
// grants that never pass the budget.
#include "vouchers/application_service.hpp"

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "accounts/data/account_queries.hpp"
#include "vouchers/data/programme_queries.hpp"
#include "vouchers/data/voucher_queries.hpp"
#include "web/renderer.hpp"

#include "../storage/test_db.hpp"

using namespace pt;
using namespace pt::vouchers;
using namespace std::chrono;

namespace {

std::filesystem::path repo() {
    const char* src = std::getenv("PT_SOURCE_DIR");
    return src ? std::filesystem::path(src) : std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "..";
}

// 2026-08-31 09:00 UTC = 12:00 in Helsinki.
const TimePoint kNow = sys_days(year(2026) / 8 / 31) + hours(9);

class ApplicationServiceTest : public db::testing::DbTest {
protected:
    void SetUp() override {
        DbTest::SetUp();
        if (IsSkipped()) return;
        db::migrate(*db_, (repo() / "migrations").string());
        auto l = db_->acquire();
        const auto now = to_iso(kNow);
        business_ = insert_customer(*l, "business", "2291703-9", "Kahvila Kuppi Oy", "kuppi@example.com", now);
        person_ = insert_customer(*l, "person", std::nullopt, "Maija", "", now);
        customer_user_ = {accounts::insert_user(*l, "asiakas@example.com", "Kaisa", Role::customer, "x", std::nullopt, business_, now),
                          "asiakas@example.com", "Kaisa", Role::customer, std::nullopt, business_};
        person_user_ = {accounts::insert_user(*l, "maija@example.com", "Maija", Role::customer, "x", std::nullopt, person_, now),
                        "maija@example.com", "Maija", Role::customer, std::nullopt, person_};
        counsellor_ = {accounts::insert_user(*l, "neuvoja@example.com", "Neuvo", Role::counsellor, "x", std::nullopt, std::nullopt, now),
                       "neuvoja@example.com", "Neuvo", Role::counsellor, std::nullopt, std::nullopt};
        admin_ = {accounts::insert_user(*l, "admin@example.com", "Admin", Role::organizer_admin, "x", std::nullopt, std::nullopt, now),
                  "admin@example.com", "Admin", Role::organizer_admin, std::nullopt, std::nullopt};
    }

    std::int64_t programme(Money budget = Money::euros(100'000), bool de_minimis = false,
                           CustomerType type = CustomerType::business) {
        VoucherProgramme p;
        p.name = "Kasvuseteli";
        p.customer_type = type;
        p.denominations = {Money::euros(2500), Money::euros(5000)};
        p.max_per_customer = Money::euros(5000);
        p.budget = budget;
        p.application_start = sys_days(year(2026) / 1 / 1);
        p.application_end = sys_days(year(2026) / 12 / 31);
        p.de_minimis = de_minimis;
        p.de_minimis_ceiling = Money::euros(6000);
        auto l = db_->acquire();
        return insert_programme(*l, p, to_iso(kNow));
    }

    std::int64_t outbox(const std::string& kind) {
        auto l = db_->acquire();
        return l->query("SELECT COUNT(*) FROM outbox WHERE kind = ?", {kind})[0].i64(0);
    }

    ApplicationService service() { return ApplicationService(*db_, clock_, renderer_, "https://p.example"); }

    FixedClock clock_{kNow};
    web::Renderer renderer_{repo() / "templates", repo() / "i18n"};
    std::int64_t business_ = 0, person_ = 0;
    Principal customer_user_, person_user_, counsellor_, admin_;
};

TEST_P(ApplicationServiceTest, ApplyGrantWritesTheVoucherItsGrantEntryAndTheMails) {
    auto s = service();
    const auto pid = programme();
    ApplyInput in;
    in.programme_id = pid;
    in.requested = Money::euros(2500);
    in.purpose = "Markkinointi";
    auto app = s.apply(customer_user_, in);
    EXPECT_EQ(app.app.status, ApplicationStatus::submitted);
    EXPECT_EQ(app.app.applicant_role, "customer");
    EXPECT_EQ(app.app.customer_id, business_);
    EXPECT_EQ(app.app.applied_on, "2026-08-31");
    EXPECT_EQ(outbox("voucher_application_received"), 1);
    try {
        s.apply(customer_user_, in);
        FAIL() << "a second open application";
    } catch (const UserError& e) {
        EXPECT_EQ(e.status, 409);
        EXPECT_EQ(e.detail, "voucher_application.already_open");
    }

    auto granted = s.grant(admin_, app.app.id, Money::euros(2500));
    EXPECT_EQ(granted.app.status, ApplicationStatus::granted);
    ASSERT_TRUE(granted.app.voucher_id);
    EXPECT_EQ(granted.granted, Money::euros(2500));
    EXPECT_EQ(outbox("voucher_granted"), 1);
    auto l = db_->acquire();
    auto v = find_voucher(*l, *granted.app.voucher_id, admin_);
    ASSERT_TRUE(v);
    EXPECT_EQ(to_iso_date(v->voucher.valid_until), "2027-02-28");
    EXPECT_EQ(v->balance.granted, Money::euros(2500));
    auto ledger = ledger_of(*l, v->voucher.id);
    ASSERT_EQ(ledger.size(), 1u);
    EXPECT_EQ(ledger[0].kind, EntryKind::grant);
    EXPECT_EQ(find_programme(*l, pid)->allocated, Money::euros(2500));
    EXPECT_EQ(l->query("SELECT COUNT(*) FROM audit_log WHERE entity = 'voucher_application'")[0].i64(0), 2);

    try {
        s.grant(admin_, app.app.id, Money::euros(2500));
        FAIL() << "granted twice";
    } catch (const UserError& e) {
        EXPECT_EQ(e.status, 409);
    }
}

TEST_P(ApplicationServiceTest, RefusalsSayWhatIsLeftAndLeaveTheApplicationOpen) {
    auto s = service();
    const auto pid = programme(Money::euros(7500));
    ApplyInput in;
    in.programme_id = pid;
    auto first = s.apply(customer_user_, in);
    s.grant(admin_, first.app.id, Money::euros(2500));
    auto second = s.apply(customer_user_, in);
    try {
        s.grant(admin_, second.app.id, Money::euros(5000));
        FAIL() << "over the cap";
    } catch (const GrantRefused& e) {
        EXPECT_EQ(e.refusal, GrantRefusal::over_customer_cap);
        EXPECT_EQ(e.remaining, Money::euros(2500));
        EXPECT_EQ(e.status, 409);
    }
    try {
        s.grant(admin_, second.app.id, Money::cents(123));
        FAIL() << "not a denomination";
    } catch (const GrantRefused& e) {
        EXPECT_EQ(e.refusal, GrantRefusal::not_a_denomination);
    }
    auto l = db_->acquire();
    EXPECT_EQ(find_application(*l, second.app.id)->app.status, ApplicationStatus::submitted);
    const auto f = decision_figures(*l, *find_application(*l, second.app.id), local_day(kNow));
    EXPECT_EQ(f.remaining_budget, Money::euros(5000));
    EXPECT_EQ(f.remaining_customer_cap, Money::euros(2500));
    ASSERT_EQ(f.grantable.size(), 1u);
    EXPECT_EQ(f.grantable[0], Money::euros(2500));
}

TEST_P(ApplicationServiceTest, CounsellorOnBehalfAndCustomerTypes) {
    auto s = service();
    const auto pid = programme();
    ApplyInput in;
    in.programme_id = pid;
    in.customer.business_id = "0737546-2";
    in.customer.name = "  Uusi Oy ";
    in.customer.email = "uusi@example.com";
    auto app = s.apply(counsellor_, in);
    EXPECT_EQ(app.app.applicant_role, "counsellor");
    EXPECT_EQ(app.customer_business_id, "0737546-2");
    EXPECT_EQ(app.customer_name, "Uusi Oy");
    // The old six-digit form finds the same customer.
    ApplyInput again;
    again.programme_id = programme();
    again.customer.business_id = "737546-2";
    EXPECT_EQ(s.apply(counsellor_, again).app.customer_id, app.app.customer_id);

    // A person does not fit a business programme, and nothing is left behind.
    ApplyInput wrong;
    wrong.programme_id = pid;
    EXPECT_THROW(s.apply(person_user_, wrong), UserError);
    ApplyInput bad_bid = in;
    bad_bid.customer.business_id = "0737546-3";
    try {
        s.apply(counsellor_, bad_bid);
        FAIL();
    } catch (const UserError& e) {
        EXPECT_EQ(e.field_errors.count("customer.business_id"), 1u);
    }
    auto l = db_->acquire();
    EXPECT_EQ(l->query("SELECT COUNT(*) FROM customers")[0].i64(0), 3);
}

TEST_P(ApplicationServiceTest, DeMinimisDeclarationAndCeiling) {
    auto s = service();
    const auto pid = programme(Money::euros(100'000), true);
    ApplyInput in;
    in.programme_id = pid;
    try {
        s.apply(customer_user_, in);
        FAIL();
    } catch (const UserError& e) {
        EXPECT_EQ(e.field_errors.at("de_minimis_declaration"), "voucher_application.declaration_required");
    }
    in.declaration = std::vector<DeclaredAid>{{2023, Money{}}};
    EXPECT_THROW(s.apply(customer_user_, in), Invalid);
    // A year left out would count as zero: every counting year, or none at all.
    in.declaration = std::vector<DeclaredAid>{{2026, Money::euros(2000)}};
    try {
        s.apply(customer_user_, in);
        FAIL();
    } catch (const Invalid& e) {
        EXPECT_EQ(e.field_errors.at("de_minimis_declaration"), "voucher_application.declaration_incomplete");
    }
    in.declaration = std::vector<DeclaredAid>{{2024, Money{}}, {2025, Money{}}, {2026, Money::euros(2000)}};
    auto app = s.apply(customer_user_, in);
    try {
        s.grant(admin_, app.app.id, Money::euros(5000));
        FAIL();
    } catch (const GrantRefused& e) {
        EXPECT_EQ(e.refusal, GrantRefusal::de_minimis_ceiling);
        EXPECT_EQ(e.remaining, Money::euros(4000));
    }
    EXPECT_EQ(s.grant(admin_, app.app.id, Money::euros(2500)).app.status, ApplicationStatus::granted);
}

TEST_P(ApplicationServiceTest, RejectKeepsTheTrimmedReasonAndMails) {
    auto s = service();
    ApplyInput in;
    in.programme_id = programme();
    auto app = s.apply(customer_user_, in);
    EXPECT_THROW(s.reject(admin_, app.app.id, "ab"), Invalid);
    auto r = s.reject(admin_, app.app.id, "  Ei kohderyhmää.  ");
    EXPECT_EQ(r.app.status, ApplicationStatus::rejected);
    EXPECT_EQ(r.app.reject_reason, "Ei kohderyhmää.");
    EXPECT_EQ(outbox("voucher_application_rejected"), 1);
    EXPECT_THROW(s.reject(admin_, app.app.id, "Uudestaan."), UserError);
    // Rejected is not open: the customer may apply again.
    EXPECT_EQ(s.apply(customer_user_, in).app.status, ApplicationStatus::submitted);
}

TEST_P(ApplicationServiceTest, ParallelGrantsNeverPassTheBudget) {
    const auto pid = programme(Money::euros(10'000));  // four vouchers of 2 500 €
    std::vector<std::int64_t> apps;
    {
        auto s = service();
        for (int i = 0; i < 12; ++i) {
            ApplyInput in;
            in.programme_id = pid;
            in.customer.name = "Yritys " + std::to_string(i);
            in.customer.email = "y" + std::to_string(i) + "@example.com";
            // Y-tunnus with a valid check digit for 10000i: computed by the domain's rule.
            std::string seven = std::to_string(1000000 + i);
            const int w[] = {7, 9, 10, 5, 8, 4, 2};
            int sum = 0;
            for (int k = 0; k < 7; ++k) sum += (seven[k] - '0') * w[k];
            int r = sum % 11;
            if (r == 1) continue;
            in.customer.business_id = seven + "-" + std::to_string(r == 0 ? 0 : 11 - r);
            apps.push_back(s.apply(counsellor_, in).app.id);
        }
    }
    ASSERT_GE(apps.size(), 8u);
    std::atomic<int> ok{0}, refused{0}, other{0};
    std::vector<std::thread> threads;
    for (auto id : apps)
        threads.emplace_back([&, id] {
            auto s = service();
            try {
                s.grant(admin_, id, Money::euros(2500));
                ++ok;
            } catch (const GrantRefused& e) {
                (e.refusal == GrantRefusal::over_budget ? refused : other)++;
            } catch (...) {
                ++other;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 4);
    EXPECT_EQ(refused.load(), static_cast<int>(apps.size()) - 4);
    EXPECT_EQ(other.load(), 0);
    auto l = db_->acquire();
    EXPECT_EQ(find_programme(*l, pid)->allocated, Money::euros(10'000));
}

TEST_P(ApplicationServiceTest, TwoCounsellorsAddingTheSameNewBusinessMakeOneCustomerAndOneApplication) {
    const auto pid = programme();
    std::atomic<int> ok{0}, open{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            auto s = service();
            ApplyInput in;
            in.programme_id = pid;
            in.customer.business_id = "0737546-2";
            in.customer.name = "Samanaikainen Oy";
            in.customer.email = "sama@example.com";
            try {
                s.apply(counsellor_, in);
                ++ok;
            } catch (const UserError& e) {
                (e.detail == "voucher_application.already_open" ? open : other)++;
            } catch (...) {
                ++other;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(open.load(), 3);
    EXPECT_EQ(other.load(), 0);
    auto l = db_->acquire();
    EXPECT_EQ(l->query("SELECT COUNT(*) FROM customers WHERE business_id = '0737546-2'")[0].i64(0), 1);
}

PT_DB_TEST_SUITE(ApplicationServiceTest);

}  // namespace
