#pragma once
// The life of a request after the server has parsed it, top to bottom in pipeline.cpp:
// match the route → language → who is asking (session or API token) → CSRF check →
// access rule of the route's action → handler → errors rendered as HTML or problem+json.
#include "accounts/auth.hpp"
#include "http/http.hpp"
#include "storage/db.hpp"
#include "web/ctx.hpp"

namespace pt::app {

class Pipeline {
public:
    Pipeline(const web::Routes& routes, const web::Renderer& renderer, const Clock& clock, accounts::Auth& auth)
        : routes_(routes), renderer_(renderer), clock_(clock), auth_(auth) {}

    http::Response handle(http::Request& req) const;
    // The server's own refusals (body too large, unreadable path or headers), rendered like
    // every other error: an HTML page for browsers, problem+json for the API.
    http::Response refusal(int status, const http::Request& partial) const;
    // Asked with the request head only: is the caller a signed-in provider user (bearer token
    // or session cookie)? Uploads of up to 10 MiB are read only for them.
    bool may_upload(const http::Request& head) const;

private:
    // Everything after parsing; sets new_csrf_cookie when a visitor needs a login-form token.
    http::Response dispatch(web::Ctx& ctx, std::string& new_csrf_cookie) const;
    http::Response error(web::Ctx& ctx, int status, const std::string& title, const std::string& detail,
                         const std::map<std::string, std::string>& fields) const;

    const web::Routes& routes_;
    const web::Renderer& renderer_;
    const Clock& clock_;
    accounts::Auth& auth_;
};

// "en" when the cookie or Accept-Language asks for English, otherwise "fi".
std::string pick_language(const http::Request& req);

}  // namespace pt::app
