#include "http/access_log.hpp"

#include <algorithm>

namespace pt::http {

std::string loggable_path(std::string_view target) {
    const auto path = target.substr(0, target.find('?'));
    constexpr std::string_view secret_parent = "/invitations/";
    std::string out;
    std::size_t pos = 0;
    for (;;) {
        const auto at = path.find(secret_parent, pos);
        if (at == std::string_view::npos) break;
        const auto start = at + secret_parent.size();
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const auto segment = path.substr(start, end - start);
        // A database id (".../invitations/12/revoke") is no secret and helps reading the log.
        const bool id = std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
        out.append(path.substr(pos, start - pos));
        if (segment.empty() || id) out.append(segment);
        else out += "\u2026";
        pos = end;
    }
    out.append(path.substr(pos));
    return out;
}

}  // namespace pt::http
