#include "oauth2/redirect_listener.hpp"

#include <array>
#include <optional>
#include <string_view>
#include <utility>

#include "net/fd_transport.hpp"
#include "oauth2/form_encoding.hpp"
#include "util/i18n.hpp"

namespace mpop::oauth2 {
namespace {

constexpr std::size_t kMaxRequestHead = 16 * 1024;

constexpr std::string_view kDonePage =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>mpop</title></head>"
    "<body><p>mpop has received the answer. You can close this page and return to the "
    "terminal.</p></body></html>";

std::string HttpAnswer(std::string_view status, std::string_view body) {
  return "HTTP/1.1 " + std::string(status) +
         "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
         "Connection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

// The request line's target ("/?code=..."), once the head has arrived.
Result<std::string> ReadRequestTarget(Transport& transport) {
  std::string head;
  std::array<char, 2048> buffer;
  while (head.find("\r\n") == std::string::npos) {
    if (head.size() > kMaxRequestHead) return Error::Protocol(Tr("request line too long"));
    Result<std::size_t> got = transport.ReadSome(buffer);
    if (!got) return std::move(got).error();
    if (*got == 0) return Error::Protocol(Tr("connection closed before the request line"));
    head.append(buffer.data(), *got);
  }
  std::string_view line(head.data(), head.find("\r\n"));
  std::size_t first = line.find(' ');
  std::size_t second = line.rfind(' ');
  if (first == std::string_view::npos || second <= first || line.substr(0, first) != "GET") {
    return Error::Protocol(Tr("not a GET request"));
  }
  return std::string(line.substr(first + 1, second - first - 1));
}

// The query of a request for "/" that carries an answer; nullopt for anything else.
std::optional<FormFields> AnswerIn(std::string_view target) {
  std::size_t question = target.find('?');
  if (target.substr(0, question) != "/" || question == std::string_view::npos) return std::nullopt;
  Result<FormFields> fields = ParseForm(target.substr(question + 1));
  if (!fields) return std::nullopt;
  if (!FindField(*fields, "code") && !FindField(*fields, "error")) return std::nullopt;
  return std::move(*fields);
}

}  // namespace

Result<RedirectListener> RedirectListener::Open() {
  Result<net::Listener> listener = net::Listener::OpenLoopback();
  if (!listener) return std::move(listener).error();
  return RedirectListener(std::move(*listener));
}

std::string RedirectListener::redirect_uri() const {
  return "http://127.0.0.1:" + std::to_string(port()) + "/";
}

Result<FormFields> RedirectListener::WaitForRedirect(std::chrono::milliseconds timeout,
                                                     net::AbortSignal abort,
                                                     std::chrono::milliseconds io_timeout) {
  using std::chrono::steady_clock;
  const steady_clock::time_point deadline = steady_clock::now() + timeout;
  for (;;) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady_clock::now());
    if (abort.aborted()) return Error::TempFail(Tr("interrupted"));
    if (left.count() <= 0) {
      return Error::TempFail(
          TrFormat("no answer from the browser within {} s: run the authorization again",
                   timeout.count() / 1000));
    }
    Result<std::optional<net::AcceptedConnection>> accepted = listener_.Accept(left, abort);
    if (!accepted) return std::move(accepted).error();
    if (!*accepted) continue;
    net::FdTransport transport(std::move((*accepted)->fd), io_timeout, abort);
    Result<std::string> target = ReadRequestTarget(transport);
    if (!target) continue;  // a stray connection; keep waiting for the browser
    std::optional<FormFields> answer = AnswerIn(*target);
    // The browser is only told to go back to the terminal; whether the answer is good is
    // for the caller to decide. A failed write changes nothing about the answer.
    (void)transport.WriteAll(answer ? HttpAnswer("200 OK", kDonePage)
                                    : HttpAnswer("404 Not Found", "Not found"));
    if (answer) return std::move(*answer);
  }
}

}  // namespace mpop::oauth2
