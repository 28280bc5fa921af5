#pragma once
// FakeHttpClient: an oauth2::HttpClient that answers from a queue and records what was
// sent, for unit tests of the OAuth2 flows. FakeOAuthClock: an oauth2::Clock whose Wait()
// only moves the time forward and records how long it was asked to wait.

#include <chrono>
#include <deque>
#include <string>
#include <vector>

#include "oauth2/clock.hpp"
#include "oauth2/http_client.hpp"

namespace mpop::testing {

class FakeHttpClient : public oauth2::HttpClient {
 public:
  // Queues an answer; Send() hands them out in order.
  void Answer(long status, std::string body);
  void Fail(Error error);

  Result<oauth2::HttpResponse> Send(const oauth2::HttpRequest& request) override;

  const std::vector<oauth2::HttpRequest>& requests() const { return requests_; }

 private:
  std::deque<Result<oauth2::HttpResponse>> answers_;
  std::vector<oauth2::HttpRequest> requests_;
};

class FakeOAuthClock : public oauth2::Clock {
 public:
  explicit FakeOAuthClock(
      oauth2::TimePoint start = oauth2::TimePoint(std::chrono::seconds(1'800'000'000)))
      : now_(start) {}
  oauth2::TimePoint Now() const override { return now_; }
  Status Wait(std::chrono::milliseconds duration) override;

  void Advance(std::chrono::seconds by) { now_ += by; }
  // Every Wait() so far, in seconds.
  const std::vector<long>& waits() const { return waits_; }

 private:
  oauth2::TimePoint now_;
  std::vector<long> waits_;
};

}  // namespace mpop::testing
