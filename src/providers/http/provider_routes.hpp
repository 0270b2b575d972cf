#pragma once
#include "accounts/auth.hpp"
#include "providers/providers_service.hpp"
#include "web/ctx.hpp"

namespace pt::providers {

// Registration (/register), the organization profile and colleagues (/provider/organization),
// invitation links (/invitations/{token}), the organizer's list (/admin/providers) and the
// JSON API (/api/v1/provider, /api/v1/providers). Registration and accepting an invitation
// are HTML only: both end in a browser session.
// public_url: the configured address of the site for links in mails ("" = paths only).
void register_routes(web::Routes& routes, db::Database& db, accounts::Auth& auth, const web::Renderer& renderer,
                     const Clock& clock, const std::string& public_url);

}  // namespace pt::providers
