// Request accessors and body decoding (urlencoded here, multipart in multipart.cpp).
#include "core/errors.hpp"
#include "http/detail.hpp"
#include "http/http.hpp"

namespace pt::http {

std::string Form::get(const std::string& name) const {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
}

bool Form::has(const std::string& name) const { return fields.count(name) > 0; }

std::vector<std::string> Form::all(const std::string& name) const {
    std::vector<std::string> out;
    auto [b, e] = fields.equal_range(name);
    for (auto it = b; it != e; ++it) out.push_back(it->second);
    return out;
}

std::string Request::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::cookie(const std::string& name) const {
    auto it = cookies.find(name);
    if (it == cookies.end()) return std::nullopt;
    return it->second;
}

std::string Request::query_param(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
}

std::vector<std::string> Request::query_params(const std::string& name) const {
    std::vector<std::string> out;
    auto [b, e] = query.equal_range(name);
    for (auto it = b; it != e; ++it) out.push_back(it->second);
    return out;
}

std::string Request::param(const std::string& name) const {
    auto it = path_params.find(name);
    return it == path_params.end() ? std::string() : it->second;
}

const Form& Request::form() const {
    if (form_cache) return *form_cache;
    const std::string content_type = header("content-type");
    const std::string mt = detail::media_type(content_type);
    if (mt == "application/x-www-form-urlencoded") {
        form_cache = detail::parse_urlencoded(body);
    } else if (mt == "multipart/form-data") {
        auto boundary = detail::header_param(content_type, "boundary");
        if (!boundary || boundary->empty() || boundary->size() > 200)
            throw UserError(400, "Bad request", "The multipart/form-data Content-Type has no valid boundary parameter.");
        form_cache = detail::parse_multipart(body, *boundary);
    } else if (method == "GET" || method == "HEAD" || (mt.empty() && body.empty())) {
        form_cache = Form{};
    } else {
        throw UserError(415, "Unsupported media type",
                        "Expected application/x-www-form-urlencoded or multipart/form-data, got " +
                            (mt.empty() ? std::string("no Content-Type") : mt) + ".");
    }
    return *form_cache;
}

nlohmann::json Request::json() const {
    if (body.empty()) throw UserError(400, "Invalid JSON", "The request body is empty; a JSON document was expected.");
    try {
        return nlohmann::json::parse(body);
    } catch (const nlohmann::json::exception& e) {
        throw UserError(400, "Invalid JSON", e.what());
    }
}

bool Request::wants_json() const {
    if (path.rfind("/api/", 0) == 0 || path == "/api") return true;
    auto accept = header("accept");
    auto first = detail::media_type(std::string_view(accept).substr(0, accept.find(',')));
    return first == "application/json" || first == "application/problem+json";
}

namespace detail {

Form parse_urlencoded(std::string_view body) {
    Form form;
    std::multimap<std::string, std::string> pairs;
    if (!parse_query(body, pairs))
        throw UserError(400, "Bad request", "The form data is not valid: bad percent-encoding or text that is not UTF-8.");
    form.fields = std::move(pairs);
    return form;
}

}  // namespace detail
}  // namespace pt::http
