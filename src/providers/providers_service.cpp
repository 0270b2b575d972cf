#include "providers/providers_service.hpp"

#include "accounts/data/account_queries.hpp"
#include "accounts/domain/secrets.hpp"
#include "audit/audit.hpp"
#include "core/errors.hpp"
#include "notify/outbox.hpp"
#include "procurement/domain/registration.hpp"
#include "providers/domain/invitation.hpp"

namespace pt::providers {

nlohmann::json to_json(const Organization& o) {
    return {{"business_id", o.business_id},
            {"name", o.name},
            {"municipality", o.municipality},
            {"street_address", o.street_address},
            {"postal_code", o.postal_code},
            {"post_office", o.post_office},
            {"contact_name", o.contact_name},
            {"phone", o.phone},
            {"email", o.email},
            {"ovt", o.ovt},
            {"einvoice_operator", o.einvoice_operator},
            {"iban", o.iban},
            {"website", o.website},
            {"description", o.description}};
}

nlohmann::json to_json(const ProviderRow& p) {
    auto j = to_json(p.org);
    j["id"] = p.id;
    j["created_at"] = p.created_at;
    j["updated_at"] = p.updated_at;
    return j;
}

nlohmann::json to_json(const InvitationRow& i, const std::string& now) {
    return {{"id", i.id},
            {"email", i.email},
            {"status", std::string(to_string(invitation_state(i.accepted_at, i.expires_at, now)))},
            {"invited_by", {{"id", i.invited_by_user_id}, {"name", i.invited_by_name}}},
            {"created_at", i.created_at},
            {"expires_at", i.expires_at}};
}

nlohmann::json to_json(const ProviderUserRow& u) {
    return {{"id", u.id}, {"name", u.name}, {"email", u.email}, {"created_at", u.created_at}};
}

namespace {

nlohmann::json user_audit(const Principal& p) {
    return {{"email", p.email}, {"name", p.name}, {"role", std::string(to_string(p.role))},
            {"provider_id", p.provider_id ? nlohmann::json(*p.provider_id) : nlohmann::json(nullptr)}};
}

UserError taken(const std::string& field, const std::string& key) {
    return UserError(409, "validation.failed", key, {{field, key}});
}

}  // namespace

Principal ProviderService::register_provider(const Organization& org, const NewUser& user, const std::string& lang) {
    const auto hash = accounts::hash_password(user.password);  // slow on purpose: outside the transaction
    const auto now = to_iso(clock_.now());
    try {
        return db_.transact(db::TxMode::write, [&](db::Connection& c) {
            if (business_id_taken(c, org.business_id)) throw taken("business_id", "providers.error.business_id_taken");
            if (user_email_taken(c, user.email)) throw taken("user_email", "providers.error.email_taken");
            auto provider_id = insert_provider(c, org, now);
            Principal p;
            p.email = user.email;
            p.name = user.name;
            p.role = Role::provider_user;
            p.provider_id = provider_id;
            p.user_id = accounts::insert_user(c, user.email, user.name, Role::provider_user, hash, provider_id,
                                              std::nullopt, now);
            // The language of the registration form is the user's first choice for e-mail.
            if (lang == "fi" || lang == "sv" || lang == "en")
                c.execute("UPDATE users SET language = ? WHERE id = ?", {lang, p.user_id});
            auto saved = *find_provider(c, provider_id);
            audit::write(c, clock_, {p.user_id, "provider.register", "provider", std::to_string(provider_id), nullptr,
                                     to_json(saved)});
            audit::write(c, clock_, {p.user_id, "user.create", "user", std::to_string(p.user_id), nullptr, user_audit(p)});
            notify::enqueue(c,
                            notify::compose(renderer_, "provider.registered", lang, user.email,
                                            {{"name", user.name}, {"organization", org.name},
                                             {"business_id", org.business_id},
                                             {"link", public_url_ + "/provider/organization"}}),
                            clock_);
            return p;
        });
    } catch (const db::Error& e) {
        // Two registrations of the same Y-tunnus or e-mail at once: the loser hits the UNIQUE index.
        if (e.kind != db::Error::Kind::unique_violation) throw;
        auto lease = db_.acquire();
        if (business_id_taken(*lease, org.business_id)) throw taken("business_id", "providers.error.business_id_taken");
        throw taken("user_email", "providers.error.email_taken");
    }
}

ProviderRow ProviderService::update_profile(const Principal& who, Organization org) {
    if (!who.provider_id) throw NotFound("providers.not_found");
    const auto now = to_iso(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        auto before = lock_provider(c, *who.provider_id);
        if (!before) throw NotFound("providers.not_found");
        org.business_id = before->org.business_id;
        update_provider(c, before->id, org, now);
        if (org.name != before->org.name) reindex_provider_cards(c, before->id);
        auto after = *find_provider(c, before->id);
        audit::write(c, clock_, {who.user_id, "provider.update", "provider", std::to_string(before->id),
                                 to_json(*before), to_json(after)});
        return after;
    });
}

InvitationRow ProviderService::invite(const Principal& who, const std::string& email, const std::string& lang) {
    if (!who.provider_id) throw NotFound("providers.not_found");
    const auto now_tp = clock_.now();
    const auto now = to_iso(now_tp);
    const auto expires = to_iso(now_tp + kInvitationLifetime);
    const auto token = accounts::random_secret();
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        if (user_email_taken(c, email)) throw taken("email", "providers.error.email_has_account");
        // Locked: two invitations at once cannot both pass the checks below.
        auto provider = lock_provider(c, *who.provider_id);
        if (!provider) throw NotFound("providers.not_found");
        if (pending_invitation_exists(c, provider->id, email, now)) throw taken("email", "providers.error.already_invited");
        if (count_invitations_since(c, provider->id, to_iso(now_tp - kInvitationWindow)) >= kInvitationsPerWindow)
            throw UserError(429, "providers.invitation.too_many_title", "providers.error.too_many_invitations",
                            {{"email", "providers.error.too_many_invitations"}});
        auto id = insert_invitation(c, provider->id, email, accounts::secret_hash(token), who.user_id, now, expires);
        auto row = *find_invitation(c, provider->id, id);
        audit::write(c, clock_, {who.user_id, "provider_invitation.create", "provider_invitation", std::to_string(id),
                                 nullptr, {{"provider_id", provider->id}, {"email", email}, {"expires_at", expires}}});
        notify::enqueue(c,
                        notify::compose(renderer_, "provider.invitation", lang, email,
                                        {{"inviter", who.name}, {"organization", provider->org.name},
                                         {"link", invitation_link(public_url_, token)},
                                         {"expires_at", expires.substr(0, 10)}}),
                        clock_);
        return row;
    });
}

InvitationRow ProviderService::revoke(const Principal& who, std::int64_t invitation_id) {
    if (!who.provider_id) throw NotFound("providers.invitation.not_found");
    const auto now = to_iso(clock_.now());
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        if (!revoke_invitation(c, *who.provider_id, invitation_id, now))
            throw NotFound("providers.invitation.not_found");
        auto row = *find_invitation(c, *who.provider_id, invitation_id);
        audit::write(c, clock_, {who.user_id, "provider_invitation.revoke", "provider_invitation",
                                 std::to_string(invitation_id), {{"status", "pending"}}, {{"status", "revoked"}}});
        return row;
    });
}

InvitationRow ProviderService::invitation_for_token(const std::string& token) {
    if (!plausible_token(token)) throw UserError(404, "providers.invitation.unknown_title", "providers.invitation.unknown");
    auto lease = db_.acquire();
    auto row = find_invitation_by_token_hash(*lease, accounts::secret_hash(token));
    if (!row) throw UserError(404, "providers.invitation.unknown_title", "providers.invitation.unknown");
    if (invitation_state(row->accepted_at, row->expires_at, to_iso(clock_.now())) != InvitationState::pending)
        throw UserError(410, "providers.invitation.gone_title", "providers.invitation.gone");
    return *row;
}

Principal ProviderService::accept_invitation(const std::string& token, const std::string& name,
                                             const std::string& password) {
    auto invitation = invitation_for_token(token);
    const auto hash = accounts::hash_password(password);
    const auto now = to_iso(clock_.now());
    try {
        return db_.transact(db::TxMode::write, [&](db::Connection& c) {
            if (user_email_taken(c, invitation.email))
                throw UserError(409, "providers.invitation.has_account_title", "providers.error.email_has_account");
            Principal p;
            p.email = invitation.email;
            p.name = name;
            p.role = Role::provider_user;
            p.provider_id = invitation.provider_id;
            p.user_id = accounts::insert_user(c, p.email, p.name, Role::provider_user, hash, invitation.provider_id,
                                              std::nullopt, now);
            // Conditional: of two acceptances at once only one finds it still pending.
            if (!providers::accept_invitation(c, invitation.id, p.user_id, now))
                throw UserError(410, "providers.invitation.gone_title", "providers.invitation.gone");
            audit::write(c, clock_, {p.user_id, "provider_invitation.accept", "provider_invitation",
                                     std::to_string(invitation.id), {{"status", "pending"}},
                                     {{"status", "accepted"}, {"user_id", p.user_id}}});
            audit::write(c, clock_, {p.user_id, "user.create", "user", std::to_string(p.user_id), nullptr, user_audit(p)});
            return p;
        });
    } catch (const db::Error& e) {
        if (e.kind != db::Error::Kind::unique_violation) throw;
        throw UserError(409, "providers.invitation.has_account_title", "providers.error.email_has_account");
    }
}

}  // namespace pt::providers
