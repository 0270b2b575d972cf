#pragma once
// What files an application may carry: PDF, PNG or JPEG, decided from the file's first bytes,
// never from the name or the claimed content type, and size-limited. No I/O.
#include <cstddef>
#include <optional>
#include <string_view>

namespace pt::procurement {

enum class AttachmentType { pdf, png, jpeg };
std::string_view to_string(AttachmentType t);  // "pdf", "png", "jpeg"
std::optional<AttachmentType> attachment_type_from(std::string_view s);
// "application/pdf", "image/png", "image/jpeg": the only type the file is served back with.
std::string_view content_type(AttachmentType t);
std::string_view file_extension(AttachmentType t);  // ".pdf", ".png", ".jpg"

inline constexpr std::size_t default_max_attachment_bytes = 10 * 1024 * 1024;

// The type the magic bytes say: "%PDF-", "\x89PNG\r\n\x1a\n", "\xFF\xD8\xFF"; else nullopt.
std::optional<AttachmentType> sniff_attachment(std::string_view bytes);

struct AttachmentCheck {
    std::optional<AttachmentType> type;    // set when accepted
    std::optional<std::string_view> refusal;  // set when refused
};

// Checked in this order: "attachment.empty", "attachment.too_large" (more than max_bytes),
// "attachment.not_allowed" (not a PDF, PNG or JPEG by its bytes), "attachment.type_mismatch"
// (the claimed Content-Type names a different type). An empty claim or
// "application/octet-stream" claims nothing; parameters and case are ignored, "image/jpg" and
// "image/pjpeg" count as JPEG.
AttachmentCheck classify_attachment(std::string_view bytes, std::string_view claimed_content_type = {},
                                    std::size_t max_bytes = default_max_attachment_bytes);

}  // namespace pt::procurement
