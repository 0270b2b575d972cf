#include "accounts/data/account_queries.hpp"

namespace pt::accounts {

namespace {

constexpr const char* kPrincipalColumns =
    "u.id, u.email, u.name, u.role, u.provider_id, u.customer_id";

Principal principal_from(const db::Row& r, std::size_t first = 0) {
    Principal p;
    p.user_id = r.i64(first);
    p.email = r.str(first + 1);
    p.name = r.str(first + 2);
    p.role = role_from(r.str(first + 3)).value_or(Role::customer);
    p.provider_id = r.opt_i64(first + 4);
    p.customer_id = r.opt_i64(first + 5);
    return p;
}

db::Value opt(std::optional<std::int64_t> v) { return v ? db::Value{*v} : db::Value{db::Null{}}; }

}  // namespace

std::optional<UserRow> find_user_by_email(db::Connection& c, const std::string& email) {
    auto r = c.query(std::string("SELECT ") + kPrincipalColumns + ", u.password_hash FROM users u WHERE u.email = ?",
                     {email});
    if (r.empty()) return std::nullopt;
    return UserRow{principal_from(r[0]), r[0].str(6)};
}

std::int64_t insert_user(db::Connection& c, const std::string& email, const std::string& name, Role role,
                         const std::string& password_hash, std::optional<std::int64_t> provider_id,
                         std::optional<std::int64_t> customer_id, const std::string& now) {
    auto r = c.query(
        "INSERT INTO users (email, name, role, password_hash, provider_id, customer_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {email, name, std::string(to_string(role)), password_hash, opt(provider_id), opt(customer_id), now});
    return r[0].i64(0);
}

void insert_session(db::Connection& c, const std::string& token_hash, std::int64_t user_id,
                    const std::string& csrf_token, const std::string& now, const std::string& expires_at) {
    c.execute("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
              {token_hash, user_id, csrf_token, now, expires_at});
}

std::optional<SessionRow> find_session(db::Connection& c, const std::string& token_hash, const std::string& now) {
    auto r = c.query(std::string("SELECT ") + kPrincipalColumns +
                         ", s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id "
                         "WHERE s.token_hash = ? AND s.expires_at > ?",
                     {token_hash, now});
    if (r.empty()) return std::nullopt;
    return SessionRow{principal_from(r[0]), r[0].str(6)};
}

void delete_session(db::Connection& c, const std::string& token_hash) {
    c.execute("DELETE FROM sessions WHERE token_hash = ?", {token_hash});
}

std::int64_t insert_api_token(db::Connection& c, std::int64_t user_id, const std::string& name,
                              const std::string& token_hash, const std::string& now) {
    auto r = c.query("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                     {user_id, name, token_hash, now});
    return r[0].i64(0);
}

std::optional<Principal> find_principal_by_token(db::Connection& c, const std::string& token_hash) {
    auto r = c.query(std::string("SELECT ") + kPrincipalColumns +
                         " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                         "WHERE t.token_hash = ? AND t.revoked_at IS NULL",
                     {token_hash});
    if (r.empty()) return std::nullopt;
    return principal_from(r[0]);
}

std::vector<ApiTokenRow> list_api_tokens(db::Connection& c, std::int64_t user_id) {
    std::vector<ApiTokenRow> out;
    for (const auto& row : c.query("SELECT id, name, created_at, revoked_at FROM api_tokens WHERE user_id = ? "
                                   "ORDER BY id DESC",
                                   {user_id}))
        out.push_back({row.i64(0), row.str(1), row.str(2), row.opt_str(3)});
    return out;
}

bool revoke_api_token(db::Connection& c, std::int64_t user_id, std::int64_t token_id, const std::string& now) {
    return c.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                     {now, token_id, user_id}) == 1;
}

void insert_login_failure(db::Connection& c, const std::string& email, const std::string& remote_addr,
                          const std::string& now) {
    c.execute("INSERT INTO login_failures (email, remote_addr, at) VALUES (?, ?, ?)", {email, remote_addr, now});
}

std::int64_t count_login_failures_since(db::Connection& c, const std::string& email, const std::string& since) {
    return c.query("SELECT COUNT(*) FROM login_failures WHERE email = ? AND at > ?", {email, since})[0].i64(0);
}

void clear_login_failures(db::Connection& c, const std::string& email) {
    c.execute("DELETE FROM login_failures WHERE email = ?", {email});
}

}  // namespace pt::accounts
