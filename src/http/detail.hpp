#pragma once
// Internals of the HTTP layer that do not need Beast, exposed for server.cpp and the unit tests.
// Application code should use http.hpp / server.hpp instead.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/http.hpp"

namespace pt::http::detail {

// --- text and header parsing (util.cpp) ---
bool valid_utf8(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
std::string to_lower_ascii(std::string_view s);
std::string_view trim(std::string_view s);
// "Cookie: a=1; b=2" -> {a:1, b:2}; the first of duplicate names wins, malformed pairs are skipped.
std::map<std::string, std::string> parse_cookies(std::string_view header);
// Decodes "a=1&b=x+y" into out; returns false when some pair had bad escapes or was not UTF-8
// (those pairs are skipped, the rest is kept).
bool parse_query(std::string_view qs, std::multimap<std::string, std::string>& out);
// "Text/HTML; charset=utf-8" -> "text/html"
std::string media_type(std::string_view content_type);
// Parameter of a Content-Type / Content-Disposition style header value, unquoted.
std::optional<std::string> header_param(std::string_view value, std::string_view name);

// --- request bodies (request.cpp, multipart.cpp); both throw pt::UserError(400) ---
Form parse_urlencoded(std::string_view body);
Form parse_multipart(std::string_view body, std::string_view boundary);

// --- gzip (gzip.cpp) ---
std::string gzip_compress(std::string_view data, int level = 6);
std::optional<std::string> gzip_decompress(std::string_view data);  // nullopt: corrupt
bool accepts_gzip(std::string_view accept_encoding);
bool compressible_type(std::string_view content_type);
inline constexpr std::size_t gzip_min_size = 1024;

// --- static files (static_files.cpp) ---
std::string_view content_type_for(std::string_view path);

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);
    // Answers GET/HEAD for `rel`, the decoded path below /static/. Contents (and their gzip
    // form) are cached in memory and re-read when the file's size or mtime changes.
    Response serve(const Request& req, std::string_view rel) const;

private:
    struct Entry {
        long long mtime_ns = 0;
        long long size = 0;
        std::string etag;
        std::string content_type;
        std::shared_ptr<const std::string> data;
        std::shared_ptr<const std::string> gz;  // null when not worth compressing
    };
    std::shared_ptr<const Entry> load(const std::string& rel, const std::filesystem::path& full,
                                      long long mtime_ns, long long size) const;

    std::filesystem::path root_;
    mutable std::shared_mutex mu_;
    mutable std::unordered_map<std::string, std::shared_ptr<const Entry>> cache_;
};

// --- everything between parsing and writing (pipeline.cpp) ---
struct Pipeline {
    Handler app;
    std::unique_ptr<StaticFiles> statics;  // null: no static directory

    // Static files or app (with the exception backstop), then security headers, default
    // Cache-Control and gzip. Never throws.
    Response handle(Request& req) const;
};
// Security headers, Cache-Control and gzip on a finished response (idempotent).
void finalize(const Request& req, Response& res);
// Problem response for an exception that escaped the app.
Response problem_from_exception(std::exception_ptr e, const Request& req);

}  // namespace pt::http::detail
