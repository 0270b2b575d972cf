#include "notify/outbox.hpp"

#include <stdexcept>

#include "core/errors.hpp"
#include "notify/domain/message.hpp"
#include "web/renderer.hpp"

namespace pt::notify {

Mail compose(const web::Renderer& renderer, const std::string& kind, const std::string& language,
             const std::string& to, const nlohmann::json& data) {
    std::string name = "mail_" + kind;
    for (auto& ch : name)
        if (ch == '.') ch = '_';
    if (!renderer.has_template(name)) throw std::logic_error("no e-mail template " + name + " for kind " + kind);
    const std::string lang = renderer.has_language(language) ? language : "fi";
    Mail m;
    m.kind = kind;
    m.to = to;
    m.language = lang;
    // Data may carry line breaks (a call's title); a subject is one line.
    m.subject = one_line(renderer.render_text(renderer.text(lang, "mail." + kind + ".subject"), data, lang));
    m.body_text = renderer.text_fragment(name, data, lang);
    return m;
}

std::int64_t enqueue(db::Connection& c, const Mail& mail, const Clock& clock) {
    // Headers are built from these: a CR or LF would let a caller add its own headers.
    if (!valid_address(mail.to)) throw UserError(422, "validation.failed", "mail.invalid_address", {{"email", "mail.invalid_address"}});
    if (mail.subject.find_first_of("\r\n") != std::string::npos || !valid_utf8(mail.subject) || !valid_utf8(mail.body_text))
        throw std::invalid_argument("e-mail subject has a line break or is not UTF-8");
    if (mail.kind.empty()) throw std::invalid_argument("e-mail without a kind");
    const auto now = to_iso(clock.now());
    auto r = c.query(
        "INSERT INTO outbox (kind, to_address, language, subject, body_text, status, attempts, next_attempt_at, "
        "last_error, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, '', ?) RETURNING id",
        {mail.kind, mail.to, mail.language.empty() ? std::string("fi") : mail.language, mail.subject, mail.body_text,
         now, now});
    return r[0].i64(0);
}

std::string recipient_language(db::Connection& c, const std::string& email) {
    auto r = c.query("SELECT language FROM users WHERE LOWER(email) = LOWER(?) ORDER BY id LIMIT 1", {email});
    return r.empty() ? std::string("fi") : r[0].str(0);
}

std::int64_t enqueue_for(db::Connection& c, const web::Renderer& renderer, const std::string& kind,
                         const std::string& to, const nlohmann::json& data, const Clock& clock) {
    return enqueue(c, compose(renderer, kind, recipient_language(c, to), to, data), clock);
}

}  // namespace pt::notify
