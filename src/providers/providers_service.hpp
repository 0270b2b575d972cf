#pragma once
// Use cases of provider organizations: self-service registration, the profile, colleague
// invitations. Each change runs in one write transaction with its audit record and, where a
// mail goes out, its outbox row. Refusals are pt::UserError with i18n keys as texts.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/access.hpp"
#include "core/clock.hpp"
#include "providers/data/provider_queries.hpp"
#include "providers/domain/organization.hpp"
#include "storage/db.hpp"

namespace pt::web { class Renderer; }

namespace pt::providers {

class ProviderService {
public:
    // public_url: the site's configured address for links in mails ("" = paths only).
    ProviderService(db::Database& db, const Clock& clock, const web::Renderer& renderer, std::string public_url)
        : db_(db), clock_(clock), renderer_(renderer), public_url_(std::move(public_url)) {}

    // Creates the organization and its first user; mails "provider.registered" to the user.
    // 409 with a field error when the Y-tunnus or the e-mail is taken.
    Principal register_provider(const Organization& org, const NewUser& user, const std::string& lang);
    // The caller's own organization; every change audited with before and after.
    ProviderRow update_profile(const Principal& who, Organization org);
    // A week-long link mailed to `email` ("provider.invitation"); 409 when it has an account.
    InvitationRow invite(const Principal& who, const std::string& email, const std::string& lang);
    // 404 unless a pending invitation of the caller's organization.
    InvitationRow revoke(const Principal& who, std::int64_t invitation_id);
    // 404 for an unknown token, 410 for a used or expired one.
    InvitationRow invitation_for_token(const std::string& token);
    // The colleague's account, signed in by the caller; the invitation is used up.
    Principal accept_invitation(const std::string& token, const std::string& name, const std::string& password);

    const std::string& public_url() const { return public_url_; }

private:
    db::Database& db_;
    const Clock& clock_;
    const web::Renderer& renderer_;
    std::string public_url_;
};

nlohmann::json to_json(const Organization& o);
nlohmann::json to_json(const ProviderRow& p);
nlohmann::json to_json(const InvitationRow& i, const std::string& now);
nlohmann::json to_json(const ProviderUserRow& u);

}  // namespace pt::providers
