// gzip content coding with zlib (windowBits 15+16 selects the gzip wrapper).
#include <zlib.h>

#include <stdexcept>

#include "http/detail.hpp"

namespace pt::http::detail {

std::string gzip_compress(std::string_view data, int level) {
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);  // + gzip header/trailer slack
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
    return out;
}

std::optional<std::string> gzip_decompress(std::string_view data) {
    constexpr std::size_t max_out = 64u << 20;  // refuse to inflate a bomb
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) return std::nullopt;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buf[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) break;
        out.append(buf, sizeof buf - zs.avail_out);
        if (out.size() > max_out) { rc = Z_MEM_ERROR; break; }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) { rc = Z_DATA_ERROR; break; }  // truncated
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) return std::nullopt;
    return out;
}

namespace {
// q=0 (or 0.0, 0.000) means "not acceptable".
bool q_positive(std::string_view entry) {
    auto q = header_param(entry, "q");
    if (!q) return true;
    for (char c : *q)
        if (c >= '1' && c <= '9') return true;
    return false;
}
}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
    std::optional<bool> gzip, any;
    while (!accept_encoding.empty()) {
        auto comma = accept_encoding.find(',');
        auto entry = trim(accept_encoding.substr(0, comma));
        accept_encoding = comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
        auto coding = media_type(entry);
        if (coding == "gzip" || coding == "x-gzip") gzip = q_positive(entry);
        else if (coding == "*") any = q_positive(entry);
    }
    if (gzip) return *gzip;
    return any.value_or(false);
}

bool compressible_type(std::string_view content_type) {
    auto mt = media_type(content_type);
    auto ends_with = [&](std::string_view s) { return mt.size() >= s.size() && mt.compare(mt.size() - s.size(), s.size(), s) == 0; };
    return mt.rfind("text/", 0) == 0 || mt == "application/json" || mt == "application/javascript" ||
           mt == "image/svg+xml" || ends_with("+json") || mt == "application/xml" || ends_with("+xml");
}

}  // namespace pt::http::detail
