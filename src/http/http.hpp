#pragma once
// The request/response model every handler sees. Beast types stay inside server.cpp.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace pt::http {

struct UploadedFile {
    std::string field;
    std::string filename;
    std::string content_type;
    std::string data;
};

struct Form {
    std::multimap<std::string, std::string> fields;
    std::vector<UploadedFile> files;
    // First value of a field, or "" when missing.
    std::string get(const std::string& name) const;
    bool has(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
};

struct Request {
    std::string method;                              // "GET", "POST", ...
    std::string target;                              // raw target, "/catalog?q=x"
    std::string path;                                // percent-decoded path, "/catalog"
    std::multimap<std::string, std::string> query;   // decoded query parameters
    std::map<std::string, std::string> headers;      // keys lower-case
    std::map<std::string, std::string> cookies;
    std::map<std::string, std::string> path_params;  // filled by the router: "/orders/{id}"
    std::string body;
    std::string remote_addr;
    bool parse_error = false;                        // form/query could not be parsed (bad encoding)

    std::string header(const std::string& lower_name) const;
    std::optional<std::string> cookie(const std::string& name) const;
    std::string query_param(const std::string& name) const;  // first value or ""
    std::vector<std::string> query_params(const std::string& name) const;
    std::string param(const std::string& name) const;        // path param or ""
    // Body parsed as application/x-www-form-urlencoded or multipart/form-data (by Content-Type).
    // Throws pt::UserError(400) when the body is not parseable.
    const Form& form() const;
    // Body parsed as JSON; throws pt::UserError(400) with a message when it is not JSON.
    nlohmann::json json() const;
    bool wants_json() const;  // path under /api/ or Accept prefers application/json

    mutable std::optional<Form> form_cache;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // Sent instead of `body` when set: the static file cache shares its bytes without copying.
    std::shared_ptr<const std::string> shared_body;

    std::string_view payload() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }
    void set_header(std::string name, std::string value);   // replaces
    void add_header(std::string name, std::string value);   // appends (Set-Cookie)
    std::string header(const std::string& name) const;     // case-insensitive, "" if absent

    static Response html(std::string body, int status = 200);
    static Response json(const nlohmann::json& body, int status = 200);
    static Response text(std::string body, int status = 200);
    static Response redirect(const std::string& location, int status = 303);
    // RFC 9457 problem details, Content-Type application/problem+json.
    static Response problem(int status, const std::string& title, const std::string& detail,
                            const nlohmann::json& extra = nlohmann::json::object());
};

struct CookieOptions {
    std::string path = "/";
    long max_age = -1;        // -1: session cookie; 0: delete
    bool http_only = true;
    bool secure = false;
    std::string same_site = "Lax";
};
std::string make_set_cookie(const std::string& name, const std::string& value, const CookieOptions& o = {});

std::string url_encode(std::string_view s);
// Returns nullopt on malformed percent-escapes.
std::optional<std::string> url_decode(std::string_view s, bool plus_as_space = true);
std::string html_escape(std::string_view s);

using Handler = std::function<Response(Request&)>;

// Routes "GET /orders/{id}/accept" style patterns. {name} matches one path segment.
class Router {
public:
    void add(std::string method, std::string pattern, Handler h);
    void get(std::string pattern, Handler h) { add("GET", std::move(pattern), std::move(h)); }
    void post(std::string pattern, Handler h) { add("POST", std::move(pattern), std::move(h)); }

    enum class MatchKind { found, not_found, method_not_allowed };
    struct Match {
        MatchKind kind = MatchKind::not_found;
        const Handler* handler = nullptr;
        std::map<std::string, std::string> params;
        std::string pattern;          // the matched pattern, for logs and access rules
        std::vector<std::string> allowed;  // for 405
    };
    Match match(const std::string& method, const std::string& path) const;

private:
    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };
    std::vector<Route> routes_;
};

}  // namespace pt::http
