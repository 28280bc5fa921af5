#pragma once
// RedirectListener: the loopback end of the browser flow (RFC 8252 section 7.3). It listens
// on 127.0.0.1 with a port the kernel picks, and waits for the browser to come back with
// "GET /?code=...&state=..." (or "?error=..."), which it answers with a short page telling
// the user to return to the terminal. Other requests (a browser asking for /favicon.ico)
// get a 404 and the wait goes on.

#include <chrono>
#include <string>

#include "net/abort_signal.hpp"
#include "net/listener.hpp"
#include "oauth2/http_client.hpp"
#include "util/result.hpp"

namespace mpop::oauth2 {

class RedirectListener {
 public:
  // Errors: kOsErr "cannot listen on 127.0.0.1 port 0: <reason>".
  static Result<RedirectListener> Open();

  // "http://127.0.0.1:PORT/": IP literal, not "localhost" (section 8.3).
  std::string redirect_uri() const;
  int port() const { return listener_.port(); }

  // The query parameters of the first request for "/" with a code or an error. Each
  // connection gets `io_timeout` to send its request. Errors: kTempFail "no answer from the
  // browser within N s: run the authorization again"; kTempFail "interrupted";
  // kOsErr from accept().
  Result<FormFields> WaitForRedirect(
      std::chrono::milliseconds timeout, net::AbortSignal abort = {},
      std::chrono::milliseconds io_timeout = std::chrono::seconds(10));

 private:
  explicit RedirectListener(net::Listener listener) : listener_(std::move(listener)) {}

  net::Listener listener_;
};

}  // namespace mpop::oauth2
