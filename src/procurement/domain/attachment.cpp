#include "procurement/domain/attachment.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "core/enum_names.hpp"
#include "core/text.hpp"

namespace pt::procurement {

namespace {

constexpr EnumNames<AttachmentType, 3> type_names{{
    {AttachmentType::pdf, "pdf"},
    {AttachmentType::png, "png"},
    {AttachmentType::jpeg, "jpeg"},
}};

// What a Content-Type claims; `other` (any unknown type) mismatches every sniffed type.
enum class Claim { none, pdf, png, jpeg, other };

Claim read_claim(std::string_view claimed) {
    std::string c = text::trim(claimed.substr(0, claimed.find(';')));
    std::ranges::transform(c, c.begin(), [](char ch) { return static_cast<char>(std::tolower(ch)); });
    if (c.empty() || c == "application/octet-stream") return Claim::none;
    if (c == "application/pdf") return Claim::pdf;
    if (c == "image/png") return Claim::png;
    if (c == "image/jpeg" || c == "image/jpg" || c == "image/pjpeg") return Claim::jpeg;
    return Claim::other;
}

Claim as_claim(AttachmentType t) {
    switch (t) {
        case AttachmentType::pdf: return Claim::pdf;
        case AttachmentType::png: return Claim::png;
        case AttachmentType::jpeg: return Claim::jpeg;
    }
    return Claim::other;
}

}  // namespace

std::string_view to_string(AttachmentType t) { return name_of(type_names, t); }
std::optional<AttachmentType> attachment_type_from(std::string_view s) { return from_name(type_names, s); }

std::string_view content_type(AttachmentType t) {
    switch (t) {
        case AttachmentType::pdf: return "application/pdf";
        case AttachmentType::png: return "image/png";
        case AttachmentType::jpeg: return "image/jpeg";
    }
    return "application/octet-stream";
}

std::string_view file_extension(AttachmentType t) {
    switch (t) {
        case AttachmentType::pdf: return ".pdf";
        case AttachmentType::png: return ".png";
        case AttachmentType::jpeg: return ".jpg";
    }
    return "";
}

std::optional<AttachmentType> sniff_attachment(std::string_view b) {
    using namespace std::string_view_literals;
    if (b.starts_with("%PDF-"sv)) return AttachmentType::pdf;
    if (b.starts_with("\x89PNG\r\n\x1a\n"sv)) return AttachmentType::png;
    if (b.starts_with("\xFF\xD8\xFF"sv)) return AttachmentType::jpeg;
    return std::nullopt;
}

AttachmentCheck classify_attachment(std::string_view bytes, std::string_view claimed, std::size_t max_bytes) {
    if (bytes.empty()) return {std::nullopt, "attachment.empty"};
    if (bytes.size() > max_bytes) return {std::nullopt, "attachment.too_large"};
    const auto sniffed = sniff_attachment(bytes);
    if (!sniffed) return {std::nullopt, "attachment.not_allowed"};
    const Claim c = read_claim(claimed);
    if (c != Claim::none && c != as_claim(*sniffed)) return {std::nullopt, "attachment.type_mismatch"};
    return {sniffed, std::nullopt};
}

}  // namespace pt::procurement
