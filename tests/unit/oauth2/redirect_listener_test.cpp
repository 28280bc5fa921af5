#include "oauth2/redirect_listener.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <thread>

#include "oauth2/form_encoding.hpp"
#include "support/loopback.hpp"

namespace mpop::oauth2 {
namespace {

using std::chrono::milliseconds;

// What a browser gets back for `request`.
std::string Visit(int port, const std::string& request) {
  Result<UniqueFd> fd = testing::ConnectLoopback(static_cast<uint16_t>(port));
  if (!fd) return "connect failed: " + fd.error().message;
  testing::SendAll(fd->get(), request);
  std::string answer;
  char buffer[1024];
  ssize_t got;
  while ((got = recv(fd->get(), buffer, sizeof buffer, 0)) > 0) answer.append(buffer, got);
  return answer;
}

TEST(RedirectListenerTest, RedirectUriIsTheLoopbackAddressWithItsPort) {
  Result<RedirectListener> listener = RedirectListener::Open();
  ASSERT_TRUE(listener) << listener.error().message;
  EXPECT_GT(listener->port(), 0);
  EXPECT_EQ(listener->redirect_uri(), "http://127.0.0.1:" + std::to_string(listener->port()) + "/");
}

TEST(RedirectListenerTest, IgnoresOtherRequestsAndReturnsTheAnswer) {
  Result<RedirectListener> listener = RedirectListener::Open();
  ASSERT_TRUE(listener);
  int port = listener->port();
  std::string favicon, answer, garbage;
  std::thread browser([&] {
    favicon = Visit(port, "GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n");
    garbage = Visit(port, "POST / HTTP/1.1\r\n\r\n");
    answer = Visit(port, "GET /?code=C%2B1&state=S HTTP/1.1\r\nHost: x\r\n\r\n");
  });
  Result<FormFields> fields = listener->WaitForRedirect(milliseconds(10000));
  browser.join();
  ASSERT_TRUE(fields) << fields.error().message;
  EXPECT_EQ(*fields, (FormFields{{"code", "C+1"}, {"state", "S"}}));
  EXPECT_TRUE(favicon.starts_with("HTTP/1.1 404 Not Found\r\n")) << favicon;
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200 OK\r\n")) << answer;
  EXPECT_NE(answer.find("return to the terminal"), std::string::npos);
}

TEST(RedirectListenerTest, ErrorAnswersCountToo) {
  Result<RedirectListener> listener = RedirectListener::Open();
  ASSERT_TRUE(listener);
  std::thread browser([port = listener->port()] {
    Visit(port, "GET /?error=access_denied&state=S HTTP/1.1\r\n\r\n");
  });
  Result<FormFields> fields = listener->WaitForRedirect(milliseconds(10000));
  browser.join();
  ASSERT_TRUE(fields);
  EXPECT_EQ(*FindField(*fields, "error"), "access_denied");
}

TEST(RedirectListenerTest, GivesUpAfterTheTimeout) {
  Result<RedirectListener> listener = RedirectListener::Open();
  ASSERT_TRUE(listener);
  Result<FormFields> fields = listener->WaitForRedirect(milliseconds(1500));
  ASSERT_FALSE(fields);
  EXPECT_EQ(fields.error(),
            Error::TempFail("no answer from the browser within 1 s: run the authorization again"));
}

TEST(RedirectListenerTest, StopsWhenAborted) {
  Result<RedirectListener> listener = RedirectListener::Open();
  Result<net::AbortSource> stop = net::AbortSource::Create();
  ASSERT_TRUE(listener && stop);
  stop->Trigger();
  EXPECT_EQ(listener->WaitForRedirect(milliseconds(10000), stop->signal()).error(),
            Error::TempFail("interrupted"));
}

}  // namespace
}  // namespace mpop::oauth2
