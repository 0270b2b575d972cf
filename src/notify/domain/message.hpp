#pragma once
// Building an RFC 5322 text mail, and the retry schedule: plain functions, no I/O.
#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace pt::notify {

// One bare addr-spec as SMTP takes it ("name@example.fi"): printable ASCII, no spaces, no
// CR/LF, no "<>,;:()[]\"", one "@" with text on both sides and a dot in the domain, 254 bytes at most.
bool valid_address(std::string_view address);
bool valid_utf8(std::string_view s);
// CR, LF and tabs become single spaces; the ends are trimmed.
std::string one_line(std::string_view s);
// A mail body as it may be shown to people (outbox page and API): secrets in links, like the
// token of "/invitations/<token>", become "…". The stored body keeps them for sending.
std::string redact_secrets(std::string_view body_text);

// RFC 2047 "encoded-word"s for a header value: ASCII text without "=?" stays as it is, anything
// else becomes =?UTF-8?B?...?= words of at most 75 characters, split between code points,
// joined by folding white space (CRLF + space).
std::string encode_header(std::string_view utf8);
// Quoted-printable (RFC 2045) with CRLF line ends and soft breaks at 76 characters; lone LF
// and CR in the input become CRLF.
std::string quoted_printable(std::string_view utf8);

struct Message {
    std::string from;        // addr-spec
    std::string to;          // addr-spec
    std::string subject;     // UTF-8, one line
    std::string body_text;   // UTF-8
    std::string message_id;  // "<unique@domain>"
    TimePoint date;
};
// The full message (headers CRLF body) as it goes after DATA. Throws std::invalid_argument
// when from/to are not valid addresses or the subject has a line break.
std::string build_message(const Message& m);
// "Tue, 01 Dec 2026 09:00:00 +0000"
std::string rfc5322_date(TimePoint t);

struct Backoff {
    std::chrono::milliseconds base{5000};
    std::chrono::milliseconds cap{std::chrono::hours(1)};
    int max_attempts = 20;
};
// Delay before the next try after `attempts` failed ones (1, 2, ...): base·2^(attempts-1),
// at most cap, rounded up to whole seconds (the outbox stores seconds) and at least 1 s.
std::chrono::seconds retry_delay(const Backoff& b, int attempts);
// True when a message that has failed `attempts` times is given up (status 'failed').
bool gives_up(const Backoff& b, int attempts);

}  // namespace pt::notify
