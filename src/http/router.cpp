// Pattern router: "/orders/{id}/accept". A literal segment beats a {param} at the first
// position where two matching routes differ, so "/orders/new" wins over "/orders/{id}".
#include <algorithm>
#include <stdexcept>

#include "http/http.hpp"

namespace pt::http {

namespace {

std::vector<std::string_view> split_path(std::string_view p) {
    std::vector<std::string_view> out;
    if (!p.empty() && p.front() == '/') p.remove_prefix(1);
    if (p.empty()) return out;
    for (std::size_t start = 0;;) {
        auto slash = p.find('/', start);
        out.push_back(p.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

bool is_param(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

// True when a should be preferred over b (both match the same path).
bool more_specific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (std::size_t i = 0; i < a.size(); ++i) {
        bool pa = is_param(a[i]), pb = is_param(b[i]);
        if (pa != pb) return !pa;
    }
    return false;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler h) {
    if (pattern.empty() || pattern.front() != '/') throw std::invalid_argument("route pattern must start with '/': " + pattern);
    Route r{std::move(method), pattern, {}, std::move(h)};
    for (auto seg : split_path(pattern)) r.segments.emplace_back(seg);
    for (const auto& other : routes_)
        if (other.method == r.method && other.pattern == r.pattern)
            throw std::invalid_argument("route registered twice: " + r.method + " " + r.pattern);
    routes_.push_back(std::move(r));
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
    Match m;
    const auto segs = split_path(path);
    const Route* best = nullptr;
    bool path_matched = false;
    for (const auto& r : routes_) {
        if (r.segments.size() != segs.size()) continue;
        bool ok = true;
        for (std::size_t i = 0; ok && i < segs.size(); ++i)
            ok = is_param(r.segments[i]) ? !segs[i].empty() : r.segments[i] == segs[i];
        if (!ok) continue;
        path_matched = true;
        // HEAD is answered by GET routes; the server drops the body.
        bool method_ok = r.method == method || (method == "HEAD" && r.method == "GET");
        if (!method_ok) {
            m.allowed.push_back(r.method);
            if (r.method == "GET") m.allowed.push_back("HEAD");
            continue;
        }
        if (!best || more_specific(r.segments, best->segments) ||
            (method == "HEAD" && r.method == "HEAD" && best->method == "GET" && !more_specific(best->segments, r.segments)))
            best = &r;
    }
    if (best) {
        m.kind = MatchKind::found;
        m.handler = &best->handler;
        m.pattern = best->pattern;
        m.allowed.clear();
        for (std::size_t i = 0; i < segs.size(); ++i) {
            const auto& seg = best->segments[i];
            if (is_param(seg)) m.params.emplace(seg.substr(1, seg.size() - 2), segs[i]);
        }
    } else if (path_matched) {
        m.kind = MatchKind::method_not_allowed;
        std::sort(m.allowed.begin(), m.allowed.end());
        m.allowed.erase(std::unique(m.allowed.begin(), m.allowed.end()), m.allowed.end());
    }
    return m;
}

}  // namespace pt::http
