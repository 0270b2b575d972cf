#pragma once
// File names of uploaded attachments: what we store and how we name the file when serving it
// back. The name is the uploader's claim, so it is cleaned and never trusted for the type. No I/O.
#include <string>
#include <string_view>

#include "procurement/domain/attachment.hpp"

namespace pt::procurement {

inline constexpr std::size_t max_file_name_chars = 150;

// The base name without directories, control characters, quotes, backslashes or slashes,
// at most 150 code points, ending in the extension of the type the bytes say (".pdf" is
// added to "report" or "report.html"). Invalid UTF-8 or nothing left gives "attachment.pdf".
std::string clean_file_name(std::string_view claimed, AttachmentType type);

// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266,
// RFC 8187): non-ASCII and unsafe characters become '_' in the fallback.
std::string content_disposition(std::string_view file_name);

// Lower-case hex of SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

// The `Repr-Digest` field value (RFC 9530) for a stored SHA-256 hex digest:
// `sha-256=:<base64 of the 32 raw bytes>:`. Empty when `hex` is not 64 hex digits.
std::string repr_digest_sha256(std::string_view hex);

}  // namespace pt::procurement
