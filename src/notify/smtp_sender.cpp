#include "notify/smtp_sender.hpp"

#include <cstring>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>

namespace pt::notify {

namespace {

struct Upload {
    const std::string* data;
    std::size_t pos = 0;
};

std::size_t read_chunk(char* buf, std::size_t size, std::size_t n, void* user) {
    auto* u = static_cast<Upload*>(user);
    const std::size_t room = size * n;
    const std::size_t left = u->data->size() - u->pos;
    const std::size_t take = left < room ? left : room;
    std::memcpy(buf, u->data->data() + u->pos, take);
    u->pos += take;
    return take;
}

}  // namespace

SmtpSender::SmtpSender(std::string url) : url_(std::move(url)) {
    // Once per process, before any other thread uses libcurl.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

void SmtpSender::send(const std::string& from, const std::string& to, const std::string& message) {
    CURL* h = curl_easy_init();
    if (!h) throw std::runtime_error("curl_easy_init failed");
    const std::string mail_from = "<" + from + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
    Upload upload{&message};
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_chunk);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // we run on a worker thread
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    const CURLcode rc = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK) {
        std::string why = errbuf[0] ? errbuf : curl_easy_strerror(rc);
        if (code > 0) why += " (SMTP " + std::to_string(code) + ")";
        throw std::runtime_error(why);
    }
}

}  // namespace pt::notify
