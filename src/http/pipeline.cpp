// What happens to a parsed request before it is written back: static files or the app, the
// exception backstop, then the headers every response carries and gzip.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "core/errors.hpp"
#include "http/detail.hpp"

namespace pt::http::detail {

namespace {

constexpr std::string_view csp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'";

std::string* find_header(Response& res, std::string_view name) {
    for (auto& [k, v] : res.headers)
        if (iequals(k, name)) return &v;
    return nullptr;
}

void default_header(Response& res, std::string_view name, std::string_view value) {
    if (!find_header(res, name)) res.headers.emplace_back(std::string(name), std::string(value));
}

}  // namespace

Response Pipeline::handle(Request& req) const {
    Response res;
    try {
        if (statics && req.path.rfind("/static/", 0) == 0) {
            if (req.method == "GET" || req.method == "HEAD") {
                res = statics->serve(req, std::string_view(req.path).substr(8));
            } else {
                res = Response::problem(405, "Method not allowed", "Static files can only be fetched with GET or HEAD.");
                res.headers.emplace_back("Allow", "GET, HEAD");
            }
        } else {
            res = app(req);
            if (res.status < 100 || res.status > 599) throw std::logic_error("handler returned status " + std::to_string(res.status));
        }
    } catch (...) {
        res = problem_from_exception(std::current_exception(), req);
    }
    finalize(req, res);
    return res;
}

Response problem_from_exception(std::exception_ptr e, const Request& req) {
    try {
        std::rethrow_exception(e);
    } catch (const UserError& u) {
        int status = u.status >= 400 && u.status <= 599 ? u.status : 400;
        nlohmann::json extra = {{"errors", u.field_errors}};
        return Response::problem(status, u.title, u.detail.empty() ? u.title : u.detail, extra);
    } catch (const std::exception& x) {
        spdlog::error("unhandled exception in {} {}: {}", req.method, req.path, x.what());
    } catch (...) {
        spdlog::error("unhandled non-standard exception in {} {}", req.method, req.path);
    }
    return Response::problem(500, "Internal error", "The server could not complete the request.");
}

void finalize(const Request& req, Response& res) {
    // A CR or LF in a value (say a Location built from user input) would split the header.
    for (auto& [k, v] : res.headers) {
        if (k.find_first_of("\r\n") != std::string::npos) k.erase(std::remove_if(k.begin(), k.end(), [](char c) { return c == '\r' || c == '\n'; }), k.end());
        if (v.find_first_of("\r\n") != std::string::npos)
            for (char& c : v)
                if (c == '\r' || c == '\n') c = ' ';
    }

    default_header(res, "Content-Security-Policy", csp);
    default_header(res, "X-Content-Type-Options", "nosniff");
    default_header(res, "Referrer-Policy", "same-origin");
    default_header(res, "X-Frame-Options", "DENY");
    default_header(res, "Cache-Control", "no-store");

    if (res.shared_body || res.body.size() < gzip_min_size || res.status == 204 || res.status == 304) return;
    if (find_header(res, "Content-Encoding")) return;
    const std::string* type = find_header(res, "Content-Type");
    if (!type || !compressible_type(*type)) return;

    // Caches must keep the plain and gzipped forms apart even when this client got plain.
    if (std::string* vary = find_header(res, "Vary")) {
        if (to_lower_ascii(*vary).find("accept-encoding") == std::string::npos) *vary += ", Accept-Encoding";
    } else {
        res.headers.emplace_back("Vary", "Accept-Encoding");
    }
    auto ae = req.headers.find("accept-encoding");
    if (ae == req.headers.end() || !accepts_gzip(ae->second)) return;
    res.body = gzip_compress(res.body);
    res.headers.emplace_back("Content-Encoding", "gzip");
}

}  // namespace pt::http::detail
