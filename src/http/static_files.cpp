// /static/<path> from a directory, cached in memory (plain and gzipped) because every page
// pulls its CSS and JS through here. One stat() per request notices edited files.
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <mutex>

#include "http/detail.hpp"

namespace pt::http::detail {

namespace {

constexpr std::size_t max_cached_file = 16u << 20;

// Only plain relative paths: no "..", ".", empty or hidden segments, no backslashes or NULs.
bool safe_relative(std::string_view rel) {
    if (rel.empty() || rel.front() == '/') return false;
    if (rel.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) return false;
    for (std::size_t start = 0;;) {
        auto slash = rel.find('/', start);
        auto seg = rel.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (seg.empty() || seg.front() == '.') return false;
        if (slash == std::string_view::npos) return true;
        start = slash + 1;
    }
}

// If-None-Match: "*" or a list of (possibly weak) tags; compared weakly as RFC 9110 says for GET.
bool etag_matches(std::string_view if_none_match, std::string_view etag, std::string_view gz_etag) {
    while (!if_none_match.empty()) {
        auto comma = if_none_match.find(',');
        auto tag = trim(if_none_match.substr(0, comma));
        if_none_match = comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
        if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
        if (tag == "*" || tag == etag || tag == gz_etag) return true;
    }
    return false;
}

std::string to_hex(unsigned long long v) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    do {
        s.insert(s.begin(), digits[v & 15]);
        v >>= 4;
    } while (v);
    return s;
}

}  // namespace

std::string_view content_type_for(std::string_view path) {
    auto dot = path.rfind('.');
    auto ext = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "woff2") return "font/woff2";
    if (ext == "ico") return "image/x-icon";
    if (ext == "json") return "application/json";
    if (ext == "txt") return "text/plain; charset=utf-8";
    if (ext == "map") return "application/json";
    if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
    if (ext == "webp") return "image/webp";
    return "application/octet-stream";
}

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::shared_ptr<const StaticFiles::Entry> StaticFiles::load(const std::string& rel, const std::filesystem::path& full,
                                                            long long mtime_ns, long long size) const {
    std::ifstream in(full, std::ios::binary);
    if (!in) return nullptr;
    auto data = std::make_shared<std::string>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return nullptr;

    auto e = std::make_shared<Entry>();
    e->mtime_ns = mtime_ns;
    e->size = size;
    e->etag = "\"" + to_hex(static_cast<unsigned long long>(size)) + "-" + to_hex(static_cast<unsigned long long>(mtime_ns)) + "\"";
    e->content_type = std::string(content_type_for(rel));
    if (data->size() >= gzip_min_size && compressible_type(e->content_type))
        e->gz = std::make_shared<const std::string>(gzip_compress(*data, 9));
    e->data = std::move(data);
    if (e->data->size() <= max_cached_file) {
        std::unique_lock lock(mu_);
        cache_[rel] = e;
    }
    return e;
}

Response StaticFiles::serve(const Request& req, std::string_view rel_view) const {
    if (!safe_relative(rel_view)) return Response::problem(404, "Not found", "No such file.");
    std::string rel(rel_view);
    const auto full = root_ / rel;

    struct stat st {};
    if (::stat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return Response::problem(404, "Not found", "No such file.");
    const long long mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
    const long long size = static_cast<long long>(st.st_size);

    std::shared_ptr<const Entry> e;
    {
        std::shared_lock lock(mu_);
        auto it = cache_.find(rel);
        if (it != cache_.end() && it->second->mtime_ns == mtime_ns && it->second->size == size) e = it->second;
    }
    if (!e) e = load(rel, full, mtime_ns, size);
    if (!e) return Response::problem(404, "Not found", "No such file.");

    const bool use_gz = e->gz && accepts_gzip(req.header("accept-encoding"));
    // The gzipped bytes are a different representation, so they get their own tag.
    const std::string gz_etag = e->etag.substr(0, e->etag.size() - 1) + "-gz\"";

    Response res;
    res.headers.reserve(6);
    res.headers.emplace_back("Cache-Control", "public, max-age=86400");
    res.headers.emplace_back("ETag", use_gz ? gz_etag : e->etag);
    if (e->gz) res.headers.emplace_back("Vary", "Accept-Encoding");
    if (etag_matches(req.header("if-none-match"), e->etag, gz_etag)) {
        res.status = 304;
        return res;
    }
    res.headers.emplace_back("Content-Type", e->content_type);
    if (use_gz) {
        res.headers.emplace_back("Content-Encoding", "gzip");
        res.shared_body = e->gz;
    } else {
        res.shared_body = e->data;
    }
    return res;
}

}  // namespace pt::http::detail
