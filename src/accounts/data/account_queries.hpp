#pragma once
// SQL of users, sessions, API tokens and login failures (portable SQL, both dialects).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/access.hpp"
#include "storage/db.hpp"

namespace pt::accounts {

struct UserRow {
    Principal principal;
    std::string password_hash;
};

struct ApiTokenRow {
    std::int64_t id = 0;
    std::string name;
    std::string created_at;
    std::optional<std::string> revoked_at;
};

struct SessionRow {
    Principal principal;
    std::string csrf_token;
};

std::optional<UserRow> find_user_by_email(db::Connection& c, const std::string& email);
std::int64_t insert_user(db::Connection& c, const std::string& email, const std::string& name, Role role,
                         const std::string& password_hash, std::optional<std::int64_t> provider_id,
                         std::optional<std::int64_t> customer_id, const std::string& now);

void insert_session(db::Connection& c, const std::string& token_hash, std::int64_t user_id,
                    const std::string& csrf_token, const std::string& now, const std::string& expires_at);
std::optional<SessionRow> find_session(db::Connection& c, const std::string& token_hash, const std::string& now);
void delete_session(db::Connection& c, const std::string& token_hash);

std::int64_t insert_api_token(db::Connection& c, std::int64_t user_id, const std::string& name,
                              const std::string& token_hash, const std::string& now);
std::optional<Principal> find_principal_by_token(db::Connection& c, const std::string& token_hash);
std::vector<ApiTokenRow> list_api_tokens(db::Connection& c, std::int64_t user_id);
// Returns false when the token is not the user's or already revoked.
bool revoke_api_token(db::Connection& c, std::int64_t user_id, std::int64_t token_id, const std::string& now);

void insert_login_failure(db::Connection& c, const std::string& email, const std::string& remote_addr,
                          const std::string& now);
std::int64_t count_login_failures_since(db::Connection& c, const std::string& email, const std::string& since);
void clear_login_failures(db::Connection& c, const std::string& email);

}  // namespace pt::accounts
