#include "accounts/auth.hpp"

#include "accounts/domain/secrets.hpp"
#include "audit/audit.hpp"

namespace pt::accounts {

namespace {
// Verifying against a real hash when the email is unknown keeps the response time the same,
// so timing does not reveal which emails have accounts.
const std::string& dummy_hash() {
    static const std::string h = hash_password("not-a-real-password-0000");
    return h;
}
}  // namespace

LoginOutcome Auth::check_password(const std::string& email, const std::string& password,
                                  const std::string& remote_addr, std::optional<UserRow>& user_out) {
    const auto now = clock_.now();
    const auto since = to_iso(now - kFailureWindow);
    auto found = db_.transact(db::TxMode::read, [&](db::Connection& c) -> std::pair<std::int64_t, std::optional<UserRow>> {
        return {count_login_failures_since(c, email, since), find_user_by_email(c, email)};
    });
    if (found.first >= kMaxFailures) return LoginOutcome::throttled;

    bool ok = found.second ? verify_password(password, found.second->password_hash)
                           : (verify_password(password, dummy_hash()), false);
    db_.transact(db::TxMode::write, [&](db::Connection& c) {
        if (ok)
            clear_login_failures(c, email);
        else
            insert_login_failure(c, email, remote_addr, to_iso(now));
    });
    if (!ok) return LoginOutcome::wrong_credentials;
    user_out = std::move(found.second);
    return LoginOutcome::ok;
}

NewSession Auth::start_session(const Principal& p) {
    NewSession s{random_secret(), random_secret(), p};
    const auto now = clock_.now();
    db_.transact(db::TxMode::write, [&](db::Connection& c) {
        insert_session(c, secret_hash(s.cookie_value), p.user_id, s.csrf_token, to_iso(now),
                       to_iso(now + kSessionLifetime));
        audit::write(c, clock_, {p.user_id, "session.start", "user", std::to_string(p.user_id), nullptr, nullptr});
    });
    return s;
}

std::optional<SessionRow> Auth::session(const std::string& cookie_value) {
    if (cookie_value.empty() || cookie_value.size() > 100) return std::nullopt;
    auto lease = db_.acquire();
    return find_session(*lease, secret_hash(cookie_value), to_iso(clock_.now()));
}

void Auth::end_session(const std::string& cookie_value) {
    db_.transact(db::TxMode::write, [&](db::Connection& c) { delete_session(c, secret_hash(cookie_value)); });
}

NewToken Auth::create_token(const Principal& p, const std::string& name) {
    NewToken t{0, random_secret("pt_"), name, to_iso(clock_.now())};
    db_.transact(db::TxMode::write, [&](db::Connection& c) {
        t.id = insert_api_token(c, p.user_id, name, secret_hash(t.token), t.created_at);
        audit::write(c, clock_, {p.user_id, "api_token.create", "api_token", std::to_string(t.id), nullptr,
                                 {{"name", name}}});
    });
    return t;
}

std::optional<Principal> Auth::principal_for_token(const std::string& bearer) {
    if (bearer.size() < 10 || bearer.size() > 100) return std::nullopt;
    auto lease = db_.acquire();
    return find_principal_by_token(*lease, secret_hash(bearer));
}

std::vector<ApiTokenRow> Auth::tokens(const Principal& p) {
    auto lease = db_.acquire();
    return list_api_tokens(*lease, p.user_id);
}

bool Auth::revoke_token(const Principal& p, std::int64_t token_id) {
    return db_.transact(db::TxMode::write, [&](db::Connection& c) {
        bool done = revoke_api_token(c, p.user_id, token_id, to_iso(clock_.now()));
        if (done)
            audit::write(c, clock_, {p.user_id, "api_token.revoke", "api_token", std::to_string(token_id),
                                     {{"revoked", false}}, {{"revoked", true}}});
        return done;
    });
}

}  // namespace pt::accounts
