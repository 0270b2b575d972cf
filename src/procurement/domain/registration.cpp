#include "procurement/domain/registration.hpp"

#include <algorithm>
#include <cctype>
#include <array>
#include <utility>

#include "core/text.hpp"
#include "core/ytunnus.hpp"

namespace pt::procurement {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_alnum_ascii(char c) { return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z'); }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// IBAN lengths of the countries a Finnish city's providers most likely bank in (SWIFT IBAN registry).
constexpr std::array<std::pair<std::string_view, std::size_t>, 20> iban_lengths{{
    {"FI", 18}, {"AX", 18}, {"SE", 24}, {"NO", 15}, {"DK", 18}, {"IS", 26}, {"EE", 20},
    {"LV", 21}, {"LT", 20}, {"DE", 22}, {"GB", 22}, {"IE", 22}, {"NL", 18}, {"BE", 16},
    {"FR", 27}, {"ES", 24}, {"IT", 27}, {"PL", 28}, {"AT", 20}, {"CH", 21},
}};

std::string without_spaces(std::string_view s) {
    std::string out;
    for (char c : text::trim(s))
        if (c != ' ') out.push_back(c);
    return out;
}

bool mod97_ok(std::string_view iban) {
    // Move the first four characters to the end, letters become 10..35, read as a number mod 97.
    const std::string r = std::string(iban.substr(4)) + std::string(iban.substr(0, 4));
    int rem = 0;
    for (char c : r) {
        if (is_digit(c)) {
            rem = (rem * 10 + (c - '0')) % 97;
        } else {
            rem = (rem * 100 + (c - 'A' + 10)) % 97;
        }
    }
    return rem == 1;
}

}  // namespace

std::string compact_iban(std::string_view s) {
    std::string out = without_spaces(s);
    std::ranges::transform(out, out.begin(), upper);
    return out;
}

std::optional<std::string_view> iban_error(std::string_view s) {
    const std::string iban = compact_iban(s);
    if (iban.empty()) return "iban.required";
    if (iban.size() < 4 || !is_upper(iban[0]) || !is_upper(iban[1]) || !is_digit(iban[2]) || !is_digit(iban[3]))
        return "iban.invalid_format";
    if (!std::ranges::all_of(iban, is_alnum_ascii)) return "iban.invalid_format";
    const std::string_view country = std::string_view(iban).substr(0, 2);
    if ((country == "FI" || country == "AX") && !std::ranges::all_of(iban.substr(2), is_digit))
        return "iban.invalid_format";
    const auto known = std::ranges::find(iban_lengths, country, &std::pair<std::string_view, std::size_t>::first);
    if (known != iban_lengths.end() ? iban.size() != known->second : (iban.size() < 15 || iban.size() > 34))
        return "iban.wrong_length";
    if (!mod97_ok(iban)) return "iban.checksum";
    return std::nullopt;
}

std::optional<std::string> normalize_iban(std::string_view s) {
    if (iban_error(s)) return std::nullopt;
    return compact_iban(s);
}

std::string format_iban(std::string_view compact) {
    std::string out;
    for (std::size_t i = 0; i < compact.size(); ++i) {
        if (i > 0 && i % 4 == 0) out.push_back(' ');
        out.push_back(compact[i]);
    }
    return out;
}

std::optional<std::string_view> ovt_error(std::string_view s, std::string_view business_id) {
    std::string ovt = without_spaces(s);
    std::ranges::transform(ovt, ovt.begin(), upper);
    if (ovt.empty()) return "ovt.required";
    if (ovt.size() < 12 || ovt.size() > 17 || !ovt.starts_with("0037")) return "ovt.invalid_format";
    const std::string_view digits = std::string_view(ovt).substr(4, 8);
    if (!std::ranges::all_of(digits, is_digit)) return "ovt.invalid_format";
    if (!std::ranges::all_of(std::string_view(ovt).substr(12), [](char c) { return is_digit(c) || is_upper(c); }))
        return "ovt.invalid_format";
    const std::string embedded = std::string(digits.substr(0, 7)) + "-" + std::string(digits.substr(7));
    if (!is_valid_business_id(embedded)) return "ovt.invalid_business_id";
    if (embedded != business_id) return "ovt.business_id_mismatch";
    return std::nullopt;
}

std::optional<std::string> normalize_ovt(std::string_view s, std::string_view business_id) {
    if (ovt_error(s, business_id)) return std::nullopt;
    std::string ovt = without_spaces(s);
    std::ranges::transform(ovt, ovt.begin(), upper);
    return ovt;
}

namespace {

bool youtube_id(std::string_view id) {
    return id.size() == 11 && std::ranges::all_of(id, [](char c) { return is_alnum_ascii(c) || c == '-' || c == '_'; });
}

bool vimeo_id(std::string_view id) {
    return !id.empty() && id.size() <= 12 && id[0] != '0' && std::ranges::all_of(id, is_digit);
}

// The value of `key` in a query string "a=1&v=ID&t=3", if present exactly once.
std::optional<std::string_view> query_param(std::string_view query, std::string_view key) {
    std::optional<std::string_view> found;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view part = query.substr(0, amp);
        if (part.starts_with(key) && part.size() > key.size() && part[key.size()] == '=') {
            if (found) return std::nullopt;
            found = part.substr(key.size() + 1);
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return found;
}

}  // namespace

std::string VideoLink::canonical_url() const {
    return host == VideoHost::youtube ? "https://www.youtube.com/watch?v=" + id : "https://vimeo.com/" + id;
}

std::optional<VideoLink> parse_video_url(std::string_view url) {
    constexpr std::string_view scheme = "https://";
    if (url.size() > 200) return std::nullopt;
    // Only printable ASCII without spaces, backslashes or percent-escapes: nothing to decode or
    // normalize, so what we check is what a browser fetches.
    for (char c : url)
        if (c <= ' ' || c >= 0x7f || c == '\\' || c == '%') return std::nullopt;
    std::string lower(url.substr(0, std::min(url.size(), scheme.size())));
    std::ranges::transform(lower, lower.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
    if (lower != scheme) return std::nullopt;
    std::string_view rest = url.substr(scheme.size());
    const auto host_end = rest.find_first_of("/?#");
    std::string host(rest.substr(0, host_end));
    std::ranges::transform(host, host.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
    rest = host_end == std::string_view::npos ? std::string_view{} : rest.substr(host_end);
    // Drop a fragment (e.g. "#t=30"); it never reaches the server.
    if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    const auto q = rest.find('?');
    const std::string_view path = rest.substr(0, q);
    const std::string_view query = q == std::string_view::npos ? std::string_view{} : rest.substr(q + 1);

    if (host == "youtube.com" || host == "www.youtube.com" || host == "m.youtube.com") {
        if (path != "/watch") return std::nullopt;
        const auto v = query_param(query, "v");
        if (!v || !youtube_id(*v)) return std::nullopt;
        return VideoLink{VideoHost::youtube, std::string(*v)};
    }
    if (host == "youtu.be") {
        if (path.size() < 2) return std::nullopt;
        const std::string_view id = path.substr(1);
        if (!youtube_id(id)) return std::nullopt;
        return VideoLink{VideoHost::youtube, std::string(id)};
    }
    if (host == "vimeo.com" || host == "www.vimeo.com") {
        if (path.size() < 2 || !query.empty()) return std::nullopt;
        const std::string_view id = path.substr(1);
        if (!vimeo_id(id)) return std::nullopt;
        return VideoLink{VideoHost::vimeo, std::string(id)};
    }
    return std::nullopt;
}

std::optional<std::string_view> video_url_error(std::string_view url) {
    if (text::trim(url).empty()) return std::nullopt;
    return parse_video_url(text::trim(url)) ? std::nullopt : std::optional<std::string_view>("video.not_allowed");
}

}  // namespace pt::procurement
