#pragma once
// Checks on a provider organization's registration: bank account (IBAN), e-invoice address
// (OVT) and the optional marketing video link. No I/O.
#include <optional>
#include <string>
#include <string_view>

namespace pt::procurement {

// Upper-cases and drops spaces ("fi21 1234 5600 0007 85" -> "FI2112345600000785"); no check.
std::string compact_iban(std::string_view s);
// ISO 13616: two letters, two check digits, alphanumerics; the length the country's table
// says (FI 18, SE 24, DE 22, ...) or 15..34 for a country not in the table; mod-97 == 1.
// Finnish IBANs are FI + 16 digits. Keys: "iban.required", "iban.invalid_format",
// "iban.wrong_length", "iban.checksum"; nullopt when valid. Spaces and case are tolerated.
std::optional<std::string_view> iban_error(std::string_view s);
// The compact form when valid, for storage; else nullopt.
std::optional<std::string> normalize_iban(std::string_view s);
// "FI21 1234 5600 0007 85": groups of four for display (input must be compact).
std::string format_iban(std::string_view compact);

// Finnish OVT e-invoice address: "0037" + the Y-tunnus's eight digits without the hyphen +
// an optional suffix of 0..5 digits or upper-case letters (e.g. "003712345671" or
// "00371234567100101"). Keys: "ovt.required", "ovt.invalid_format", "ovt.invalid_business_id"
// (the embedded digits fail the Y-tunnus check), "ovt.business_id_mismatch" (not the
// organization's own Y-tunnus, given as "NNNNNNN-T"); nullopt when fine. Spaces tolerated.
std::optional<std::string_view> ovt_error(std::string_view ovt, std::string_view business_id);
// Without spaces, upper-cased when valid for `business_id`; else nullopt.
std::optional<std::string> normalize_ovt(std::string_view ovt, std::string_view business_id);

// Marketing videos (seed 001: 1-2 min on YouTube or Vimeo). Only these https forms pass:
//   https://(www.|m.)youtube.com/watch?v=ID   (ID: 11 of [A-Za-z0-9_-]; other query params ok)
//   https://youtu.be/ID
//   https://(www.)vimeo.com/DIGITS
// No user info, no port, no other host (lookalikes such as youtube.com.evil.example fail).
enum class VideoHost { youtube, vimeo };
struct VideoLink {
    VideoHost host;
    std::string id;
    // Rebuilt from host and id, never the raw input: "https://www.youtube.com/watch?v=ID" or
    // "https://vimeo.com/123".
    std::string canonical_url() const;
};
std::optional<VideoLink> parse_video_url(std::string_view url);
// "video.not_allowed" or nullopt (an empty link is fine: the video is optional).
std::optional<std::string_view> video_url_error(std::string_view url);

}  // namespace pt::procurement
