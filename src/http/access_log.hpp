#pragma once
// What the access log may show of a request target. No I/O.
#include <string>
#include <string_view>

namespace pt::http {

// The path without the query, with secrets that travel in paths masked: the segment after
// "/invitations/" (an invitation's token) becomes "…" unless it is a numeric id. Logs are read
// by more people than may take over an invitation.
std::string loggable_path(std::string_view target);

}  // namespace pt::http
