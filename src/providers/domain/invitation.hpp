#pragma once
// Colleague invitations: a link with a random secret, valid for a week, used once. No I/O.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pt::providers {

inline constexpr std::chrono::days kInvitationLifetime{7};
// Invitations go out from the city's address to any address a provider types: at most this many
// per provider within the window (revoked ones count: their mail was sent).
inline constexpr int kInvitationsPerWindow = 20;
inline constexpr std::chrono::hours kInvitationWindow{24};

enum class InvitationState { pending, accepted, expired };
std::string_view to_string(InvitationState s);

// Timestamps are ISO-8601 UTC text ("2026-11-22T06:20:13Z"), which sort as they read.
InvitationState invitation_state(const std::optional<std::string>& accepted_at, const std::string& expires_at,
                                 const std::string& now);

// What accounts::random_secret() makes: 43 URL-safe base64 characters. Anything else names no
// invitation, so it is refused before a database look-up.
bool plausible_token(std::string_view token);

// The link an invitation mail carries. `public_url` is the configured address of the site
// ("https://palvelutori.example.fi"); without one the link is the path alone: the Host header
// of the inviter's request is never used, so a forged Host cannot put another site in the mail.
std::string invitation_link(std::string_view public_url, std::string_view token);

// A configured public URL must be http(s)://host[:port] without a path; trailing "/" dropped.
// nullopt when it is not.
std::optional<std::string> normalize_public_url(std::string_view url);

}  // namespace pt::providers
