#pragma once
// CurlHttpClient: HttpClient over libcurl (GnuTLS). One easy handle per request, so a
// client object has no state between requests and threads may each use their own.
//
// Every request is bounded: a connect and a total time limit, a cap on the response size,
// no redirects followed (token endpoints never redirect; a redirect is an error page),
// http and https only, and plain http only to a loopback address (a token must not cross
// a network in the clear; tests and local providers listen on 127.0.0.1). TLS peers are
// always verified, against the system's trust store or `trust_file`.

#include <chrono>
#include <cstddef>
#include <string>

#include "net/abort_signal.hpp"
#include "oauth2/curl_library.hpp"
#include "oauth2/http_client.hpp"

namespace mpop::oauth2 {

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds total_timeout{std::chrono::seconds(60)};
  // PEM file of trusted CAs; empty: the system's.
  std::string trust_file{};
  // libcurl proxy URL, e.g. "socks5h://127.0.0.1:1080" (the proxy resolves names); empty:
  // none (environment variables such as https_proxy are ignored too).
  std::string proxy{};
  // Local address to send from (mpop's source_ip); empty: any.
  std::string source_ip{};
  std::size_t max_response_bytes = 1 << 20;
  // A stop request ends a transfer at once with kTempFail "interrupted".
  net::AbortSignal abort{};
};

class CurlHttpClient : public HttpClient {
 public:
  // Calls libcurl through `library`, which must outlive the client.
  CurlHttpClient(const CurlLibrary& library, HttpOptions options);

  // Errors as HttpClient::Send(), plus kConfig "URL is not an http or https URL" and
  // kConfig "refusing plain http to HOST: use https" for a non-loopback http URL.
  Result<HttpResponse> Send(const HttpRequest& request) override;

 private:
  const CurlApi* curl_;
  HttpOptions options_;
};

}  // namespace mpop::oauth2
