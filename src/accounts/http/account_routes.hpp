#pragma once
#include "accounts/auth.hpp"
#include "web/ctx.hpp"

namespace pt::accounts {

constexpr const char* kSessionCookie = "pt_session";
constexpr const char* kCsrfCookie = "pt_csrf";

// Login, logout, personal API tokens (HTML and JSON), /api/v1/me.
void register_routes(web::Routes& routes, Auth& auth);

// Where each role lands after signing in.
std::string home_for(Role r);

}  // namespace pt::accounts
