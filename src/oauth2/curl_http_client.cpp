#include "oauth2/curl_http_client.hpp"

#include <memory>
#include <string_view>
#include <utility>

#include "oauth2/curl_api.hpp"
#include "oauth2/form_encoding.hpp"
#include "util/i18n.hpp"

namespace mpop::oauth2 {
namespace {

// Handles freed through the loaded library's own functions.
using CurlEasy = std::unique_ptr<CURL, decltype(CurlApi::easy_cleanup)>;
using CurlUrl = std::unique_ptr<CURLU, decltype(CurlApi::url_cleanup)>;
using CurlString = std::unique_ptr<char, decltype(CurlApi::free)>;

struct BodySink {
  std::string* body;
  std::size_t limit;
  bool too_large = false;
};

std::size_t AppendBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  std::size_t bytes = size * count;
  if (sink->body->size() + bytes > sink->limit) {
    sink->too_large = true;
    return 0;  // libcurl stops with CURLE_WRITE_ERROR
  }
  sink->body->append(data, bytes);
  return bytes;
}

CurlString UrlPart(const CurlApi& curl, CURLU* url, CURLUPart part) {
  char* text = nullptr;
  if (curl.url_get(url, part, &text, 0) != CURLUE_OK) text = nullptr;
  return CurlString(text, curl.free);
}

int CheckAbort(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const net::AbortSignal*>(user)->aborted() ? 1 : 0;
}

bool IsLoopback(std::string_view host) {
  return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

// http and https only; http only to this machine.
Status CheckUrl(const CurlApi& curl, const std::string& text) {
  CurlUrl url(curl.url(), curl.url_cleanup);
  if (!url || curl.url_set(url.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return Error::Config(TrFormat("{} is not an http or https URL", text));
  }
  CurlString scheme = UrlPart(curl, url.get(), CURLUPART_SCHEME);
  CurlString host = UrlPart(curl, url.get(), CURLUPART_HOST);
  std::string_view scheme_view = scheme ? scheme.get() : "";
  if (scheme_view == "https") return {};
  if (scheme_view != "http" || !host)
    return Error::Config(TrFormat("{} is not an http or https URL", text));
  if (!IsLoopback(host.get())) {
    return Error::Config(TrFormat("refusing plain http to {}: use https", host.get()));
  }
  return {};
}

Error TransferError(const CurlApi& curl, CURLcode rc, const std::string& url, const char* detail,
                    const BodySink& sink, std::size_t limit) {
  std::string reason = detail[0] != '\0' ? detail : curl.easy_strerror(rc);
  if (sink.too_large) {
    return Error::Protocol(TrFormat("response from {} is larger than {} bytes", url, limit));
  }
  if (rc == CURLE_ABORTED_BY_CALLBACK)
    return Error::TempFail(TrFormat("request to {} interrupted", url));
  if (rc == CURLE_PEER_FAILED_VERIFICATION) {
    return Error::Unavailable(TrFormat("TLS certificate of {} is not trusted: {}", url, reason));
  }
  if (rc == CURLE_SSL_CACERT_BADFILE) {
    return Error::NoInput(TrFormat("cannot read trust file: {}", reason));
  }
  return Error::TempFail(TrFormat("cannot reach {}: {}", url, reason));
}

}  // namespace

CurlHttpClient::CurlHttpClient(const CurlLibrary& library, HttpOptions options)
    : curl_(&library.api()), options_(std::move(options)) {}

Result<HttpResponse> CurlHttpClient::Send(const HttpRequest& request) {
  const CurlApi& api = *curl_;
  MPOP_TRY(CheckUrl(api, request.url));
  CurlEasy curl(api.easy_init(), api.easy_cleanup);
  if (!curl) return Error::Software(Tr("cannot create HTTP request: out of memory"));
  HttpResponse response;
  BodySink sink{&response.body, options_.max_response_bytes};
  char detail[CURL_ERROR_SIZE] = "";
  std::string body = FormEncode(request.form);
  CURL* h = curl.get();
  api.easy_setopt(h, CURLOPT_URL, request.url.c_str());
  api.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  api.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM in a threaded program
  api.easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
  api.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                  static_cast<long>(options_.connect_timeout.count()));
  api.easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
  api.easy_setopt(h, CURLOPT_WRITEFUNCTION, AppendBody);
  api.easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  api.easy_setopt(h, CURLOPT_USERAGENT, "mpop");
  api.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, CheckAbort);
  api.easy_setopt(h, CURLOPT_XFERINFODATA, &options_.abort);
  api.easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  api.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  api.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  // An empty string switches off the proxy environment variables as well.
  api.easy_setopt(h, CURLOPT_PROXY, options_.proxy.c_str());
  if (!options_.trust_file.empty()) api.easy_setopt(h, CURLOPT_CAINFO, options_.trust_file.c_str());
  if (!options_.source_ip.empty()) {
    std::string interface = "host!" + options_.source_ip;
    api.easy_setopt(h, CURLOPT_INTERFACE, interface.c_str());  // copied by libcurl
  }
  if (!request.form.empty()) {
    api.easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    api.easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  }
  CURLcode rc = api.easy_perform(h);
  if (rc != CURLE_OK) {
    return TransferError(api, rc, request.url, detail, sink, options_.max_response_bytes);
  }
  api.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  char* content_type = nullptr;
  api.easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type != nullptr) response.content_type = content_type;
  return response;
}

}  // namespace mpop::oauth2
