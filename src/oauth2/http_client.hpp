#pragma once
// HttpClient: the one seam between the OAuth2 flows and the network. The flows build
// requests and read responses; CurlHttpClient sends them, tests answer them from a table.
// Only what OAuth2 needs: GET, and POST of an application/x-www-form-urlencoded body
// (RFC 6749 section 4.1.3 and friends), responses read whole (they are small JSON).

#include <string>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace mpop::oauth2 {

using FormFields = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string url;
  // Empty: GET. Otherwise POST with these fields, form-encoded.
  FormFields form{};

  bool operator==(const HttpRequest&) const = default;
};

struct HttpResponse {
  long status = 0;             // 200, 400, ...
  std::string content_type{};  // as sent, e.g. "application/json; charset=utf-8"
  std::string body{};

  bool operator==(const HttpResponse&) const = default;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Sends the request and returns whatever HTTP status came back: an error status is a
  // response, not an Error. Errors are for no response at all: kTempFail "cannot reach
  // URL: <reason>" (down, refused, timed out; the next run may succeed), kUnavailable for
  // a TLS certificate that is not trusted, kProtocol for a response too large to be one.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

}  // namespace mpop::oauth2
