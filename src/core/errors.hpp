#pragma once
// Errors a handler throws to end a request with a clear 4xx. The app layer turns them into
// problem+json (API) or an HTML page / form re-render (browser).
#include <map>
#include <stdexcept>
#include <string>

namespace pt {

class UserError : public std::runtime_error {
public:
    // status: 400, 403, 404, 409, 422, 429 ...; title: short message key or text; detail: human text.
    UserError(int status, std::string title, std::string detail = {},
              std::map<std::string, std::string> field_errors = {})
        : std::runtime_error(detail.empty() ? title : detail),
          status(status), title(std::move(title)), detail(std::move(detail)),
          field_errors(std::move(field_errors)) {}
    int status;
    std::string title;
    std::string detail;
    std::map<std::string, std::string> field_errors;  // field name -> message
};

struct NotFound : UserError {
    explicit NotFound(std::string what) : UserError(404, "Not found", std::move(what)) {}
};
struct Forbidden : UserError {
    explicit Forbidden(std::string what = "You may not do this.") : UserError(403, "Forbidden", std::move(what)) {}
};
struct Conflict : UserError {
    explicit Conflict(std::string what) : UserError(409, "Conflict", std::move(what)) {}
};
struct Invalid : UserError {
    explicit Invalid(std::map<std::string, std::string> fields, std::string detail = "Some fields are not valid.")
        : UserError(422, "Validation failed", std::move(detail), std::move(fields)) {}
};

}  // namespace pt
