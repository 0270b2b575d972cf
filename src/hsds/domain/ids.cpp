#include "hsds/domain/ids.hpp"

#include <array>

#include <sodium.h>

namespace pt::hsds {

namespace {

using Hash = std::array<unsigned char, crypto_hash_sha256_BYTES>;

Hash hash_name(Kind kind, std::string_view key) {
    std::string name = "palvelutori:hsds:";
    name += kind_name(kind);
    name += ':';
    name += key;
    Hash h;
    crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(name.data()), name.size());
    return h;
}

std::string format(const std::array<unsigned char, 16>& b) {
    static const char* hex = "0123456789abcdef";
    std::string s;
    s.reserve(36);
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        s += hex[b[i] >> 4];
        s += hex[b[i] & 0x0f];
    }
    return s;
}

std::array<unsigned char, 16> assemble(Kind kind, const Hash& h, std::uint64_t payload) {
    std::array<unsigned char, 16> b{};
    for (std::size_t i = 0; i < 6; ++i) b[i] = h[i];
    const auto k = static_cast<std::uint16_t>(kind) & 0x0fff;
    b[6] = static_cast<unsigned char>(0x80 | (k >> 8));
    b[7] = static_cast<unsigned char>(k & 0xff);
    payload &= (std::uint64_t{1} << 62) - 1;
    payload |= std::uint64_t{2} << 62;  // variant 10
    for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<unsigned char>(payload >> (56 - 8 * i));
    return b;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::array<unsigned char, 16>> parse(std::string_view s) {
    if (s.size() != 36) return std::nullopt;
    std::array<unsigned char, 16> b{};
    std::size_t j = 0;
    for (std::size_t i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return std::nullopt;
            ++i;
            continue;
        }
        int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        b[j++] = static_cast<unsigned char>(hi << 4 | lo);
        i += 2;
    }
    return b;
}

}  // namespace

std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::service: return "service";
        case Kind::organization: return "organization";
        case Kind::taxonomy: return "taxonomy";
        case Kind::taxonomy_term: return "taxonomy_term";
        case Kind::cost_option: return "cost_option";
        case Kind::language: return "language";
        case Kind::service_area: return "service_area";
        case Kind::attribute: return "attribute";
        case Kind::organization_identifier: return "organization_identifier";
    }
    return "unknown";
}

std::string uuid_for(Kind kind, std::int64_t id) {
    const auto h = hash_name(kind, std::to_string(id));
    return format(assemble(kind, h, static_cast<std::uint64_t>(id)));
}

std::string uuid_for(Kind kind, std::string_view key) {
    const auto h = hash_name(kind, key);
    std::uint64_t payload = 0;
    for (std::size_t i = 6; i < 14; ++i) payload = payload << 8 | h[i];
    return format(assemble(kind, h, payload));
}

std::optional<std::int64_t> id_from_uuid(Kind kind, std::string_view uuid) {
    auto b = parse(uuid);
    if (!b) return std::nullopt;
    if ((*b)[6] >> 4 != 0x8 || ((*b)[8] >> 6) != 0x2) return std::nullopt;
    const std::uint16_t k = static_cast<std::uint16_t>(((*b)[6] & 0x0f) << 8 | (*b)[7]);
    if (k != static_cast<std::uint16_t>(kind)) return std::nullopt;
    std::uint64_t payload = 0;
    for (std::size_t i = 8; i < 16; ++i) payload = payload << 8 | (*b)[i];
    payload &= (std::uint64_t{1} << 62) - 1;
    const auto id = static_cast<std::int64_t>(payload);
    // The check tag must match, so only ids we issued resolve (in either hex case).
    auto again = parse(uuid_for(kind, id));
    if (!again || *again != *b) return std::nullopt;
    return id;
}

bool is_uuid(std::string_view s) { return parse(s).has_value(); }

}  // namespace pt::hsds
