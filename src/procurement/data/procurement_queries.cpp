#include "procurement/data/procurement_queries.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/text.hpp"

namespace pt::procurement {

namespace {

std::chrono::sys_days day(const std::string& s) {
    std::chrono::sys_days d{};
    parse_iso_date(s, d);  // written by us as YYYY-MM-DD; a bad row reads as 1970-01-01
    return d;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

std::string placeholders(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
    return out;
}

constexpr const char* kCallSelect =
    "SELECT id, title, description, period_start, period_end, application_deadline, languages, status, "
    "created_at, updated_at, published_at FROM calls";

CallView call_from(const db::Row& r) {
    CallView v;
    v.call.id = r.i64(0);
    v.title = r.str(1);
    v.description = r.str(2);
    v.call.period = {day(r.str(3)), day(r.str(4))};
    v.call.application_deadline = day(r.str(5));
    v.call.languages = text::split(r.str(6), ',');
    v.call.status = call_status_from(r.str(7)).value_or(CallStatus::draft);
    v.created_at = r.str(8);
    v.updated_at = r.str(9);
    v.published_at = r.opt_str(10);
    return v;
}

void fill_call(db::Connection& c, CallView& v) {
    for (const auto& r : c.query("SELECT sd.id, sd.code, sd.name_fi, sd.name_en, sd.goal, sd.content_limits, sd.price_model "
                                 "FROM call_services cs JOIN service_descriptions sd ON sd.id = cs.service_description_id "
                                 "WHERE cs.call_id = ? ORDER BY sd.id",
                                 {v.call.id})) {
        v.services.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5), r.str(6)});
        v.call.service_description_ids.push_back(r.i64(0));
    }
    for (const auto& r : c.query("SELECT code, text_fi, text_en, attachment_required FROM call_requirements "
                                 "WHERE call_id = ? ORDER BY position",
                                 {v.call.id}))
        v.call.requirements.push_back({r.str(0), r.str(1), r.str(2), r.boolean(3)});
}

void write_call_children(db::Connection& c, const CallView& v, std::int64_t id) {
    c.execute("DELETE FROM call_services WHERE call_id = ?", {id});
    c.execute("DELETE FROM call_requirements WHERE call_id = ?", {id});
    for (auto sd : v.call.service_description_ids)
        c.execute("INSERT INTO call_services (call_id, service_description_id) VALUES (?, ?)", {id, sd});
    std::int64_t pos = 0;
    for (const auto& r : v.call.requirements)
        c.execute("INSERT INTO call_requirements (call_id, position, code, text_fi, text_en, attachment_required) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  {id, ++pos, r.code, r.text_fi, r.text_en, std::int64_t{r.attachment_required ? 1 : 0}});
}

std::string call_where(const CallFilter& f, std::vector<db::Value>& params) {
    if (f.statuses.empty()) return "";
    std::string sql = " WHERE status IN (" + placeholders(f.statuses.size()) + ")";
    for (auto s : f.statuses) params.emplace_back(std::string(to_string(s)));
    return sql;
}

constexpr const char* kAttachmentCols = "id, provider_id, file_name, content_type, size_bytes, sha256, created_at";

AttachmentMeta attachment_from(const db::Row& r, std::size_t i) {
    return {r.i64(i), r.i64(i + 1), r.str(i + 2), r.str(i + 3), r.i64(i + 4), r.str(i + 5), r.str(i + 6)};
}

constexpr const char* kApplicationSelect =
    "SELECT a.id, a.call_id, a.provider_id, a.service_description_id, a.status, a.rejection_reason, "
    "a.submitted_at, a.decided_at, a.created_at, a.updated_at, c.title, p.name, p.business_id, sd.code, "
    "sd.name_fi, sd.name_en, (SELECT ad.id FROM admissions ad WHERE ad.application_id = a.id) "
    "FROM participation_applications a JOIN calls c ON c.id = a.call_id JOIN providers p ON p.id = a.provider_id "
    "JOIN service_descriptions sd ON sd.id = a.service_description_id";

ApplicationView application_from(const db::Row& r) {
    ApplicationView v;
    v.app.id = r.i64(0);
    v.app.call_id = r.i64(1);
    v.app.provider_id = r.i64(2);
    v.app.service_description_id = r.i64(3);
    v.app.status = application_status_from(r.str(4)).value_or(ApplicationStatus::draft);
    v.app.rejection_reason = r.str(5);
    v.submitted_at = r.opt_str(6);
    v.decided_at = r.opt_str(7);
    if (v.decided_at && v.decided_at->size() >= 10) v.app.decided_on = day(v.decided_at->substr(0, 10));
    v.created_at = r.str(8);
    v.updated_at = r.str(9);
    v.call_title = r.str(10);
    v.provider_name = r.str(11);
    v.provider_business_id = r.str(12);
    v.service_code = r.str(13);
    v.service_name_fi = r.str(14);
    v.service_name_en = r.str(15);
    v.admission_id = r.opt_i64(16);
    return v;
}

void fill_answers(db::Connection& c, ApplicationView& v) {
    for (const auto& r : c.query("SELECT ans.requirement_code, ans.text, ans.attachment_id, at.provider_id, at.file_name, "
                                 "at.content_type, at.size_bytes, at.sha256, at.created_at "
                                 "FROM application_answers ans LEFT JOIN attachments at ON at.id = ans.attachment_id "
                                 "WHERE ans.application_id = ? ORDER BY ans.requirement_code",
                                 {v.app.id})) {
        AnswerView a{r.str(0), r.str(1), std::nullopt};
        if (!r.is_null(2)) a.attachment = attachment_from(r, 2);
        v.app.answers.push_back({a.requirement_code, a.text, r.opt_i64(2)});
        v.answers.push_back(std::move(a));
    }
}

std::string application_where(const ApplicationFilter& f, std::vector<db::Value>& params) {
    std::string sql = " WHERE 1 = 1";
    if (f.provider_id) { sql += " AND a.provider_id = ?"; params.emplace_back(*f.provider_id); }
    if (f.status) { sql += " AND a.status = ?"; params.emplace_back(std::string(to_string(*f.status))); }
    if (f.call_id) { sql += " AND a.call_id = ?"; params.emplace_back(*f.call_id); }
    if (f.hide_drafts) sql += " AND a.status <> 'draft'";
    return sql;
}

constexpr const char* kAdmissionSelect =
    "SELECT ad.id, ad.provider_id, ad.service_description_id, ad.call_id, ad.application_id, ad.period_start, "
    "ad.period_end, ad.decided_on, ad.brochure_due, ad.brochure_attachment_id, ad.brochure_received_at, "
    "p.name, sd.code, sd.name_fi, sd.name_en, c.title, "
    "at.id, at.provider_id, at.file_name, at.content_type, at.size_bytes, at.sha256, at.created_at "
    "FROM admissions ad JOIN providers p ON p.id = ad.provider_id "
    "JOIN service_descriptions sd ON sd.id = ad.service_description_id JOIN calls c ON c.id = ad.call_id "
    "LEFT JOIN attachments at ON at.id = ad.brochure_attachment_id";

AdmissionRow admission_row_from(const db::Row& r) {
    return {r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.i64(4), r.str(5), r.str(6), r.str(7), r.str(8),
            r.opt_i64(9), r.opt_str(10)};
}

AdmissionView admission_from(const db::Row& r) {
    AdmissionView v;
    v.row = admission_row_from(r);
    v.provider_name = r.str(11);
    v.service_code = r.str(12);
    v.service_name_fi = r.str(13);
    v.service_name_en = r.str(14);
    v.call_title = r.str(15);
    if (!r.is_null(16)) v.brochure = attachment_from(r, 16);
    return v;
}

std::string admission_where(const AdmissionFilter& f, std::vector<db::Value>& params) {
    std::string sql = " WHERE 1 = 1";
    if (f.provider_id) { sql += " AND ad.provider_id = ?"; params.emplace_back(*f.provider_id); }
    if (f.overdue_on) {
        sql += " AND ad.brochure_received_at IS NULL AND ad.brochure_due < ?";
        params.emplace_back(*f.overdue_on);
    }
    return sql;
}

std::vector<std::string> emails(db::Connection& c, std::string_view sql, const std::vector<db::Value>& params) {
    std::vector<std::string> out;
    for (const auto& r : c.query(sql, params)) out.push_back(r.str(0));
    return out;
}

}  // namespace

// ---- calls

std::int64_t insert_call(db::Connection& c, const CallView& v, const std::string& now) {
    const auto& k = v.call;
    auto id = c.query("INSERT INTO calls (title, description, period_start, period_end, application_deadline, languages, "
                      "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {v.title, v.description, to_iso_date(k.period.start), to_iso_date(k.period.end),
                       to_iso_date(k.application_deadline), join(k.languages), std::string(to_string(k.status)), now,
                       now})[0]
                  .i64(0);
    write_call_children(c, v, id);
    return id;
}

void update_call(db::Connection& c, const CallView& v, const std::string& now) {
    const auto& k = v.call;
    c.execute("UPDATE calls SET title = ?, description = ?, period_start = ?, period_end = ?, application_deadline = ?, "
              "languages = ?, updated_at = ? WHERE id = ?",
              {v.title, v.description, to_iso_date(k.period.start), to_iso_date(k.period.end),
               to_iso_date(k.application_deadline), join(k.languages), now, k.id});
    write_call_children(c, v, k.id);
}

void set_call_status(db::Connection& c, std::int64_t id, CallStatus s, const std::string& now) {
    if (s == CallStatus::published)
        c.execute("UPDATE calls SET status = ?, updated_at = ?, published_at = ? WHERE id = ?",
                  {std::string(to_string(s)), now, now, id});
    else
        c.execute("UPDATE calls SET status = ?, updated_at = ? WHERE id = ?", {std::string(to_string(s)), now, id});
}

std::optional<CallView> find_call(db::Connection& c, std::int64_t id) {
    auto r = c.query(std::string(kCallSelect) + " WHERE id = ?", {id});
    if (r.empty()) return std::nullopt;
    auto v = call_from(r[0]);
    fill_call(c, v);
    return v;
}

std::optional<CallView> lock_call(db::Connection& c, std::int64_t id) {
    if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM calls WHERE id = ? FOR UPDATE", {id});
    return find_call(c, id);
}

std::vector<CallView> list_calls(db::Connection& c, const CallFilter& f) {
    std::vector<db::Value> params;
    auto sql = std::string(kCallSelect) + call_where(f, params) + " ORDER BY period_end DESC, id DESC LIMIT ? OFFSET ?";
    params.emplace_back(std::int64_t{f.limit});
    params.emplace_back(std::int64_t{f.offset});
    std::vector<CallView> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(call_from(r));
        fill_call(c, out.back());  // a page holds a handful of calls
    }
    return out;
}

std::int64_t count_calls(db::Connection& c, const CallFilter& f) {
    std::vector<db::Value> params;
    return c.query("SELECT COUNT(*) FROM calls" + call_where(f, params), params)[0].i64(0);
}

std::vector<std::int64_t> unknown_service_descriptions(db::Connection& c, const std::vector<std::int64_t>& ids) {
    std::vector<std::int64_t> out;
    for (auto id : ids)
        if (c.query("SELECT 1 FROM service_descriptions WHERE id = ?", {id}).empty()) out.push_back(id);
    return out;
}

std::vector<CallService> all_services(db::Connection& c) {
    std::vector<CallService> out;
    for (const auto& r : c.query("SELECT id, code, name_fi, name_en FROM service_descriptions ORDER BY id"))
        out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), "", "", ""});
    return out;
}

// ---- applications

std::int64_t insert_application(db::Connection& c, std::int64_t call_id, std::int64_t provider_id,
                                std::int64_t service_description_id, const std::string& now) {
    return c.query("INSERT INTO participation_applications (call_id, provider_id, service_description_id, status, "
                   "created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, ?) RETURNING id",
                   {call_id, provider_id, service_description_id, now, now})[0]
        .i64(0);
}

std::optional<ApplicationView> find_application(db::Connection& c, std::int64_t id,
                                                std::optional<std::int64_t> provider_scope) {
    std::vector<db::Value> params{id};
    std::string sql = std::string(kApplicationSelect) + " WHERE a.id = ?";
    if (provider_scope) {
        sql += " AND a.provider_id = ?";
        params.emplace_back(*provider_scope);
    }
    auto r = c.query(sql, params);
    if (r.empty()) return std::nullopt;
    auto v = application_from(r[0]);
    fill_answers(c, v);
    return v;
}

std::optional<ApplicationView> lock_application(db::Connection& c, std::int64_t id) {
    if (c.dialect() == db::Dialect::postgres)
        c.query("SELECT id FROM participation_applications WHERE id = ? FOR UPDATE", {id});
    return find_application(c, id);
}

std::vector<ApplicationView> list_applications(db::Connection& c, const ApplicationFilter& f) {
    std::vector<db::Value> params;
    auto sql = std::string(kApplicationSelect) + application_where(f, params) +
               " ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?";
    params.emplace_back(std::int64_t{f.limit});
    params.emplace_back(std::int64_t{f.offset});
    std::vector<ApplicationView> out;
    for (const auto& r : c.query(sql, params)) {
        out.push_back(application_from(r));
        fill_answers(c, out.back());  // a page is at most 100 applications of a few answers
    }
    return out;
}

std::int64_t count_applications(db::Connection& c, const ApplicationFilter& f) {
    std::vector<db::Value> params;
    return c.query("SELECT COUNT(*) FROM participation_applications a" + application_where(f, params), params)[0].i64(0);
}

std::vector<ParticipationApplication> applications_for(db::Connection& c, std::int64_t provider_id,
                                                       std::int64_t service_description_id, std::int64_t call_id) {
    std::vector<ParticipationApplication> out;
    for (const auto& r : c.query("SELECT id, status FROM participation_applications WHERE provider_id = ? AND "
                                 "service_description_id = ? AND call_id = ?",
                                 {provider_id, service_description_id, call_id})) {
        ParticipationApplication a;
        a.id = r.i64(0);
        a.call_id = call_id;
        a.provider_id = provider_id;
        a.service_description_id = service_description_id;
        a.status = application_status_from(r.str(1)).value_or(ApplicationStatus::draft);
        out.push_back(std::move(a));
    }
    return out;
}

void save_answer_text(db::Connection& c, std::int64_t application_id, const std::string& code, const std::string& text) {
    c.execute("INSERT INTO application_answers (application_id, requirement_code, text) VALUES (?, ?, ?) "
              "ON CONFLICT (application_id, requirement_code) DO UPDATE SET text = excluded.text",
              {application_id, code, text});
}

void set_answer_attachment(db::Connection& c, std::int64_t application_id, const std::string& code,
                           std::int64_t attachment_id) {
    c.execute("INSERT INTO application_answers (application_id, requirement_code, text, attachment_id) VALUES (?, ?, '', ?) "
              "ON CONFLICT (application_id, requirement_code) DO UPDATE SET attachment_id = excluded.attachment_id",
              {application_id, code, attachment_id});
}

void touch_application(db::Connection& c, std::int64_t id, const std::string& now) {
    c.execute("UPDATE participation_applications SET updated_at = ? WHERE id = ?", {now, id});
}

void mark_submitted(db::Connection& c, std::int64_t id, const std::string& now) {
    c.execute("UPDATE participation_applications SET status = 'submitted', submitted_at = ?, updated_at = ? WHERE id = ?",
              {now, now, id});
}

void mark_decided(db::Connection& c, std::int64_t id, ApplicationStatus status, const std::string& reason,
                  std::int64_t user_id, const std::string& now) {
    c.execute("UPDATE participation_applications SET status = ?, rejection_reason = ?, decided_at = ?, "
              "decided_by_user_id = ?, updated_at = ? WHERE id = ?",
              {std::string(to_string(status)), reason, now, user_id, now, id});
}

// ---- attachments

std::int64_t insert_attachment(db::Connection& c, const NewAttachment& a, const std::string& now) {
    return c.query("INSERT INTO attachments (provider_id, file_name, content_type, size_bytes, sha256, content, "
                   "uploaded_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {a.provider_id, a.file_name, a.content_type, static_cast<std::int64_t>(a.bytes.size()), a.sha256,
                    db::Blob{a.bytes}, a.uploaded_by_user_id, now})[0]
        .i64(0);
}

std::optional<AttachmentMeta> find_attachment(db::Connection& c, std::int64_t id) {
    auto r = c.query(std::string("SELECT ") + kAttachmentCols + " FROM attachments WHERE id = ?", {id});
    if (r.empty()) return std::nullopt;
    return attachment_from(r[0], 0);
}

std::string attachment_content(db::Connection& c, std::int64_t id) {
    auto r = c.query("SELECT content FROM attachments WHERE id = ?", {id});
    return r.empty() ? std::string() : r[0].blob(0);
}

bool attachment_visible_to_organizer(db::Connection& c, std::int64_t id) {
    return !c.query("SELECT 1 FROM application_answers ans JOIN participation_applications a ON a.id = ans.application_id "
                    "WHERE ans.attachment_id = ? AND a.status <> 'draft' "
                    "UNION ALL SELECT 1 FROM admissions WHERE brochure_attachment_id = ?",
                    {id, id})
                .empty();
}

bool delete_attachment_if_unreferenced(db::Connection& c, std::int64_t id) {
    return c.execute("DELETE FROM attachments WHERE id = ? "
                     "AND NOT EXISTS (SELECT 1 FROM application_answers WHERE attachment_id = ?) "
                     "AND NOT EXISTS (SELECT 1 FROM admissions WHERE brochure_attachment_id = ?)",
                     {id, id, id}) > 0;
}

// ---- admissions

std::int64_t insert_admission(db::Connection& c, const AdmissionRow& a, const std::string& now) {
    return c.query("INSERT INTO admissions (provider_id, service_description_id, call_id, application_id, period_start, "
                   "period_end, decided_on, brochure_due, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                   {a.provider_id, a.service_description_id, a.call_id, a.application_id, a.period_start, a.period_end,
                    a.decided_on, a.brochure_due, now})[0]
        .i64(0);
}

std::vector<AdmissionView> list_admissions(db::Connection& c, const AdmissionFilter& f) {
    std::vector<db::Value> params;
    auto sql = std::string(kAdmissionSelect) + admission_where(f, params) +
               " ORDER BY ad.brochure_due, ad.id LIMIT ? OFFSET ?";
    params.emplace_back(std::int64_t{f.limit});
    params.emplace_back(std::int64_t{f.offset});
    std::vector<AdmissionView> out;
    for (const auto& r : c.query(sql, params)) out.push_back(admission_from(r));
    return out;
}

std::int64_t count_admissions(db::Connection& c, const AdmissionFilter& f) {
    std::vector<db::Value> params;
    return c.query("SELECT COUNT(*) FROM admissions ad" + admission_where(f, params), params)[0].i64(0);
}

std::optional<AdmissionView> find_admission(db::Connection& c, std::int64_t id,
                                            std::optional<std::int64_t> provider_scope) {
    std::vector<db::Value> params{id};
    std::string sql = std::string(kAdmissionSelect) + " WHERE ad.id = ?";
    if (provider_scope) {
        sql += " AND ad.provider_id = ?";
        params.emplace_back(*provider_scope);
    }
    auto r = c.query(sql, params);
    if (r.empty()) return std::nullopt;
    return admission_from(r[0]);
}

std::optional<AdmissionView> lock_admission(db::Connection& c, std::int64_t id,
                                            std::optional<std::int64_t> provider_scope) {
    if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM admissions WHERE id = ? FOR UPDATE", {id});
    return find_admission(c, id, provider_scope);
}

void set_brochure(db::Connection& c, std::int64_t admission_id, std::int64_t attachment_id, const std::string& now) {
    c.execute("UPDATE admissions SET brochure_attachment_id = ?, brochure_received_at = ? WHERE id = ?",
              {attachment_id, now, admission_id});
}

std::vector<std::string> provider_user_emails(db::Connection& c, std::int64_t provider_id) {
    return emails(c, "SELECT email FROM users WHERE provider_id = ? AND role = 'provider_user' ORDER BY id", {provider_id});
}

std::vector<std::string> organizer_admin_emails(db::Connection& c) {
    return emails(c, "SELECT email FROM users WHERE role = 'organizer_admin' ORDER BY id", {});
}

}  // namespace pt::procurement
