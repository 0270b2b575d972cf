#include "procurement/domain/file_names.hpp"

#include <sodium.h>

#include <array>

#include "core/text.hpp"

namespace pt::procurement {

namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        char a = s[s.size() - suffix.size() + i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (a != suffix[i]) return false;
    }
    return true;
}

}  // namespace

std::string clean_file_name(std::string_view claimed, AttachmentType type) {
    const std::string ext(file_extension(type));
    auto slash = claimed.find_last_of("/\\");
    if (slash != std::string_view::npos) claimed = claimed.substr(slash + 1);
    std::string name;
    if (text::valid_utf8(claimed)) {
        auto cps = text::decode_utf8(claimed).value_or(std::u32string{});
        std::u32string kept;
        for (char32_t cp : cps) {
            // C0, DEL, C1 controls, and characters that break header quoting or paths.
            if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == U'"' || cp == U'\\' || cp == U'/' || cp == 0x2028 ||
                cp == 0x2029 || cp == 0xfeff || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
                continue;  // bidi overrides could disguise "fdp.exe" as "exe.pdf"
            kept.push_back(cp);
        }
        name = text::trim(text::encode_utf8(kept));
        if (name.size() == ext.size() && ends_with_ci(name, ext)) name.clear();  // ".pdf" names nothing
        while (!name.empty() && name.front() == '.') name.erase(0, 1);  // no hidden files
    }
    if (type == AttachmentType::jpeg && ends_with_ci(name, ".jpeg")) {
        // already a JPEG name
    } else if (!ends_with_ci(name, ext)) {
        name += ext;
    }
    if (name == ext) name = "attachment" + ext;
    if (text::length(name) > max_file_name_chars) {
        // Keep the extension: cut the stem.
        auto stem_len = max_file_name_chars - ext.size();
        auto stem = name.substr(0, name.size() - ext.size());
        name = text::prefix(stem, stem_len) + ext;
    }
    return name;
}

std::string content_disposition(std::string_view file_name) {
    std::string fallback;
    std::string encoded;
    static constexpr char hex[] = "0123456789ABCDEF";
    for (unsigned char ch : file_name) {
        // RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"
        bool attr = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                    std::string_view("!#$&+-.^_`|~").find(static_cast<char>(ch)) != std::string_view::npos;
        if (attr) {
            encoded += static_cast<char>(ch);
        } else {
            encoded += '%';
            encoded += hex[ch >> 4];
            encoded += hex[ch & 0xf];
        }
        if (ch >= 0x80) {
            // One '_' per non-ASCII character: continuation bytes add nothing.
            if ((ch & 0xc0) != 0x80) fallback += '_';
            continue;
        }
        bool safe = ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != ';' && ch != '%';
        fallback += safe ? static_cast<char>(ch) : '_';
    }
    if (fallback.empty()) fallback = "attachment";
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, crypto_hash_sha256_BYTES> h{};
    crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : h) {
        out += hex[b >> 4];
        out += hex[b & 0xf];
    }
    return out;
}

std::string repr_digest_sha256(std::string_view hex) {
    std::array<unsigned char, crypto_hash_sha256_BYTES> raw{};
    std::size_t len = 0;
    if (hex.size() != 2 * raw.size() ||
        sodium_hex2bin(raw.data(), raw.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 || len != raw.size())
        return "";
    constexpr int variant = sodium_base64_VARIANT_ORIGINAL;
    std::string b64(sodium_base64_ENCODED_LEN(raw.size(), variant), '\0');
    sodium_bin2base64(b64.data(), b64.size(), raw.data(), raw.size(), variant);
    b64.resize(b64.find('\0'));
    return "sha-256=:" + b64 + ":";
}

}  // namespace pt::procurement
