// Attachment file names (stored and served back) and checksums: the uploader's name is a claim,
// cleaned of paths, controls, quotes and bidi tricks, and always ends in the sniffed type's
// extension; Content-Disposition carries an ASCII fallback and the RFC 8187 UTF-8 form.
#include "procurement/domain/file_names.hpp"
#include "procurement/http/procurement_routes.hpp"

#include <gtest/gtest.h>

using namespace pt::procurement;

TEST(FileNames, KeepsAGoodNameAndItsExtension) {
    EXPECT_EQ(clean_file_name("Raportti 2026.pdf", AttachmentType::pdf), "Raportti 2026.pdf");
    EXPECT_EQ(clean_file_name("Kuva.PNG", AttachmentType::png), "Kuva.PNG");
    EXPECT_EQ(clean_file_name("photo.jpeg", AttachmentType::jpeg), "photo.jpeg");
    EXPECT_EQ(clean_file_name("photo.jpg", AttachmentType::jpeg), "photo.jpg");
    EXPECT_EQ(clean_file_name("Liite ä ö å.pdf", AttachmentType::pdf), "Liite ä ö å.pdf");
}

TEST(FileNames, TheBytesDecideTheExtension) {
    EXPECT_EQ(clean_file_name("report", AttachmentType::pdf), "report.pdf");
    EXPECT_EQ(clean_file_name("page.html", AttachmentType::pdf), "page.html.pdf");
    EXPECT_EQ(clean_file_name("image.pdf", AttachmentType::png), "image.pdf.png");
}

TEST(FileNames, DropsPathsControlsQuotesAndBidiOverrides) {
    EXPECT_EQ(clean_file_name("../../etc/passwd.pdf", AttachmentType::pdf), "passwd.pdf");
    EXPECT_EQ(clean_file_name("C:\\Users\\x\\raportti.pdf", AttachmentType::pdf), "raportti.pdf");
    EXPECT_EQ(clean_file_name("a\r\nX-Evil: 1\t.pdf", AttachmentType::pdf), "aX-Evil: 1.pdf");
    EXPECT_EQ(clean_file_name("say \"hi\".pdf", AttachmentType::pdf), "say hi.pdf");
    // U+202E RIGHT-TO-LEFT OVERRIDE would show "fdp.exe" as "exe.pdf".
    EXPECT_EQ(clean_file_name("invoice\xE2\x80\xAE" "fdp.exe", AttachmentType::pdf), "invoicefdp.exe.pdf");
    EXPECT_EQ(clean_file_name(".hidden.pdf", AttachmentType::pdf), "hidden.pdf");
}

TEST(FileNames, EmptyOrBrokenNamesGetADefault) {
    EXPECT_EQ(clean_file_name("", AttachmentType::pdf), "attachment.pdf");
    EXPECT_EQ(clean_file_name("   ", AttachmentType::png), "attachment.png");
    EXPECT_EQ(clean_file_name(".pdf", AttachmentType::pdf), "attachment.pdf");
    EXPECT_EQ(clean_file_name("\xff\xfe.pdf", AttachmentType::pdf), "attachment.pdf");
}

TEST(FileNames, LongNamesAreCutKeepingTheExtension) {
    std::string longname;
    for (int i = 0; i < 300; ++i) longname += "ä";
    auto out = clean_file_name(longname + ".pdf", AttachmentType::pdf);
    EXPECT_EQ(out.substr(out.size() - 4), ".pdf");
    EXPECT_EQ(out.size(), (max_file_name_chars - 4) * 2 + 4);  // "ä" is two bytes
}

TEST(ContentDisposition, AsciiFallbackAndUtf8Form) {
    EXPECT_EQ(content_disposition("report.pdf"), "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
    EXPECT_EQ(content_disposition("Liite ä.pdf"),
              "attachment; filename=\"Liite _.pdf\"; filename*=UTF-8''Liite%20%C3%A4.pdf");
    EXPECT_EQ(content_disposition("a;b%c.pdf"), "attachment; filename=\"a_b_c.pdf\"; filename*=UTF-8''a%3Bb%25c.pdf");
    EXPECT_EQ(content_disposition(""), "attachment; filename=\"attachment\"; filename*=UTF-8''");
}

TEST(Checksum, Sha256Hex) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(std::string("\0\xff", 2)).size(), 64u);
}

TEST(Checksum, ReprDigestIsBase64OfTheRawDigest) {
    // RFC 9530 example digests: base64 of the 32 bytes, between colons.
    EXPECT_EQ(repr_digest_sha256(sha256_hex("")), "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:");
    EXPECT_EQ(repr_digest_sha256(sha256_hex("abc")), "sha-256=:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=:");
    EXPECT_EQ(repr_digest_sha256("x"), "");
    EXPECT_EQ(repr_digest_sha256(std::string(64, 'g')), "");
}

TEST(UploadPaths, OnlyTheUploadEndpointsTakeLargeBodies) {
    EXPECT_TRUE(is_upload_path("POST", "/applications/12/answers"));
    EXPECT_TRUE(is_upload_path("POST", "/api/v1/applications/12/attachments"));
    EXPECT_TRUE(is_upload_path("POST", "/admissions/3/brochure"));
    EXPECT_TRUE(is_upload_path("POST", "/api/v1/admissions/3/brochure"));
    EXPECT_FALSE(is_upload_path("GET", "/applications/12/answers"));
    EXPECT_FALSE(is_upload_path("POST", "/applications/12/submit"));
    EXPECT_FALSE(is_upload_path("POST", "/api/v1/calls"));
    EXPECT_FALSE(is_upload_path("POST", "/applications/12/answers/x"));
    EXPECT_FALSE(is_upload_path("POST", "/api/v2/applications/12/attachments"));
    EXPECT_FALSE(is_upload_path("POST", "/"));
}
