#pragma once
// SQL of provider organizations, their users and colleague invitations (portable SQL).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "providers/domain/organization.hpp"
#include "storage/db.hpp"

namespace pt::providers {

struct ProviderRow {
    std::int64_t id = 0;
    Organization org;
    std::string created_at;
    std::string updated_at;
};

struct ProviderListRow {
    std::int64_t id = 0;
    std::string business_id;
    std::string name;
    std::string municipality;
    std::int64_t user_count = 0;
    std::int64_t admission_count = 0;
    std::string created_at;
};

struct ProviderUserRow {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::string created_at;
};

struct InvitationRow {
    std::int64_t id = 0;
    std::int64_t provider_id = 0;
    std::string provider_name;
    std::string email;
    std::int64_t invited_by_user_id = 0;
    std::string invited_by_name;
    std::string created_at;
    std::string expires_at;
    std::optional<std::string> accepted_at;
};

std::optional<ProviderRow> find_provider(db::Connection& c, std::int64_t id);
// The same row, locked for the rest of the transaction (PostgreSQL: FOR UPDATE; SQLite's write
// transaction already holds the database lock).
std::optional<ProviderRow> lock_provider(db::Connection& c, std::int64_t id);
bool business_id_taken(db::Connection& c, const std::string& business_id);
std::int64_t insert_provider(db::Connection& c, const Organization& o, const std::string& now);
void update_provider(db::Connection& c, std::int64_t id, const Organization& o, const std::string& now);
// Re-indexes the provider's cards for free-text search (the index holds the provider's name
// and is kept by product_cards triggers, which fire on an UPDATE OF provider_id).
void reindex_provider_cards(db::Connection& c, std::int64_t provider_id);

// Every provider, or only `only_id` (a provider user's own), ordered by name.
std::vector<ProviderListRow> list_providers(db::Connection& c, std::optional<std::int64_t> only_id, int limit, int offset);
std::int64_t count_providers(db::Connection& c, std::optional<std::int64_t> only_id);

std::vector<ProviderUserRow> list_provider_users(db::Connection& c, std::int64_t provider_id);
// Case-insensitive: "Matti@X.fi" and "matti@x.fi" are one account.
bool user_email_taken(db::Connection& c, const std::string& email);

std::int64_t insert_invitation(db::Connection& c, std::int64_t provider_id, const std::string& email,
                               const std::string& token_hash, std::int64_t invited_by, const std::string& now,
                               const std::string& expires_at);
// Invitations the provider has made at or after `since` (any state).
std::int64_t count_invitations_since(db::Connection& c, std::int64_t provider_id, const std::string& since);
// True when the provider has a pending invitation (at `now`) to `email` (case-insensitive).
bool pending_invitation_exists(db::Connection& c, std::int64_t provider_id, const std::string& email,
                               const std::string& now);
// Not yet accepted and not expired at `now`, newest first.
std::vector<InvitationRow> list_pending_invitations(db::Connection& c, std::int64_t provider_id, const std::string& now);
std::optional<InvitationRow> find_invitation_by_token_hash(db::Connection& c, const std::string& token_hash);
std::optional<InvitationRow> find_invitation(db::Connection& c, std::int64_t provider_id, std::int64_t id);
// Marks it used if it still is pending at `now`; false when someone else used it first or it expired.
bool accept_invitation(db::Connection& c, std::int64_t id, std::int64_t user_id, const std::string& now);
// Ends a pending invitation now (its link stops working); false when it was not pending.
bool revoke_invitation(db::Connection& c, std::int64_t provider_id, std::int64_t id, const std::string& now);

}  // namespace pt::providers
