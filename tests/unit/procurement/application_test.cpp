#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>

#include "procurement/domain/application.hpp"

using namespace pt::procurement;
using namespace std::chrono;

namespace {
constexpr sys_days d(int y, unsigned m, unsigned dd) { return sys_days{year{y} / month{m} / day{dd}}; }

constexpr ApplicationStatus all_statuses[] = {ApplicationStatus::draft, ApplicationStatus::submitted,
                                              ApplicationStatus::approved, ApplicationStatus::rejected};
constexpr ApplicationAction all_actions[] = {ApplicationAction::edit, ApplicationAction::submit,
                                             ApplicationAction::approve, ApplicationAction::reject};
constexpr Role all_roles[] = {Role::organizer_admin, Role::procurement_officer, Role::finance_officer, Role::coordinator,
                              Role::provider_user,   Role::customer,            Role::counsellor,      Role::system};

CallForParticipation call() {
    CallForParticipation c;
    c.id = 7;
    c.service_description_ids = {10, 11};
    c.period = {d(2026, 1, 1), d(2026, 12, 31)};
    c.application_deadline = d(2026, 10, 31);
    c.requirements = {{"reliable_partner", "Luotettava Kumppani", "Reliable Partner", true},
                      {"insurance", "Vastuuvakuutus", "Liability insurance", true},
                      {"references", "Referenssit", "References", false}};
    c.languages = {"fi"};
    c.status = CallStatus::published;
    return c;
}

ParticipationApplication complete_app() {
    ParticipationApplication a;
    a.id = 1;
    a.call_id = 7;
    a.provider_id = 100;
    a.service_description_id = 10;
    a.answers = {{"reliable_partner", "Raportti liitteenä", 501},
                 {"insurance", "Vakuutus voimassa", 502},
                 {"references", "Kolme asiakasta", std::nullopt}};
    return a;
}
}  // namespace

// The expected table written out independently of the implementation's.
TEST(ApplicationTable, EveryStatusActionRoleTriple) {
    using S = ApplicationStatus;
    using A = ApplicationAction;
    const std::set<std::tuple<S, A, Role>> allowed{
        {S::draft, A::edit, Role::provider_user},
        {S::draft, A::submit, Role::provider_user},
        {S::submitted, A::approve, Role::organizer_admin},
        {S::submitted, A::approve, Role::procurement_officer},
        {S::submitted, A::reject, Role::organizer_admin},
        {S::submitted, A::reject, Role::procurement_officer},
    };
    auto target = [](A a) {
        switch (a) {
            case A::edit: return S::draft;
            case A::submit: return S::submitted;
            case A::approve: return S::approved;
            case A::reject: return S::rejected;
        }
        return S::draft;
    };
    int checked = 0;
    for (auto s : all_statuses)
        for (auto a : all_actions)
            for (auto r : all_roles) {
                const auto got = next_status(s, a, r);
                if (allowed.contains({s, a, r}))
                    EXPECT_EQ(got, target(a)) << to_string(s) << " " << to_string(a) << " " << to_string(r);
                else
                    EXPECT_EQ(got, std::nullopt) << to_string(s) << " " << to_string(a) << " " << to_string(r);
                ++checked;
            }
    EXPECT_EQ(checked, 4 * 4 * 8);
}

TEST(ApplicationTable, AllowedActionsMatchNextStatus) {
    for (auto s : all_statuses)
        for (auto r : all_roles) {
            const auto acts = allowed_actions(s, r);
            for (auto a : all_actions) {
                const bool listed = std::find(acts.begin(), acts.end(), a) != acts.end();
                EXPECT_EQ(listed, next_status(s, a, r).has_value());
            }
        }
    EXPECT_EQ(allowed_actions(ApplicationStatus::draft, Role::provider_user),
              (std::vector{ApplicationAction::edit, ApplicationAction::submit}));
    EXPECT_TRUE(allowed_actions(ApplicationStatus::approved, Role::organizer_admin).empty());
}

TEST(ApplicationTable, FinalStatesHaveNoWayOut) {
    EXPECT_TRUE(is_final(ApplicationStatus::approved));
    EXPECT_TRUE(is_final(ApplicationStatus::rejected));
    EXPECT_FALSE(is_final(ApplicationStatus::draft));
    EXPECT_FALSE(is_final(ApplicationStatus::submitted));
    for (const auto& t : application_transitions()) EXPECT_FALSE(is_final(t.from));
}

TEST(ApplicationNames, RoundTrip) {
    for (auto s : all_statuses) EXPECT_EQ(application_status_from(to_string(s)), s);
    for (auto a : all_actions) EXPECT_EQ(application_action_from(to_string(a)), a);
    for (auto r : all_roles) EXPECT_EQ(pt::role_from(to_string(r)), r);
    EXPECT_EQ(application_status_from("Draft"), std::nullopt);
    EXPECT_EQ(pt::role_from(""), std::nullopt);
    EXPECT_EQ(to_string(Role::organizer_admin), "organizer_admin");  // same spelling as core/access
}

TEST(MissingAnswers, CompleteHasNone) { EXPECT_TRUE(missing_answers(call(), complete_app()).empty()); }

TEST(MissingAnswers, ListsEachGapInCallOrder) {
    auto a = complete_app();
    a.answers[0].attachment_id.reset();  // attachment required
    a.answers[2].text = "  \t ";         // blank text
    EXPECT_EQ(missing_answers(call(), a), (std::vector<std::string>{"reliable_partner", "references"}));
    a.answers.clear();
    EXPECT_EQ(missing_answers(call(), a), (std::vector<std::string>{"reliable_partner", "insurance", "references"}));
}

TEST(MissingAnswers, AttachmentAloneIsNotAnAnswer) {
    auto a = complete_app();
    a.answers[1].text = "";
    EXPECT_EQ(missing_answers(call(), a), (std::vector<std::string>{"insurance"}));
}

TEST(SubmitRefusal, InOrder) {
    const auto c = call();
    const sys_days today = d(2026, 5, 1);
    EXPECT_EQ(submit_refusal(c, complete_app(), {}, today), std::nullopt);
    EXPECT_EQ(submit_refusal(c, complete_app(), {}, c.application_deadline), std::nullopt);

    auto a = complete_app();
    a.status = ApplicationStatus::submitted;
    EXPECT_EQ(submit_refusal(c, a, {}, today), "application.not_draft");
    a = complete_app();
    a.call_id = 8;
    EXPECT_EQ(submit_refusal(c, a, {}, today), "application.wrong_call");
    a = complete_app();
    a.service_description_id = 12;
    EXPECT_EQ(submit_refusal(c, a, {}, today), "application.service_not_in_call");
    EXPECT_EQ(submit_refusal(c, complete_app(), {}, c.application_deadline + days{1}), "application.call_closed");
    auto closed = c;
    closed.status = CallStatus::closed;
    EXPECT_EQ(submit_refusal(closed, complete_app(), {}, today), "application.call_closed");
    auto other = complete_app();
    other.id = 2;
    other.status = ApplicationStatus::rejected;
    EXPECT_EQ(submit_refusal(c, complete_app(), {other}, today), "application.duplicate");
    a = complete_app();
    a.answers.push_back({"smuggled", "x", std::nullopt});
    EXPECT_EQ(submit_refusal(c, a, {}, today), "application.unknown_answer");
    a = complete_app();
    a.answers.pop_back();
    EXPECT_EQ(submit_refusal(c, a, {}, today), "application.missing_answers");
}

TEST(Duplicate, OnlySameProviderServiceAndCall) {
    const auto a = complete_app();
    auto same = a;  // itself (same id) never counts
    EXPECT_FALSE(is_duplicate(a, {same}));
    auto o = a;
    o.id = 2;
    EXPECT_TRUE(is_duplicate(a, {o}));
    o.provider_id = 101;
    EXPECT_FALSE(is_duplicate(a, {o}));
    o = a;
    o.id = 2;
    o.service_description_id = 11;
    EXPECT_FALSE(is_duplicate(a, {o}));
    o = a;
    o.id = 2;
    o.call_id = 9;
    EXPECT_FALSE(is_duplicate(a, {o}));
}

TEST(RejectionReason, Keys) {
    EXPECT_EQ(rejection_reason_error("Vastuuvakuutus puuttuu."), std::nullopt);
    EXPECT_EQ(rejection_reason_error("Rivi 1\nRivi 2\tok"), std::nullopt);
    EXPECT_EQ(rejection_reason_error("äöå"), std::nullopt);  // three code points, six bytes
    EXPECT_EQ(rejection_reason_error(""), "application.rejection_reason.required");
    EXPECT_EQ(rejection_reason_error("   \n "), "application.rejection_reason.required");
    EXPECT_EQ(rejection_reason_error(" ab "), "application.rejection_reason.too_short");
    EXPECT_EQ(rejection_reason_error(std::string(2000, 'x')), std::nullopt);
    EXPECT_EQ(rejection_reason_error(std::string(2001, 'x')), "application.rejection_reason.too_long");
    EXPECT_EQ(rejection_reason_error("bad \x01 char"), "application.rejection_reason.control_chars");
    EXPECT_EQ(rejection_reason_error("bad \xC3 utf8"), "application.rejection_reason.invalid_text");
}

TEST(Admit, SetsPeriodAndBrochureDueSevenDaysLater) {
    auto a = complete_app();
    a.status = ApplicationStatus::submitted;
    const auto adm = admit(call(), a, d(2026, 2, 25));
    EXPECT_EQ(adm.provider_id, 100);
    EXPECT_EQ(adm.service_description_id, 10);
    EXPECT_EQ(adm.period, (ContractPeriod{d(2026, 1, 1), d(2026, 12, 31)}));
    EXPECT_EQ(adm.decided_on, d(2026, 2, 25));
    EXPECT_EQ(adm.brochure_due, d(2026, 3, 4));  // across February's end
}

TEST(Admit, RefusesWhatWasNotSubmittedToThisCall) {
    EXPECT_THROW(admit(call(), complete_app(), d(2026, 2, 1)), std::logic_error);  // still a draft
    auto a = complete_app();
    a.status = ApplicationStatus::submitted;
    a.call_id = 99;
    EXPECT_THROW(admit(call(), a, d(2026, 2, 1)), std::logic_error);
}

TEST(Brochure, OverdueAfterTheDueDay) {
    const Admission adm{100, 10, {d(2026, 1, 1), d(2026, 12, 31)}, d(2026, 3, 1), d(2026, 3, 8)};
    EXPECT_FALSE(brochure_overdue(adm, d(2026, 3, 7), false));
    EXPECT_FALSE(brochure_overdue(adm, d(2026, 3, 8), false));
    EXPECT_TRUE(brochure_overdue(adm, d(2026, 3, 9), false));
    EXPECT_FALSE(brochure_overdue(adm, d(2026, 3, 9), true));
}

TEST(Publish, OnlyAdmittedProvidersWithinThePeriod) {
    const std::vector<Admission> adms{{100, 10, {d(2026, 1, 1), d(2026, 6, 30)}, d(2026, 1, 5), d(2026, 1, 12)},
                                      {100, 10, {d(2026, 7, 1), d(2026, 12, 31)}, d(2026, 6, 1), d(2026, 6, 8)},
                                      {200, 11, {d(2026, 1, 1), d(2026, 3, 31)}, d(2026, 1, 5), d(2026, 1, 12)}};
    EXPECT_TRUE(may_publish(adms, 100, 10, d(2026, 1, 1)));
    EXPECT_TRUE(may_publish(adms, 100, 10, d(2026, 6, 30)));
    EXPECT_TRUE(may_publish(adms, 100, 10, d(2026, 7, 1)));  // next period's admission
    EXPECT_FALSE(may_publish(adms, 100, 10, d(2027, 1, 1)));
    EXPECT_FALSE(may_publish(adms, 100, 10, d(2025, 12, 31)));
    EXPECT_FALSE(may_publish(adms, 100, 11, d(2026, 2, 1)));  // other service
    EXPECT_FALSE(may_publish(adms, 300, 10, d(2026, 2, 1)));  // never admitted
    EXPECT_TRUE(may_publish(adms, 200, 11, d(2026, 3, 31)));
    EXPECT_FALSE(may_publish(adms, 200, 11, d(2026, 4, 1)));
    EXPECT_FALSE(may_publish({}, 100, 10, d(2026, 2, 1)));
}

TEST(CardVisible, LeavesCatalogWhenPeriodEnds) {
    const std::vector<Admission> adms{{100, 10, {d(2026, 1, 1), d(2026, 6, 30)}, d(2026, 1, 5), d(2026, 1, 12)}};
    EXPECT_TRUE(card_visible(true, adms, 100, 10, d(2026, 6, 30)));
    EXPECT_FALSE(card_visible(true, adms, 100, 10, d(2026, 7, 1)));
    EXPECT_FALSE(card_visible(false, adms, 100, 10, d(2026, 3, 1)));
    EXPECT_FALSE(card_visible(true, adms, 101, 10, d(2026, 3, 1)));
}
