// Response constructors and header access.
#include "http/detail.hpp"
#include "http/http.hpp"

namespace pt::http {

void Response::set_header(std::string name, std::string value) {
    for (auto it = headers.begin(); it != headers.end();) {
        if (detail::iequals(it->first, name)) it = headers.erase(it);
        else ++it;
    }
    headers.emplace_back(std::move(name), std::move(value));
}

void Response::add_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }

std::string Response::header(const std::string& name) const {
    for (const auto& [k, v] : headers)
        if (detail::iequals(k, name)) return v;
    return {};
}

Response Response::html(std::string body, int status) {
    Response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    r.body = std::move(body);
    return r;
}

Response Response::json(const nlohmann::json& body, int status) {
    Response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "application/json");
    // replace: a stray invalid UTF-8 string must not turn a response into an exception.
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

Response Response::text(std::string body, int status) {
    Response r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = std::move(body);
    return r;
}

Response Response::redirect(const std::string& location, int status) {
    Response r;
    r.status = status;
    r.headers.emplace_back("Location", location);
    return r;
}

Response Response::problem(int status, const std::string& title, const std::string& detail,
                           const nlohmann::json& extra) {
    nlohmann::json body = {{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
    if (extra.is_object()) body.update(extra);
    Response r = json(body, status);
    r.headers.front().second = "application/problem+json";
    return r;
}

}  // namespace pt::http
