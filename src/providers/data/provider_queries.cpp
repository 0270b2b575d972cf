#include "providers/data/provider_queries.hpp"

namespace pt::providers {

namespace {

constexpr const char* kProviderColumns =
    "id, business_id, name, municipality, street_address, postal_code, post_office, contact_name, phone, email, "
    "ovt, einvoice_operator, iban, website, description, created_at, updated_at";

ProviderRow provider_from(const db::Row& r) {
    ProviderRow p;
    p.id = r.i64(0);
    auto& o = p.org;
    o.business_id = r.str(1);
    o.name = r.str(2);
    o.municipality = r.str(3);
    o.street_address = r.str(4);
    o.postal_code = r.str(5);
    o.post_office = r.str(6);
    o.contact_name = r.str(7);
    o.phone = r.str(8);
    o.email = r.str(9);
    o.ovt = r.str(10);
    o.einvoice_operator = r.str(11);
    o.iban = r.str(12);
    o.website = r.str(13);
    o.description = r.str(14);
    p.created_at = r.str(15);
    p.updated_at = r.str(16);
    return p;
}

std::vector<db::Value> org_values(const Organization& o) {
    return {o.name, o.municipality, o.street_address, o.postal_code, o.post_office, o.contact_name, o.phone,
            o.email, o.ovt, o.einvoice_operator, o.iban, o.website, o.description};
}

constexpr const char* kInvitationSelect =
    "SELECT i.id, i.provider_id, p.name, i.email, i.invited_by_user_id, u.name, i.created_at, i.expires_at, "
    "i.accepted_at FROM provider_invitations i JOIN providers p ON p.id = i.provider_id "
    "JOIN users u ON u.id = i.invited_by_user_id ";

InvitationRow invitation_from(const db::Row& r) {
    return {r.i64(0), r.i64(1), r.str(2), r.str(3), r.i64(4), r.str(5), r.str(6), r.str(7), r.opt_str(8)};
}

}  // namespace

std::optional<ProviderRow> find_provider(db::Connection& c, std::int64_t id) {
    auto r = c.query(std::string("SELECT ") + kProviderColumns + " FROM providers WHERE id = ?", {id});
    if (r.empty()) return std::nullopt;
    return provider_from(r[0]);
}

std::optional<ProviderRow> lock_provider(db::Connection& c, std::int64_t id) {
    std::string sql = std::string("SELECT ") + kProviderColumns + " FROM providers WHERE id = ?";
    if (c.dialect() == db::Dialect::postgres) sql += " FOR UPDATE";
    auto r = c.query(sql, {id});
    if (r.empty()) return std::nullopt;
    return provider_from(r[0]);
}

bool business_id_taken(db::Connection& c, const std::string& business_id) {
    return !c.query("SELECT 1 FROM providers WHERE business_id = ?", {business_id}).empty();
}

std::int64_t insert_provider(db::Connection& c, const Organization& o, const std::string& now) {
    auto values = org_values(o);
    values.insert(values.begin(), o.business_id);
    values.push_back(now);
    values.push_back(now);
    auto r = c.query(
        "INSERT INTO providers (business_id, name, municipality, street_address, postal_code, post_office, "
        "contact_name, phone, email, ovt, einvoice_operator, iban, website, description, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        values);
    return r[0].i64(0);
}

void update_provider(db::Connection& c, std::int64_t id, const Organization& o, const std::string& now) {
    auto values = org_values(o);
    values.push_back(now);
    values.push_back(id);
    c.execute(
        "UPDATE providers SET name = ?, municipality = ?, street_address = ?, postal_code = ?, post_office = ?, "
        "contact_name = ?, phone = ?, email = ?, ovt = ?, einvoice_operator = ?, iban = ?, website = ?, "
        "description = ?, updated_at = ? WHERE id = ?",
        values);
}

void reindex_provider_cards(db::Connection& c, std::int64_t provider_id) {
    c.execute("UPDATE product_cards SET provider_id = provider_id WHERE provider_id = ?", {provider_id});
}

std::vector<ProviderListRow> list_providers(db::Connection& c, std::optional<std::int64_t> only_id, int limit,
                                            int offset) {
    std::string sql =
        "SELECT p.id, p.business_id, p.name, p.municipality, "
        "(SELECT COUNT(*) FROM users u WHERE u.provider_id = p.id), "
        "(SELECT COUNT(*) FROM admissions a WHERE a.provider_id = p.id), p.created_at FROM providers p";
    std::vector<db::Value> params;
    if (only_id) {
        sql += " WHERE p.id = ?";
        params.push_back(*only_id);
    }
    sql += " ORDER BY p.name, p.id LIMIT ? OFFSET ?";
    params.push_back(std::int64_t{limit});
    params.push_back(std::int64_t{offset});
    std::vector<ProviderListRow> out;
    for (const auto& r : c.query(sql, params))
        out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), r.i64(4), r.i64(5), r.str(6)});
    return out;
}

std::int64_t count_providers(db::Connection& c, std::optional<std::int64_t> only_id) {
    if (only_id) return c.query("SELECT COUNT(*) FROM providers WHERE id = ?", {*only_id})[0].i64(0);
    return c.query("SELECT COUNT(*) FROM providers")[0].i64(0);
}

std::vector<ProviderUserRow> list_provider_users(db::Connection& c, std::int64_t provider_id) {
    std::vector<ProviderUserRow> out;
    for (const auto& r : c.query("SELECT id, name, email, created_at FROM users WHERE provider_id = ? ORDER BY name, id",
                                 {provider_id}))
        out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3)});
    return out;
}

bool user_email_taken(db::Connection& c, const std::string& email) {
    return !c.query("SELECT 1 FROM users WHERE LOWER(email) = LOWER(?)", {email}).empty();
}

std::int64_t insert_invitation(db::Connection& c, std::int64_t provider_id, const std::string& email,
                               const std::string& token_hash, std::int64_t invited_by, const std::string& now,
                               const std::string& expires_at) {
    auto r = c.query(
        "INSERT INTO provider_invitations (provider_id, email, token_hash, invited_by_user_id, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        {provider_id, email, token_hash, invited_by, now, expires_at});
    return r[0].i64(0);
}

std::int64_t count_invitations_since(db::Connection& c, std::int64_t provider_id, const std::string& since) {
    return c.query("SELECT COUNT(*) FROM provider_invitations WHERE provider_id = ? AND created_at >= ?",
                   {provider_id, since})[0]
        .i64(0);
}

bool pending_invitation_exists(db::Connection& c, std::int64_t provider_id, const std::string& email,
                               const std::string& now) {
    return !c.query("SELECT 1 FROM provider_invitations WHERE provider_id = ? AND LOWER(email) = LOWER(?) "
                    "AND accepted_at IS NULL AND expires_at > ?",
                    {provider_id, email, now})
                .empty();
}

std::vector<InvitationRow> list_pending_invitations(db::Connection& c, std::int64_t provider_id, const std::string& now) {
    std::vector<InvitationRow> out;
    for (const auto& r : c.query(std::string(kInvitationSelect) +
                                     "WHERE i.provider_id = ? AND i.accepted_at IS NULL AND i.expires_at > ? "
                                     "ORDER BY i.id DESC",
                                 {provider_id, now}))
        out.push_back(invitation_from(r));
    return out;
}

std::optional<InvitationRow> find_invitation_by_token_hash(db::Connection& c, const std::string& token_hash) {
    auto r = c.query(std::string(kInvitationSelect) + "WHERE i.token_hash = ?", {token_hash});
    if (r.empty()) return std::nullopt;
    return invitation_from(r[0]);
}

std::optional<InvitationRow> find_invitation(db::Connection& c, std::int64_t provider_id, std::int64_t id) {
    auto r = c.query(std::string(kInvitationSelect) + "WHERE i.id = ? AND i.provider_id = ?", {id, provider_id});
    if (r.empty()) return std::nullopt;
    return invitation_from(r[0]);
}

bool accept_invitation(db::Connection& c, std::int64_t id, std::int64_t user_id, const std::string& now) {
    return c.execute("UPDATE provider_invitations SET accepted_at = ?, accepted_user_id = ? "
                     "WHERE id = ? AND accepted_at IS NULL AND expires_at > ?",
                     {now, user_id, id, now}) == 1;
}

bool revoke_invitation(db::Connection& c, std::int64_t provider_id, std::int64_t id, const std::string& now) {
    return c.execute("UPDATE provider_invitations SET expires_at = ? "
                     "WHERE id = ? AND provider_id = ? AND accepted_at IS NULL AND expires_at > ?",
                     {now, id, provider_id, now}) == 1;
}

}  // namespace pt::providers
