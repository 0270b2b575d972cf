#include "reports/reports_service.hpp"

#include <spdlog/spdlog.h>

#include "audit/audit.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "notify/outbox.hpp"
#include "procurement/domain/price_model_json.hpp"
#include "web/renderer.hpp"

namespace pt::reports {

namespace {

constexpr int kBatch = 100;

nlohmann::json opt_json(const std::optional<std::string>& s) { return s ? nlohmann::json(*s) : nlohmann::json(nullptr); }

std::string local_day_of(const std::string& iso) {
    TimePoint t{};
    if (!parse_iso(iso, t)) return iso.substr(0, 10);
    return local_date(t);
}

std::chrono::sys_days day(const std::string& ymd) {
    std::chrono::sys_days d{};
    parse_iso_date(ymd, d);
    return d;
}

bool is_reportable(orders::OrderStatus s) {
    using S = orders::OrderStatus;
    return s == S::ended || s == S::reported || s == S::invoiced || s == S::paid;
}

// A billing report returned after its order was invoiced (a credit note, or a dispute of a
// corrected invoice) is the provider's again while no invoice of the order is open: the
// corrected report is resubmitted, approved and billed by the next run without an order step.
bool reopened_after_invoice(db::Connection& c, const orders::OrderView& o, const std::optional<BillingReportRow>& row) {
    using S = orders::OrderStatus;
    return (o.status == S::invoiced || o.status == S::paid) && row && row->status == "returned" &&
           !order_has_open_invoice(c, o.id);
}

procurement::PriceModel price_model_of(db::Connection& c, std::int64_t service_description_id) {
    if (auto m = procurement::parse_price_model(price_model_of_service(c, service_description_id))) return *m;
    return procurement::PriceModel{procurement::FixedVoucherValue{}, {}};
}

void throw_if_any(const FieldMap& errors) {
    if (!errors.empty()) throw Invalid(errors, "validation.failed");
}

nlohmann::json meetings_json(const std::vector<Meeting>& ms, bool with_actions) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& m : ms) {
        nlohmann::json j = {{"date", m.date}, {"minutes", m.minutes ? nlohmann::json(*m.minutes) : nlohmann::json(nullptr)}};
        if (with_actions) j["actions"] = m.actions;
        a.push_back(std::move(j));
    }
    return a;
}

nlohmann::json common_json(const ReportContext& x) {
    return {{"order_id", x.order.id},
            {"order_status", std::string(orders::to_string(x.order.status))},
            {"contract_number", opt_json(x.order.contract_number)},
            {"provider", {{"id", x.order.provider_id}, {"name", x.order.provider_name}}},
            {"due_on", x.due_on},
            {"overdue", x.overdue},
            {"editable", x.editable}};
}

// Before/after of an audit record: the report's stored fields.
nlohmann::json audit_json(const ServiceReportRow& r) {
    return {{"status", r.status}, {"meetings", r.meetings_json}, {"submitted_at", opt_json(r.submitted_at)}};
}
nlohmann::json audit_json(const BillingReportRow& r) {
    return {{"status", r.status},
            {"meetings", r.meetings_json},
            {"delivery_confirmed", r.delivery_confirmed},
            {"bonus_code", opt_json(r.bonus_code)},
            {"bonus_status", opt_json(r.bonus_status)},
            {"return_reason", opt_json(r.return_reason)}};
}

}  // namespace

std::string due_on_for(const std::optional<std::string>& ended_at, const std::string& updated_at) {
    return to_iso_date(due_date(day(local_day_of(ended_at.value_or(updated_at)))));
}

std::vector<Meeting> meetings_from_json(const std::string& text, bool with_actions) {
    std::vector<Meeting> out;
    auto j = nlohmann::json::parse(text.empty() ? std::string("[]") : text, nullptr, false);
    if (!j.is_array()) return out;
    for (const auto& m : j) {
        if (!m.is_object()) continue;
        Meeting x;
        if (m.contains("date") && m["date"].is_string()) x.date = m["date"].get<std::string>();
        if (m.contains("minutes") && m["minutes"].is_number_integer()) x.minutes = m["minutes"].get<long long>();
        if (with_actions && m.contains("actions") && m["actions"].is_string()) x.actions = m["actions"].get<std::string>();
        out.push_back(std::move(x));
    }
    return out;
}

std::string meetings_to_json(const std::vector<Meeting>& ms, bool with_actions) { return meetings_json(ms, with_actions).dump(); }

nlohmann::json to_json(const ServiceReportView& v) {
    auto j = common_json(v.ctx);
    j["status"] = v.row.status;
    j["starting_situation"] = v.row.starting_situation;
    j["goal"] = v.row.goal;
    j["meetings"] = meetings_json(v.meetings, true);
    j["total_minutes"] = total_minutes(v.meetings);
    j["concrete_actions"] = v.row.concrete_actions;
    j["employment_findings"] = v.row.employment_findings;
    j["follow_up_plan"] = v.row.follow_up_plan;
    j["follow_up_schedule"] = v.row.follow_up_schedule;
    j["submitted_at"] = opt_json(v.row.submitted_at);
    j["updated_at"] = v.row.updated_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.row.updated_at);
    return j;
}

nlohmann::json to_json(const BillingReportView& v) {
    auto j = common_json(v.ctx);
    const bool hourly = is_hourly(v.price_model);
    const auto minutes = total_minutes(v.meetings);
    j["status"] = v.row.status;
    j["price_kind"] = hourly ? "hourly" : "fixed";
    if (const auto* h = std::get_if<procurement::HourlyRate>(&v.price_model.base)) {
        j["hourly_rate_cents"] = h->rate.cents();
        j["cap_cents"] = h->cap.cents();
    }
    j["meetings"] = meetings_json(v.meetings, false);
    j["total_minutes"] = minutes;
    j["over_cap"] = over_cap(v.price_model, minutes);
    j["delivery_confirmed"] = v.row.delivery_confirmed;
    nlohmann::json bonuses = nlohmann::json::array();
    for (const auto& b : v.price_model.bonuses)
        bonuses.push_back({{"code", b.code}, {"amount_cents", b.amount.cents()}, {"evidence", b.evidence}});
    j["available_bonuses"] = bonuses;
    if (v.row.bonus_code) {
        const auto* b = procurement::find_bonus(v.price_model, *v.row.bonus_code);
        j["bonus"] = {{"code", *v.row.bonus_code},
                      {"amount_cents", b ? b->amount.cents() : 0},
                      {"evidence", v.row.bonus_evidence},
                      {"status", opt_json(v.row.bonus_status)}};
    } else {
        j["bonus"] = nullptr;
    }
    j["return_reason"] = opt_json(v.row.return_reason);
    j["submitted_at"] = opt_json(v.row.submitted_at);
    j["decided_at"] = opt_json(v.row.decided_at);
    j["decidable"] = v.decidable;
    return j;
}

orders::OrderView ReportsService::visible_order(db::Connection& c, const Principal& who, std::int64_t order_id,
                                                bool lock) const {
    // Visibility first: an order the caller cannot see does not exist for them.
    auto o = orders::find_order(c, order_id, who);
    if (!o) throw NotFound("order.not_found");
    if (lock) o = orders::lock_order(c, order_id);
    if (!is_reportable(o->status)) throw UserError(409, "reports.order_not_ended", "reports.order_not_ended");
    return *o;
}

ReportContext ReportsService::context(db::Connection& c, const orders::OrderView& o, bool editable_status) const {
    ReportContext x;
    x.order = o;
    x.today = local_date(clock_.now());
    x.due_on = due_on_for(o.ended_at, o.updated_at);
    x.earliest = local_day_of(o.started_at.value_or(o.accepted_at.value_or(o.created_at)));
    x.editable = editable_status &&
                 (o.status == orders::OrderStatus::ended || o.status == orders::OrderStatus::reported);
    return x;
}

ServiceReportView ReportsService::service_report(const Principal& who, std::int64_t order_id) {
    auto lease = db_.acquire();
    auto& c = *lease;
    auto o = visible_order(c, who, order_id, false);
    ServiceReportView v;
    auto row = find_service_report(c, order_id);
    v.row = row.value_or(ServiceReportRow{});
    if (!row) { v.row.order_id = order_id; v.row.status = "not_started"; }
    // Editable for the caller: only the provider's users write reports.
    v.ctx = context(c, o, v.row.status != "submitted" && who.role == Role::provider_user);
    if (row) v.ctx.due_on = row->due_on;
    v.ctx.overdue = is_overdue(v.row.submitted_at.has_value(), day(v.ctx.due_on), day(v.ctx.today));
    v.meetings = meetings_from_json(v.row.meetings_json, true);
    return v;
}

BillingReportView ReportsService::billing_report(const Principal& who, std::int64_t order_id) {
    // The counsellor's working tool is the service report; the billing is between provider and organizer.
    if (who.role == Role::counsellor) throw Forbidden("reports.billing_not_for_counsellor");
    auto lease = db_.acquire();
    auto& c = *lease;
    auto o = visible_order(c, who, order_id, false);
    BillingReportView v;
    auto row = find_billing_report(c, order_id);
    v.row = row.value_or(BillingReportRow{});
    if (!row) { v.row.order_id = order_id; v.row.status = "not_started"; }
    v.ctx = context(c, o, (v.row.status == "not_started" || v.row.status == "draft" || v.row.status == "returned") &&
                              who.role == Role::provider_user);
    if (who.role == Role::provider_user && reopened_after_invoice(c, o, row)) v.ctx.editable = true;
    if (row) v.ctx.due_on = row->due_on;
    v.ctx.overdue = is_overdue(v.row.submitted_at.has_value(), day(v.ctx.due_on), day(v.ctx.today));
    v.meetings = meetings_from_json(v.row.meetings_json, false);
    v.price_model = price_model_of(c, o.service_description_id);
    v.decidable = v.row.status == "submitted";
    return v;
}

std::optional<std::string> ReportsService::missing_reports_key(db::Connection& c, std::int64_t order_id) {
    auto s = find_service_report(c, order_id);
    auto b = find_billing_report(c, order_id);
    const bool service_in = s && s->status == "submitted";
    const bool billing_in = b && (b->status == "submitted" || b->status == "approved");
    if (service_in && billing_in) return std::nullopt;
    if (!service_in && !billing_in) return "reports.missing_both";
    return service_in ? "reports.missing_billing" : "reports.missing_service";
}

void ReportsService::maybe_report_order(db::Connection& c, const Principal& who, std::int64_t order_id) {
    auto o = orders::lock_order(c, order_id);
    if (o && o->status == orders::OrderStatus::ended && !missing_reports_key(c, order_id))
        orders_.report_in(c, who, order_id);
}

ServiceReportView ReportsService::save_service_report(const Principal& who, std::int64_t order_id,
                                                      const std::optional<ServiceReportInput>& input, bool submit) {
    const auto now = to_iso(clock_.now());
    db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto o = visible_order(c, who, order_id, true);
        auto stored = find_service_report(c, order_id);
        if (stored && stored->status == "submitted") throw UserError(409, "reports.already_submitted", "reports.already_submitted");
        auto x = context(c, o, true);
        if (!x.editable) throw UserError(409, "reports.not_editable", "reports.not_editable");
        ServiceReportInput in;
        if (input) in = *input;
        else if (stored) {
            in = {stored->starting_situation, stored->goal, stored->concrete_actions, stored->employment_findings,
                  stored->follow_up_plan, stored->follow_up_schedule, meetings_from_json(stored->meetings_json, true)};
        }
        const auto k = submit ? Completeness::submit : Completeness::draft;
        FieldMap errors;
        ServiceReportRow row;
        row.order_id = order_id;
        row.due_on = stored ? stored->due_on : x.due_on;
        row.starting_situation = check_text("starting_situation", in.starting_situation, kMaxLongText, submit, errors);
        row.goal = check_text("goal", in.goal, kMaxLongText, submit, errors);
        row.concrete_actions = check_text("concrete_actions", in.concrete_actions, kMaxLongText, submit, errors);
        row.employment_findings = check_text("employment_findings", in.employment_findings, kMaxLongText, submit, errors);
        row.follow_up_plan = check_text("follow_up_plan", in.follow_up_plan, kMaxLongText, submit, errors);
        row.follow_up_schedule = check_text("follow_up_schedule", in.follow_up_schedule, kMaxShortText, submit, errors);
        check_meetings(in.meetings, {day(x.earliest), day(x.today), true, true}, k, errors);
        throw_if_any(errors);
        auto meetings = in.meetings;
        for (auto& m : meetings) m.actions = text::trim(m.actions);
        row.meetings_json = meetings_to_json(meetings, true);
        row.status = submit ? "submitted" : "draft";
        if (submit) row.submitted_at = now;
        reports::save_service_report(c, row, who.user_id, now);
        audit::write(c, clock_, {who.user_id, submit ? "report.service.submit" : "report.service.save", "service_report",
                                 std::to_string(order_id), stored ? audit_json(*stored) : nlohmann::json(nullptr),
                                 audit_json(row)});
        if (submit) maybe_report_order(c, who, order_id);
    });
    return service_report(who, order_id);
}

BillingReportView ReportsService::save_billing_report(const Principal& who, std::int64_t order_id,
                                                      const std::optional<BillingReportInput>& input, bool submit) {
    const auto now = to_iso(clock_.now());
    db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto o = visible_order(c, who, order_id, true);
        auto stored = find_billing_report(c, order_id);
        if (stored && (stored->status == "submitted" || stored->status == "approved"))
            throw UserError(409, "reports.already_submitted", "reports.already_submitted");
        auto x = context(c, o, true);
        if (!x.editable && !reopened_after_invoice(c, o, stored))
            throw UserError(409, "reports.not_editable", "reports.not_editable");
        BillingReportInput in;
        if (input) in = *input;
        else if (stored) in = {meetings_from_json(stored->meetings_json, false), stored->delivery_confirmed,
                               stored->bonus_code, stored->bonus_evidence};
        const auto k = submit ? Completeness::submit : Completeness::draft;
        const auto model = price_model_of(c, o.service_description_id);
        FieldMap errors;
        // Hourly services need meetings (check_billing_delivery); fixed ones may list none.
        check_meetings(in.meetings, {day(x.earliest), day(x.today), false, false, false}, k, errors);
        check_billing_delivery(model, in.meetings, in.delivery_confirmed, k, errors);
        check_bonus_claim(model, in.bonus_code, in.bonus_evidence, k, errors);
        throw_if_any(errors);
        BillingReportRow row;
        row.order_id = order_id;
        row.due_on = stored ? stored->due_on : x.due_on;
        auto meetings = in.meetings;
        for (auto& m : meetings) m.actions.clear();
        row.meetings_json = meetings_to_json(meetings, false);
        row.delivery_confirmed = in.delivery_confirmed;
        row.bonus_code = in.bonus_code;
        row.bonus_evidence = in.bonus_code ? text::trim(in.bonus_evidence) : std::string();
        if (submit) {
            row.status = "submitted";
            row.bonus_status = in.bonus_code ? std::optional<std::string>("claimed") : std::nullopt;
            // The first submission counts for timeliness; a resubmission after a return keeps it.
            row.submitted_at = stored && stored->submitted_at ? stored->submitted_at : std::optional<std::string>(now);
        } else {
            // A returned report stays returned (with its reason) until the provider submits it again.
            row.status = stored && stored->status == "returned" ? "returned" : "draft";
            row.return_reason = stored ? stored->return_reason : std::nullopt;
            row.submitted_at = stored ? stored->submitted_at : std::nullopt;
        }
        reports::save_billing_report(c, row, who.user_id, now);
        audit::write(c, clock_, {who.user_id, submit ? "report.billing.submit" : "report.billing.save", "billing_report",
                                 std::to_string(order_id), stored ? audit_json(*stored) : nlohmann::json(nullptr),
                                 audit_json(row)});
        if (submit) maybe_report_order(c, who, order_id);
    });
    return billing_report(who, order_id);
}

namespace {

void mail_provider(db::Connection& c, const Clock& clock, const web::Renderer& renderer, const orders::OrderView& o,
                   const std::string& kind, nlohmann::json data, const std::string& link) {
    data["order_id"] = o.id;
    data["product"] = o.product_card_title;
    data["customer"] = o.customer_name;
    data["contract_number"] = o.contract_number.value_or("");
    data["link"] = link;
    for (const auto& to : orders::provider_user_emails(c, o.provider_id)) {
        try {
            const auto lang = notify::recipient_language(c, to);
            auto localized = data;
            if (data.contains("kind_code")) localized["kind"] = renderer.text(lang, "reports.kind." + data["kind_code"].get<std::string>());
            notify::enqueue(c, notify::compose(renderer, kind, lang, to, localized), clock);
        } catch (const UserError&) {
            spdlog::warn("{}: unusable e-mail address, order {}", kind, o.id);
        }
    }
}

}  // namespace

BillingReportView ReportsService::approve_billing_report(const Principal& who, std::int64_t order_id,
                                                         std::optional<bool> bonus_approved) {
    const auto now = to_iso(clock_.now());
    db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto o = visible_order(c, who, order_id, true);
        auto stored = find_billing_report(c, order_id);
        if (!stored || stored->status != "submitted")
            throw UserError(409, "reports.not_submitted", "reports.not_submitted");
        std::optional<std::string> bonus;
        if (stored->bonus_code) {
            if (!bonus_approved) throw Invalid({{"bonus_approved", "reports.bonus_decision_required"}}, "validation.failed");
            bonus = *bonus_approved ? "approved" : "rejected";
        }
        if (!decide_billing_report(c, order_id, "approved", bonus, std::nullopt, who.user_id, now))
            throw UserError(409, "reports.not_submitted", "reports.not_submitted");
        auto after = *find_billing_report(c, order_id);
        audit::write(c, clock_, {who.user_id, "report.billing.approve", "billing_report", std::to_string(order_id),
                                 audit_json(*stored), audit_json(after)});
        mail_provider(c, clock_, renderer_, o, "billing_report_approved",
                      {{"bonus_code", stored->bonus_code.value_or("")},
                       {"bonus_approved", bonus == std::optional<std::string>("approved")},
                       {"bonus_rejected", bonus == std::optional<std::string>("rejected")}},
                      public_url_ + "/orders/" + std::to_string(order_id) + "/billing-report");
    });
    return billing_report(who, order_id);
}

BillingReportView ReportsService::return_billing_report(const Principal& who, std::int64_t order_id,
                                                        const std::string& reason) {
    if (auto err = return_reason_error_key(reason)) throw Invalid({{"reason", *err}}, "validation.failed");
    const auto clean = text::trim(reason);
    const auto now = to_iso(clock_.now());
    db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto o = visible_order(c, who, order_id, true);
        auto stored = find_billing_report(c, order_id);
        if (!stored || stored->status != "submitted")
            throw UserError(409, "reports.not_submitted", "reports.not_submitted");
        if (!decide_billing_report(c, order_id, "returned", stored->bonus_status, clean, who.user_id, now))
            throw UserError(409, "reports.not_submitted", "reports.not_submitted");
        auto after = *find_billing_report(c, order_id);
        audit::write(c, clock_, {who.user_id, "report.billing.return", "billing_report", std::to_string(order_id),
                                 audit_json(*stored), audit_json(after)});
        mail_provider(c, clock_, renderer_, o, "billing_report_returned", {{"reason", clean}},
                      public_url_ + "/orders/" + std::to_string(order_id) + "/billing-report");
    });
    return billing_report(who, order_id);
}

int ReportsService::remind_overdue() {
    const auto now_tp = clock_.now();
    const auto now = to_iso(now_tp);
    const auto today = local_date(now_tp);
    // Reports never started have no row to mark: an empty draft is made for each overdue one.
    std::vector<std::pair<ReportKind, std::pair<std::int64_t, std::string>>> missing;
    {
        auto lease = db_.acquire();
        for (const auto& r : ended_orders_reports(*lease, std::nullopt)) {
            if (r.order_status != "ended") continue;
            const auto due = due_on_for(r.ended_at, r.updated_at);
            if (due >= today) continue;
            if (!r.service_status) missing.push_back({ReportKind::service, {r.order_id, due}});
            if (!r.billing_status) missing.push_back({ReportKind::billing, {r.order_id, due}});
        }
    }
    if (!missing.empty())
        db_.transact(db::TxMode::write, [&](db::Connection& c) {
            for (const auto& [k, od] : missing) insert_empty_report(c, k, od.first, od.second, now);
        });
    int sent = 0;
    for (;;) {
        std::vector<ReminderCandidate> batch;
        {
            auto lease = db_.acquire();
            batch = reports_to_remind(*lease, today, kBatch);
        }
        int done = 0;
        for (const auto& cand : batch) {
            done += db_.transact(db::TxMode::write, [&](db::Connection& c) {
                // The conditional UPDATE is the claim: of two servers one changes the row and mails.
                if (!claim_reminder(c, cand.kind, cand.order_id, today, now)) return 0;
                auto o = orders::lock_order(c, cand.order_id);
                if (!o) return 0;
                std::string due;
                if (cand.kind == ReportKind::service) due = find_service_report(c, cand.order_id)->due_on;
                else due = find_billing_report(c, cand.order_id)->due_on;
                const std::string path = std::string("/orders/") + std::to_string(cand.order_id) +
                                         (cand.kind == ReportKind::service ? "/service-report" : "/billing-report");
                mail_provider(c, clock_, renderer_, *o, "report_overdue",
                              {{"kind_code", name_of(cand.kind)}, {"due_on", due}}, public_url_ + path);
                audit::write(c, clock_, {std::nullopt, std::string("report.") + name_of(cand.kind) + ".remind",
                                         std::string(table_of(cand.kind)).substr(0, std::string(table_of(cand.kind)).size() - 1),
                                         std::to_string(cand.order_id), nullptr, {{"reminded_at", now}}});
                return 1;
            });
        }
        sent += done;
        if (batch.size() < static_cast<std::size_t>(kBatch) || done == 0) break;
    }
    if (sent) spdlog::info("reports.reminders: {} reminded", sent);
    return sent;
}

}  // namespace pt::reports
