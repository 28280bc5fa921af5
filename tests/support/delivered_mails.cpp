#include "support/delivered_mails.hpp"

#include <algorithm>
#include <string_view>

#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {

::testing::AssertionResult SameMails(std::vector<std::string> got,
                                     std::vector<std::string> expected) {
  if (got.size() != expected.size()) {
    return ::testing::AssertionFailure()
           << "got " << got.size() << " mails, expected " << expected.size();
  }
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (got[i] != expected[i]) {
      std::size_t at = 0;
      while (at < got[i].size() && at < expected[i].size() && got[i][at] == expected[i][at]) ++at;
      return ::testing::AssertionFailure()
             << "mail differs at byte " << at << ": got \""
             << got[i].substr(at > 20 ? at - 20 : 0, 60) << "\", expected \""
             << expected[i].substr(at > 20 ? at - 20 : 0, 60) << "\"";
    }
  }
  return ::testing::AssertionSuccess();
}

std::vector<std::string> AsSentOnTheWire(const std::vector<std::string>& mails) {
  std::vector<std::string> result;
  for (const std::string& mail : mails) result.push_back(ToCrlf(ExpectedDelivery(mail)));
  return result;
}

std::vector<std::string> AsDelivered(const std::vector<std::string>& mails) {
  std::vector<std::string> result;
  for (const std::string& mail : mails) result.push_back(ExpectedDelivery(mail));
  return result;
}

Result<std::string> StripClientHeaders(const std::string& delivered, int skip_lines) {
  std::string_view rest = delivered;
  for (int i = 0; i < skip_lines; ++i) {
    const std::size_t newline = rest.find('\n');
    if (newline == std::string_view::npos) return Error::DataErr("too short");
    rest.remove_prefix(newline + 1);
  }
  return StripReceivedHeader(rest);
}

std::vector<std::string> ReadDelivered(const std::string& dir, int skip_lines, bool received) {
  std::vector<std::string> mails;
  for (const std::string& path : FilesIn(dir)) {
    std::string text = ReadFile(path);
    if (received) {
      Result<std::string> stripped = StripClientHeaders(text, skip_lines);
      text = stripped ? *stripped : "(no client header) " + text;
    }
    mails.push_back(std::move(text));
  }
  return mails;
}

}  // namespace mpop::testing
