#pragma once
// What a handler receives: the request, who is asking, in which language, and the tools to
// answer. Routes declare the Action they perform; the pipeline (app/pipeline.cpp) checks it
// before the handler runs.
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/access.hpp"
#include "core/clock.hpp"
#include "http/http.hpp"
#include "web/renderer.hpp"

namespace pt::web {

struct Ctx {
    http::Request& req;
    const Renderer& renderer;
    const Clock& clock;
    std::optional<Principal> user;
    std::string lang = "fi";
    std::string csrf_token;      // for forms on the page being rendered
    bool api = false;            // /api/ request: answer JSON and problem+json

    std::string t(const std::string& key) const { return renderer.text(lang, key); }
    // A full page with layout; adds the signed-in user, CSRF token and current path.
    http::Response page(const std::string& name, nlohmann::json data, int status = 200) const;
    const Principal& who() const;  // throws 401 when nobody is signed in
};

using AppHandler = std::function<http::Response(Ctx&)>;

class Routes {
public:
    void add(const std::string& method, const std::string& pattern, Action action, AppHandler h);
    void get(const std::string& pattern, Action action, AppHandler h) { add("GET", pattern, action, std::move(h)); }
    void post(const std::string& pattern, Action action, AppHandler h) { add("POST", pattern, action, std::move(h)); }

    struct Entry {
        Action action;
        AppHandler handler;
    };
    const http::Router& router() const { return router_; }
    const Entry& entry(const std::string& method, const std::string& pattern) const;

private:
    http::Router router_;
    std::unordered_map<std::string, Entry> entries_;  // "GET /orders/{id}" -> entry
};

// Validation helpers: each returns the cleaned value or records a message under the field.
class FieldErrors {
public:
    explicit FieldErrors(const Ctx& ctx) : ctx_(ctx) {}
    // Trimmed text, valid UTF-8, no control characters (newlines allowed when multiline),
    // length in code points within [min, max].
    std::string text(const std::string& field, const std::string& value, std::size_t min, std::size_t max,
                     bool multiline = false);
    // A positive integer id; "" or anything else records an error.
    std::int64_t id(const std::string& field, const std::string& value);
    std::int64_t id(const std::string& field, const nlohmann::json& body);
    std::string json_text(const std::string& field, const nlohmann::json& body, std::size_t min, std::size_t max,
                          bool multiline = false);
    void add(const std::string& field, const std::string& message_key);
    bool empty() const { return errors_.empty(); }
    const std::map<std::string, std::string>& map() const { return errors_; }
    // Throws pt::Invalid when any error was recorded.
    void throw_if_any() const;

private:
    const Ctx& ctx_;
    std::map<std::string, std::string> errors_;
};

// A path parameter that must be a positive integer id; nullopt for anything else (the
// caller answers 404: a malformed id names nothing).
std::optional<std::int64_t> id_param(const Ctx& ctx, const std::string& name = "id");

// Query parameter "page"/"page_size" parsing shared by lists; records errors on bad values.
struct Paging {
    int page = 1;
    int page_size = 20;
    int offset() const { return (page - 1) * page_size; }
};
Paging parse_paging(const Ctx& ctx, int default_size = 20, int max_size = 100);

nlohmann::json list_envelope(nlohmann::json items, std::int64_t total, const Paging& p);

}  // namespace pt::web
