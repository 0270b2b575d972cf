#include "web/ctx.hpp"

#include <charconv>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace pt::web {

http::Response Ctx::page(const std::string& name, nlohmann::json data, int status) const {
    data["csrf_token"] = csrf_token;
    data["path"] = req.path;
    if (user) {
        data["me"] = {{"name", user->name}, {"email", user->email}, {"role", std::string(to_string(user->role))}};
        data["me"]["is_" + std::string(to_string(user->role))] = true;
        data["me"]["role_name"] = t("role." + std::string(to_string(user->role)));
    }
    return http::Response::html(renderer.page(name, std::move(data), lang), status);
}

const Principal& Ctx::who() const {
    if (!user) throw UserError(401, t("error.unauthenticated"), t("error.unauthenticated_detail"));
    return *user;
}

void Routes::add(const std::string& method, const std::string& pattern, Action action, AppHandler h) {
    router_.add(method, pattern, [](http::Request&) { return http::Response::text("", 500); });
    entries_[method + " " + pattern] = Entry{action, std::move(h)};
}

const Routes::Entry& Routes::entry(const std::string& method, const std::string& pattern) const {
    auto it = entries_.find(method + " " + pattern);
    if (it == entries_.end()) it = entries_.find("GET " + pattern);  // HEAD
    return it->second;
}

std::string FieldErrors::text(const std::string& field, const std::string& value, std::size_t min, std::size_t max,
                              bool multiline) {
    if (!text::valid_utf8(value)) { add(field, "validation.invalid_utf8"); return {}; }
    auto v = text::trim(value);
    bool bad_control = multiline ? text::has_control_chars(v) : (text::has_control_chars(v) ||
                                                                 v.find_first_of("\r\n\t") != std::string::npos);
    if (bad_control) { add(field, "validation.control_chars"); return {}; }
    auto len = text::length(v);
    if (len < min) { add(field, min <= 1 ? "validation.required" : "validation.too_short"); return {}; }
    if (len > max) { add(field, "validation.too_long"); return {}; }
    return v;
}

namespace {
// A positive decimal integer and nothing else ("", "+1", "1x", "0" and "-3" are not ids).
std::optional<std::int64_t> parse_id(std::string_view value) {
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
    if (value.empty() || ec != std::errc() || p != value.data() + value.size() || out <= 0) return std::nullopt;
    return out;
}
}  // namespace

std::int64_t FieldErrors::id(const std::string& field, const std::string& value) {
    if (value.empty()) { add(field, "validation.required"); return 0; }
    auto id = parse_id(value);
    if (!id) add(field, "validation.not_an_id");
    return id.value_or(0);
}

std::int64_t FieldErrors::id(const std::string& field, const nlohmann::json& body) {
    if (!body.is_object() || !body.contains(field)) { add(field, "validation.required"); return 0; }
    const auto& v = body[field];
    if (!v.is_number_integer() || v.get<std::int64_t>() <= 0) { add(field, "validation.not_an_id"); return 0; }
    return v.get<std::int64_t>();
}

std::string FieldErrors::json_text(const std::string& field, const nlohmann::json& body, std::size_t min,
                                   std::size_t max, bool multiline) {
    if (!body.is_object() || !body.contains(field) || body[field].is_null()) {
        if (min > 0) add(field, "validation.required");
        return {};
    }
    if (!body[field].is_string()) { add(field, "validation.not_text"); return {}; }
    return text(field, body[field].get<std::string>(), min, max, multiline);
}

void FieldErrors::add(const std::string& field, const std::string& message_key) {
    if (!errors_.count(field)) errors_[field] = ctx_.t(message_key);
}

void FieldErrors::throw_if_any() const {
    if (!errors_.empty()) throw Invalid(errors_, ctx_.t("validation.failed"));
}

std::optional<std::int64_t> id_param(const Ctx& ctx, const std::string& name) { return parse_id(ctx.req.param(name)); }

Paging parse_paging(const Ctx& ctx, int default_size, int max_size) {
    Paging p;
    p.page_size = default_size;
    FieldErrors errors(ctx);
    auto parse = [&](const char* name, int& out, int lo, int hi) {
        auto n = ctx.req.query.count(name);
        if (n == 0) return;
        if (n > 1) { errors.add(name, "validation.repeated"); return; }
        auto s = ctx.req.query_param(name);
        int v = 0;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || ptr != s.data() + s.size() || v < lo || v > hi)
            errors.add(name, "validation.out_of_range");
        else
            out = v;
    };
    parse("page", p.page, 1, 1000000);
    parse("page_size", p.page_size, 1, max_size);
    if (!errors.empty()) throw UserError(400, ctx.t("validation.failed"), ctx.t("validation.bad_paging"), errors.map());
    return p;
}

nlohmann::json list_envelope(nlohmann::json items, std::int64_t total, const Paging& p) {
    return {{"items", std::move(items)}, {"total", total}, {"page", p.page}, {"page_size", p.page_size}};
}

}  // namespace pt::web
