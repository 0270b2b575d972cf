// multipart/form-data (RFC 7578 on RFC 2046 framing), the whole body already in memory.
#include "core/errors.hpp"
#include "http/detail.hpp"

namespace pt::http::detail {

namespace {

UserError malformed(const std::string& why) {
    return UserError(400, "Bad request", "The multipart form data is malformed: " + why);
}

std::string base_name(std::string_view filename) {
    // Old browsers sent the client's full path; only the last component means anything here.
    auto slash = filename.find_last_of("/\\");
    return std::string(slash == std::string_view::npos ? filename : filename.substr(slash + 1));
}

constexpr std::size_t max_parts = 1000;

}  // namespace

Form parse_multipart(std::string_view body, std::string_view boundary) {
    constexpr auto npos = std::string_view::npos;
    const std::string delim = "--" + std::string(boundary);
    const std::string next_delim = "\r\n" + delim;

    std::size_t pos;
    if (body.substr(0, delim.size()) == delim) {
        pos = 0;
    } else {  // skip a preamble
        pos = body.find(next_delim);
        if (pos == npos) throw malformed("the opening boundary is missing.");
        pos += 2;
    }

    Form form;
    for (std::size_t parts = 0;; ++parts) {
        pos += delim.size();
        if (body.substr(pos, 2) == "--") return form;  // close delimiter; an epilogue is ignored
        if (parts >= max_parts) throw malformed("more than 1000 parts.");
        while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
        if (body.substr(pos, 2) != "\r\n") throw malformed("a boundary is not followed by a line break.");
        pos += 2;

        std::string_view disposition, content_type;
        for (;;) {
            auto eol = body.find("\r\n", pos);
            if (eol == npos) throw malformed("the headers of a part are not terminated.");
            auto line = body.substr(pos, eol - pos);
            pos = eol + 2;
            if (line.empty()) break;
            auto colon = line.find(':');
            if (colon == npos) throw malformed("a part header has no colon.");
            auto name = trim(line.substr(0, colon));
            auto value = trim(line.substr(colon + 1));
            if (iequals(name, "content-disposition")) disposition = value;
            else if (iequals(name, "content-type")) content_type = value;
        }

        auto end = body.find(next_delim, pos);
        if (end == npos) throw malformed("the closing boundary is missing (was the upload cut short?).");
        auto content = body.substr(pos, end - pos);
        pos = end + 2;

        if (media_type(disposition) != "form-data") throw malformed("a part has no Content-Disposition: form-data header.");
        auto name = header_param(disposition, "name");
        if (!name) throw malformed("a part has no name.");
        if (!valid_utf8(*name)) throw malformed("a field name is not UTF-8.");

        if (auto filename = header_param(disposition, "filename")) {
            // An empty file input is sent as a part with no filename and no content.
            if (filename->empty() && content.empty()) continue;
            if (!valid_utf8(*filename)) throw malformed("a file name is not UTF-8.");
            form.files.push_back(UploadedFile{
                *name, base_name(*filename),
                content_type.empty() ? std::string("application/octet-stream") : std::string(content_type),
                std::string(content)});
        } else {
            if (!valid_utf8(content)) throw malformed("the field '" + *name + "' is not UTF-8 text.");
            form.fields.emplace(std::move(*name), std::string(content));
        }
    }
}

}  // namespace pt::http::detail
