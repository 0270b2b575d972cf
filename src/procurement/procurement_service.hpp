#pragma once
#include <functional>
// Use cases of dynamic purchasing: calls, participation applications with attachments,
// decisions and brochures. Each runs in one write transaction that changes the rows, writes
// the audit record and enqueues the e-mail it causes. Refusals are pt::UserError / pt::Invalid
// whose texts are i18n keys; field names match the form and API fields.
#include <chrono>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/access.hpp"
#include "core/clock.hpp"
#include "procurement/data/procurement_queries.hpp"
#include "storage/db.hpp"

namespace pt::web { class Renderer; }

namespace pt::procurement {

struct Upload {
    std::string file_name;
    std::string claimed_type;  // the upload's Content-Type, a claim only
    std::string bytes;
};

class ProcurementService {
public:
    // `public_url` ("https://palvelutori.example.fi", may be empty) prefixes the links in e-mails.
    ProcurementService(db::Database& db, const Clock& clock, const web::Renderer& renderer, std::string public_url = {})
        : db_(db), clock_(clock), renderer_(renderer), public_url_(std::move(public_url)) {}

    // Calls. `v.call` carries period, deadline, languages, services and requirements.
    CallView create_call(const Principal& who, CallView v);
    CallView update_call(const Principal& who, std::int64_t id, CallView v);  // drafts only
    CallView publish_call(const Principal& who, std::int64_t id);
    CallView close_call(const Principal& who, std::int64_t id);

    // Applications (provider users act on their own provider's only; others' answer 404).
    ApplicationView start_application(const Principal& who, std::int64_t call_id, std::int64_t service_description_id);
    // Texts by requirement code; codes not given stay as they were.
    ApplicationView save_answers(const Principal& who, std::int64_t id, const std::map<std::string, std::string>& texts);
    AttachmentMeta upload_attachment(const Principal& who, std::int64_t id, const std::string& requirement_code,
                                     const Upload& file);
    ApplicationView submit(const Principal& who, std::int64_t id);
    ApplicationView approve(const Principal& who, std::int64_t id);
    ApplicationView reject(const Principal& who, std::int64_t id, const std::string& reason);

    // A brochure (PDF) for an admission; a new upload replaces the previous one.
    AdmissionView upload_brochure(const Principal& who, std::int64_t admission_id, const Upload& file);

private:
    CallView move_call(const Principal& who, std::int64_t id, CallStatus to, const char* action,
                       const std::function<void(const CallView&, std::chrono::sys_days)>& check);
    db::Database& db_;
    const Clock& clock_;
    const web::Renderer& renderer_;
    std::string public_url_;
};

// Which form/API field a call_error key belongs to.
std::string call_error_field(std::string_view key);

// The provider a principal is confined to: its provider_id for a provider user (0 when it has
// none, which matches nothing), nullopt for the organizer's staff who see every row.
std::optional<std::int64_t> provider_scope(const Principal& who);

// The application as the principal may see it: a provider user only its own provider's; the
// organizer's staff any past draft (a draft is the provider's private work and answers 404).
std::optional<ApplicationView> find_visible_application(db::Connection& c, std::int64_t id, const Principal& who);

nlohmann::json to_json(const CallView& v, std::chrono::sys_days today);
nlohmann::json to_json(const AttachmentMeta& a);
nlohmann::json to_json(const ApplicationView& v);
nlohmann::json to_json(const AdmissionView& v, const std::string& today);

}  // namespace pt::procurement
