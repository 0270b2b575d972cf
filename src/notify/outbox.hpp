#pragma once
// E-mail notifications through an outbox: a use case enqueues its message in the same
// transaction as the change it reports, and a worker sends it later over SMTP. A failed send
// is retried with back-off and never deletes the message.
#include "core/clock.hpp"
#include "storage/db.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace pt::web { class Renderer; }

namespace pt::notify {

struct Mail {
    std::string kind;      // "application.approved", "provider.invitation", ...
    std::string to;        // one address
    std::string language;  // "fi" | "en": the recipient's, else "fi"
    std::string subject;
    std::string body_text;
};

// Subject from the i18n key "mail.<kind>.subject" and body from templates/mail_<kind with
// dots as underscores>.mustache ("application.approved" -> mail_application_approved), both
// rendered with `data` in `language`. Throws std::logic_error for a kind without a template.
Mail compose(const web::Renderer& renderer, const std::string& kind, const std::string& language,
             const std::string& to, const nlohmann::json& data);

// Inserts the mail as pending, due now. Call inside the use case's write transaction.
std::int64_t enqueue(db::Connection& c, const Mail& mail, const Clock& clock);

// The language a user with this e-mail last chose in the UI (users.language), else "fi"
// (customers without an account, outside addresses).
std::string recipient_language(db::Connection& c, const std::string& email);
// compose in the recipient's language + enqueue: what a use case normally wants.
std::int64_t enqueue_for(db::Connection& c, const web::Renderer& renderer, const std::string& kind,
                         const std::string& to, const nlohmann::json& data, const Clock& clock);

}  // namespace pt::notify
