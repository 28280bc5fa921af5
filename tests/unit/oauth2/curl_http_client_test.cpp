#include "oauth2/curl_http_client.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <thread>

#include "support/loopback.hpp"

namespace mpop::oauth2 {
namespace {

class CurlHttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<CurlLibrary> library = CurlLibrary::Init();
    ASSERT_TRUE(library) << library.error().message;
    library_.emplace(std::move(*library));
  }
  CurlHttpClient Client(HttpOptions options = {}) {
    return CurlHttpClient(*library_, std::move(options));
  }

  std::optional<CurlLibrary> library_;
};

// A one-shot HTTP server on loopback that sends `answer` to whatever comes and records
// the request.
class OneShotServer {
 public:
  explicit OneShotServer(std::string answer) {
    Result<UniqueFd> listener = testing::ListenLoopback();
    if (!listener) return;
    port_ = testing::LocalPort(listener->get());
    thread_ = std::thread([this, fd = std::move(*listener), answer = std::move(answer)] {
      UniqueFd conn(accept(fd.get(), nullptr, nullptr));
      char buffer[4096];
      while (request_.find("\r\n\r\n") == std::string::npos ||
             request_.size() < request_.find("\r\n\r\n") + 4 + BodyLength()) {
        ssize_t got = recv(conn.get(), buffer, sizeof buffer, 0);
        if (got <= 0) break;
        request_.append(buffer, static_cast<std::size_t>(got));
      }
      testing::SendAll(conn.get(), answer);
    });
  }
  ~OneShotServer() {
    if (thread_.joinable()) thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/token"; }
  const std::string& request() {
    if (thread_.joinable()) thread_.join();
    return request_;
  }

 private:
  std::size_t BodyLength() const {
    std::size_t at = request_.find("Content-Length: ");
    return at == std::string::npos ? 0 : std::stoul(request_.substr(at + 16));
  }

  uint16_t port_ = 0;
  std::string request_;
  std::thread thread_;
};

TEST_F(CurlHttpClientTest, PostsTheFormAndReadsTheAnswer) {
  OneShotServer server(
      "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 27\r\n"
      "Connection: close\r\n\r\n{\"error\":\"invalid_request\"}");
  Result<HttpResponse> response = Client().Send({server.url(), {{"a", "b c"}, {"d", "&"}}});
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(*response, (HttpResponse{400, "application/json", "{\"error\":\"invalid_request\"}"}));
  const std::string& request = server.request();
  EXPECT_TRUE(request.starts_with("POST /token HTTP/1.1\r\n")) << request;
  EXPECT_NE(request.find("Content-Type: application/x-www-form-urlencoded\r\n"), std::string::npos);
  EXPECT_TRUE(request.ends_with("\r\n\r\na=b%20c&d=%26")) << request;
}

TEST_F(CurlHttpClientTest, RefusesOversizedAnswers) {
  std::string body(100, 'x');
  OneShotServer server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n" +
                       body);
  Result<HttpResponse> response = Client({.max_response_bytes = 50}).Send({server.url()});
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error(),
            Error::Protocol("response from " + server.url() + " is larger than 50 bytes"));
}

TEST_F(CurlHttpClientTest, RefusedConnectionIsTemporary) {
  Result<uint16_t> port = testing::PickFreePort();
  ASSERT_TRUE(port);
  std::string url = "http://127.0.0.1:" + std::to_string(*port) + "/";
  Result<HttpResponse> response = Client().Send({url});
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ExitCode::kTempFail);
  EXPECT_TRUE(response.error().message.starts_with("cannot reach " + url + ": "))
      << response.error().message;
}

TEST_F(CurlHttpClientTest, PlainHttpOnlyToLoopback) {
  EXPECT_EQ(Client().Send({"http://mail.example/token"}).error(),
            Error::Config("refusing plain http to mail.example: use https"));
  EXPECT_EQ(Client().Send({"ftp://127.0.0.1/x"}).error(),
            Error::Config("ftp://127.0.0.1/x is not an http or https URL"));
  EXPECT_EQ(Client().Send({"not a url"}).error(),
            Error::Config("not a url is not an http or https URL"));
}

TEST_F(CurlHttpClientTest, StopsWhenAborted) {
  Result<UniqueFd> silent = testing::ListenLoopback();  // accepts in the kernel, never answers
  Result<net::AbortSource> stop = net::AbortSource::Create();
  ASSERT_TRUE(silent && stop);
  stop->Trigger();
  std::string url = "http://127.0.0.1:" + std::to_string(testing::LocalPort(silent->get())) + "/";
  EXPECT_EQ(Client({.abort = stop->signal()}).Send({url}).error(),
            Error::TempFail("request to " + url + " interrupted"));
}

}  // namespace
}  // namespace mpop::oauth2
