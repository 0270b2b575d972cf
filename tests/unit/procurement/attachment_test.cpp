#include <gtest/gtest.h>

#include <string>

#include "procurement/domain/attachment.hpp"

using namespace pt::procurement;
using namespace std::string_literals;

namespace {
// Real file openings: a PDF header, a PNG signature with its IHDR chunk, a JFIF JPEG start.
const std::string pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"s;
const std::string png = "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"s;
const std::string jpeg = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"s;
const std::string jpeg_exif = "\xFF\xD8\xFF\xE1\x00\x18" "Exif\x00\x00"s;
}  // namespace

TEST(Sniff, RecognisesRealPrefixes) {
    EXPECT_EQ(sniff_attachment(pdf), AttachmentType::pdf);
    EXPECT_EQ(sniff_attachment(png), AttachmentType::png);
    EXPECT_EQ(sniff_attachment(jpeg), AttachmentType::jpeg);
    EXPECT_EQ(sniff_attachment(jpeg_exif), AttachmentType::jpeg);
}

TEST(Sniff, RefusesLookalikesAndOthers) {
    const std::string others[] = {
        "",
        "%PDF",                                  // truncated header
        " %PDF-1.7",                             // leading space
        "%pdf-1.7",
        "\x89PNG\r\n\x1a"s,                       // truncated signature
        "\x89PNG\n\x1a\n\x00"s,                   // line-ending mangled
        "\xFF\xD8"s,
        "GIF89a\x01\x00"s,
        "PK\x03\x04 docx or zip"s,
        "MZ\x90\x00 windows exe"s,
        "\x7F" "ELF\x02\x01",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        "<!DOCTYPE html><html>%PDF-1.7",
        "\xEF\xBB\xBF%PDF-1.7"s,                  // BOM in front
    };
    for (const auto& o : others) EXPECT_EQ(sniff_attachment(o), std::nullopt) << o;
}

TEST(Classify, AcceptsMatchingOrAbsentClaims) {
    struct Case {
        const std::string* bytes;
        const char* claim;
        AttachmentType type;
    };
    const Case cases[] = {
        {&pdf, "application/pdf", AttachmentType::pdf},
        {&pdf, "", AttachmentType::pdf},
        {&pdf, "application/octet-stream", AttachmentType::pdf},
        {&pdf, "Application/PDF; name=\"liite.pdf\"", AttachmentType::pdf},
        {&png, "image/png", AttachmentType::png},
        {&jpeg, "image/jpeg", AttachmentType::jpeg},
        {&jpeg, "image/jpg", AttachmentType::jpeg},
        {&jpeg_exif, "image/pjpeg", AttachmentType::jpeg},
    };
    for (const auto& c : cases) {
        const auto r = classify_attachment(*c.bytes, c.claim);
        EXPECT_EQ(r.type, c.type) << c.claim;
        EXPECT_EQ(r.refusal, std::nullopt) << c.claim;
    }
}

TEST(Classify, RefusalKeys) {
    struct Case {
        std::string bytes;
        const char* claim;
        std::size_t max;
        std::string_view key;
    };
    const Case cases[] = {
        {"", "application/pdf", 1024, "attachment.empty"},
        {pdf, "application/pdf", pdf.size() - 1, "attachment.too_large"},
        {std::string(2048, 'x'), "application/pdf", 1024, "attachment.too_large"},  // size before type
        {"GIF89a\x01\x00"s, "image/gif", 1024, "attachment.not_allowed"},
        {"<html><script>alert(1)</script>", "application/pdf", 1024, "attachment.not_allowed"},
        {png, "application/pdf", 1024, "attachment.type_mismatch"},   // a PNG claiming to be a PDF
        {pdf, "image/png", 1024, "attachment.type_mismatch"},
        {jpeg, "image/png", 1024, "attachment.type_mismatch"},
        {pdf, "text/html", 1024, "attachment.type_mismatch"},
        {pdf, "image/svg+xml", 1024, "attachment.type_mismatch"},
    };
    for (const auto& c : cases) {
        const auto r = classify_attachment(c.bytes, c.claim, c.max);
        EXPECT_EQ(r.refusal, c.key) << c.key << " " << c.claim;
        EXPECT_EQ(r.type, std::nullopt) << c.key;
    }
}

TEST(Classify, SizeLimitIsInclusiveAndDefaultsToTenMiB) {
    EXPECT_EQ(classify_attachment(pdf, "", pdf.size()).type, AttachmentType::pdf);
    std::string big = pdf + std::string(default_max_attachment_bytes - pdf.size(), ' ');
    EXPECT_EQ(classify_attachment(big).type, AttachmentType::pdf);
    big.push_back(' ');
    EXPECT_EQ(classify_attachment(big).refusal, "attachment.too_large");
    EXPECT_EQ(default_max_attachment_bytes, 10u * 1024 * 1024);
}

TEST(AttachmentType, NamesAndServingTypes) {
    for (auto t : {AttachmentType::pdf, AttachmentType::png, AttachmentType::jpeg})
        EXPECT_EQ(attachment_type_from(to_string(t)), t);
    EXPECT_EQ(content_type(AttachmentType::pdf), "application/pdf");
    EXPECT_EQ(content_type(AttachmentType::png), "image/png");
    EXPECT_EQ(content_type(AttachmentType::jpeg), "image/jpeg");
    EXPECT_EQ(file_extension(AttachmentType::jpeg), ".jpg");
    EXPECT_EQ(attachment_type_from("gif"), std::nullopt);
}
