#pragma once
// SQL of calls for participation, participation applications, their answers and attachments,
// and admissions. Row scope (a provider sees only its own) is a parameter of the reads:
// `provider_id` set means "only this provider's rows".
#include "procurement/data/admission_queries.hpp"
#include "procurement/domain/application.hpp"
#include "procurement/domain/call.hpp"
#include "storage/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pt::procurement {

// A service description as a call shows it: names and the frame it sets for cards.
struct CallService {
    std::int64_t id = 0;
    std::string code, name_fi, name_en;
    std::string goal, content_limits;
    std::string price_model;  // JSON text as stored
    const std::string& name(const std::string& lang) const { return lang == "en" ? name_en : name_fi; }
};

struct CallView {
    CallForParticipation call;
    std::string title, description;
    std::string created_at, updated_at;
    std::optional<std::string> published_at;
    std::vector<CallService> services;  // in service description id order
};

struct CallFilter {
    std::vector<CallStatus> statuses;  // empty: every status
    int limit = 20;
    int offset = 0;
};

std::int64_t insert_call(db::Connection& c, const CallView& v, const std::string& now);
// Title, description, dates, languages, services and requirements (replaced whole).
void update_call(db::Connection& c, const CallView& v, const std::string& now);
void set_call_status(db::Connection& c, std::int64_t id, CallStatus s, const std::string& now);
std::optional<CallView> find_call(db::Connection& c, std::int64_t id);
// Within a write transaction: takes the call's row lock (PostgreSQL), then reads it.
std::optional<CallView> lock_call(db::Connection& c, std::int64_t id);
// Newest period first; services are filled, requirements too.
std::vector<CallView> list_calls(db::Connection& c, const CallFilter& f);
std::int64_t count_calls(db::Connection& c, const CallFilter& f);
// Ids among `ids` that name no service description.
std::vector<std::int64_t> unknown_service_descriptions(db::Connection& c, const std::vector<std::int64_t>& ids);
// Every service description for the call form: id, code, names (frame fields left empty).
std::vector<CallService> all_services(db::Connection& c);

struct AttachmentMeta {
    std::int64_t id = 0;
    std::int64_t provider_id = 0;
    std::string file_name, content_type;
    std::int64_t size_bytes = 0;
    std::string sha256;  // hex
    std::string created_at;
};

struct AnswerView {
    std::string requirement_code;
    std::string text;
    std::optional<AttachmentMeta> attachment;
};

struct ApplicationView {
    ParticipationApplication app;  // answers without attachment details
    std::string call_title;
    std::string provider_name, provider_business_id;
    std::string service_code, service_name_fi, service_name_en;
    std::optional<std::string> submitted_at, decided_at;
    std::string created_at, updated_at;
    std::vector<AnswerView> answers;  // same answers with attachment details
    std::optional<std::int64_t> admission_id;
};

struct ApplicationFilter {
    std::optional<std::int64_t> provider_id;  // scope
    std::optional<ApplicationStatus> status;
    std::optional<std::int64_t> call_id;
    bool hide_drafts = false;  // the organizer sees an application once it is submitted
    int limit = 20;
    int offset = 0;
};

// Throws db::Error unique_violation when the provider already applied for the service in this call.
std::int64_t insert_application(db::Connection& c, std::int64_t call_id, std::int64_t provider_id,
                                std::int64_t service_description_id, const std::string& now);
std::optional<ApplicationView> find_application(db::Connection& c, std::int64_t id,
                                                std::optional<std::int64_t> provider_scope = std::nullopt);
std::optional<ApplicationView> lock_application(db::Connection& c, std::int64_t id);
std::vector<ApplicationView> list_applications(db::Connection& c, const ApplicationFilter& f);
std::int64_t count_applications(db::Connection& c, const ApplicationFilter& f);
// Every application of the provider in the call for the service (for the duplicate rule).
std::vector<ParticipationApplication> applications_for(db::Connection& c, std::int64_t provider_id,
                                                       std::int64_t service_description_id, std::int64_t call_id);

void save_answer_text(db::Connection& c, std::int64_t application_id, const std::string& code, const std::string& text);
void set_answer_attachment(db::Connection& c, std::int64_t application_id, const std::string& code,
                           std::int64_t attachment_id);
void touch_application(db::Connection& c, std::int64_t id, const std::string& now);
void mark_submitted(db::Connection& c, std::int64_t id, const std::string& now);
void mark_decided(db::Connection& c, std::int64_t id, ApplicationStatus status, const std::string& reason,
                  std::int64_t user_id, const std::string& now);

struct NewAttachment {
    std::int64_t provider_id = 0;
    std::string file_name, content_type;
    std::string bytes;
    std::string sha256;
    std::int64_t uploaded_by_user_id = 0;
};
std::int64_t insert_attachment(db::Connection& c, const NewAttachment& a, const std::string& now);
std::optional<AttachmentMeta> find_attachment(db::Connection& c, std::int64_t id);
std::string attachment_content(db::Connection& c, std::int64_t id);
// Whether the organizer's staff may read the attachment: it is the attachment of an answer in an
// application past draft, or an admission's brochure. A draft's files stay the provider's own.
bool attachment_visible_to_organizer(db::Connection& c, std::int64_t id);
// Deletes the attachment when no answer and no admission refers to it; true when deleted.
bool delete_attachment_if_unreferenced(db::Connection& c, std::int64_t id);

struct AdmissionView {
    AdmissionRow row;
    std::string provider_name;
    std::string service_code, service_name_fi, service_name_en;
    std::string call_title;
    std::optional<AttachmentMeta> brochure;
};

struct AdmissionFilter {
    std::optional<std::int64_t> provider_id;  // scope
    // "YYYY-MM-DD": only admissions whose brochure was due before it and has not arrived.
    std::optional<std::string> overdue_on;
    int limit = 50;
    int offset = 0;
};

std::int64_t insert_admission(db::Connection& c, const AdmissionRow& a, const std::string& now);
std::vector<AdmissionView> list_admissions(db::Connection& c, const AdmissionFilter& f);
std::int64_t count_admissions(db::Connection& c, const AdmissionFilter& f);
std::optional<AdmissionView> find_admission(db::Connection& c, std::int64_t id,
                                            std::optional<std::int64_t> provider_scope = std::nullopt);
// Within a write transaction: takes the admission's row lock (PostgreSQL), then reads it.
std::optional<AdmissionView> lock_admission(db::Connection& c, std::int64_t id,
                                            std::optional<std::int64_t> provider_scope = std::nullopt);
void set_brochure(db::Connection& c, std::int64_t admission_id, std::int64_t attachment_id, const std::string& now);

// Addresses for notifications.
std::vector<std::string> provider_user_emails(db::Connection& c, std::int64_t provider_id);
std::vector<std::string> organizer_admin_emails(db::Connection& c);

}  // namespace pt::procurement
