#pragma once
// Passwords (argon2id) and bearer secrets (random, stored only as a hash).
#include <string>
#include <string_view>

namespace pt::accounts {

std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& stored_hash);
// 32 random bytes, URL-safe base64 without padding, with an optional prefix ("pt_").
std::string random_secret(std::string_view prefix = "");
// Hex BLAKE2b-256 of a secret; what the database keeps for sessions and API tokens.
std::string secret_hash(std::string_view secret);
bool constant_time_equal(std::string_view a, std::string_view b);
// Password rule shown to users: 10..200 characters.
bool acceptable_password(std::string_view password);

}  // namespace pt::accounts
