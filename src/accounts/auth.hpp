#pragma once
// Signing in and recognising who is asking: password login with throttling, server-side
// sessions (shared by every server process through the database) and personal API tokens.
#include <optional>
#include <string>

#include "accounts/data/account_queries.hpp"
#include "core/clock.hpp"
#include "storage/db.hpp"

namespace pt::accounts {

struct NewSession {
    std::string cookie_value;   // given to the browser; only its hash is stored
    std::string csrf_token;
    Principal principal;
};

struct NewToken {
    std::int64_t id;
    std::string token;          // shown once
    std::string name;
    std::string created_at;
};

enum class LoginOutcome { ok, wrong_credentials, throttled };

class Auth {
public:
    static constexpr int kMaxFailures = 5;             // within kFailureWindow
    static constexpr std::chrono::minutes kFailureWindow{15};
    static constexpr std::chrono::hours kSessionLifetime{12};

    Auth(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

    // Checks the password (argon2id) unless the email is throttled; records failures.
    LoginOutcome check_password(const std::string& email, const std::string& password,
                                const std::string& remote_addr, std::optional<UserRow>& user_out);
    NewSession start_session(const Principal& p);
    std::optional<SessionRow> session(const std::string& cookie_value);
    void end_session(const std::string& cookie_value);

    NewToken create_token(const Principal& p, const std::string& name);
    std::optional<Principal> principal_for_token(const std::string& bearer);
    std::vector<ApiTokenRow> tokens(const Principal& p);
    bool revoke_token(const Principal& p, std::int64_t token_id);

private:
    db::Database& db_;
    const Clock& clock_;
};

}  // namespace pt::accounts
