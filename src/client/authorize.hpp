#pragma once
// `mpop --authorize [ACCOUNT...]`: gets an account's OAuth2 tokens interactively, once, and
// stores them (oauth2/token_store.hpp), so that later runs log in unattended.
//   device:  prints the verification URL and the user code (and a QR code of the URL on a
//            terminal), then polls the provider until the user has approved (RFC 8628);
//   browser: prints the authorization URL (and opens it with xdg-open when there is a
//            display), then waits for the browser's redirect to 127.0.0.1 (RFC 7636, 8252).

#include <cstdio>
#include <string>

#include "config/account.hpp"
#include "oauth2/curl_library.hpp"
#include "util/result.hpp"

namespace mpop::client {

struct AuthorizeOptions {
  const oauth2::CurlLibrary& http_library;
  std::string token_directory;  // client/oauth2_account.hpp: OAuth2TokenDirectory()
  std::FILE* out = stdout;      // instructions and the result
  bool terminal = false;        // out is a terminal: draw the QR code
  bool open_browser = false;    // a display is there: run xdg-open for the browser flow
};

// Errors: kConfig "account A has no oauth2_issuer: ..." and the provider's refusals of the
// client (oauth2/token_endpoint.hpp); kNoPerm when the user denied access; kTempFail for
// an expired code or a provider that cannot be reached; kProtocol "the provider issued no
// refresh token ...".
Status Authorize(const config::Account& account, const AuthorizeOptions& options);

}  // namespace mpop::client
