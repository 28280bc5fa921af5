#include "support/fake_http_client.hpp"

#include <utility>

namespace mpop::testing {

void FakeHttpClient::Answer(long status, std::string body) {
  answers_.emplace_back(oauth2::HttpResponse{status, "application/json", std::move(body)});
}

void FakeHttpClient::Fail(Error error) { answers_.emplace_back(std::move(error)); }

Result<oauth2::HttpResponse> FakeHttpClient::Send(const oauth2::HttpRequest& request) {
  requests_.push_back(request);
  if (answers_.empty())
    return Error::Software("FakeHttpClient: no answer queued for " + request.url);
  Result<oauth2::HttpResponse> answer = std::move(answers_.front());
  answers_.pop_front();
  return answer;
}

Status FakeOAuthClock::Wait(std::chrono::milliseconds duration) {
  waits_.push_back(static_cast<long>(duration.count() / 1000));
  now_ += duration;
  return {};
}

}  // namespace mpop::testing
