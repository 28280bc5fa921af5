#include "support/mail_factory.hpp"

#include <algorithm>
#include <array>
#include <random>

namespace mpop::testing {
namespace {

// mt19937's output sequence is fixed by the standard; the <random> distributions are not,
// so all choices go through this instead of std::uniform_int_distribution.
class Dice {
 public:
  Dice(std::uint32_t seed, int index)
      : engine_(seed * 2654435761u ^ static_cast<std::uint32_t>(index) * 40503u) {}
  std::size_t Below(std::size_t n) { return engine_() % n; }
  std::size_t Between(std::size_t low, std::size_t high) { return low + Below(high - low + 1); }

 private:
  std::mt19937 engine_;
};

constexpr std::array<std::string_view, 16> kWords = {
    "alpha", "bravo",   "charlie", "delta", "echo", "foxtrot",  "golf",  "hotel",
    "india", "juliett", "kilo",    "lima",  "mike", "november", "oscar", "papa"};

std::string Words(Dice& dice, std::size_t length) {
  std::string line;
  while (line.size() < length) {
    if (!line.empty()) line += ' ';
    line += kWords[dice.Below(kWords.size())];
  }
  line.resize(length);
  if (!line.empty() && line.back() == ' ') line.back() = 'z';
  return line;
}

std::vector<std::string> TrickyLines(const MailOptions& options, Dice& dice) {
  std::vector<std::string> lines;
  if (options.from_lines) {
    lines.push_back("From sender@example.org Mon Jan  1 00:00:00 2001");
    lines.push_back(">From quoted once");
    lines.push_back(">>From quoted twice");
    lines.push_back("From");
  }
  if (options.dot_lines) {
    for (const char* line : {".", "..", ".x leading dot", "..x two dots", "...", ". "})
      lines.emplace_back(line);
  }
  if (options.long_lines) {
    lines.push_back(Words(dice, 8193));
    lines.push_back(std::string(dice.Between(8194, 12288), 'L'));
  }
  if (options.eight_bit) {
    lines.push_back(
        "Gr\xc3\xbc\xc3\x9f"
        "e, na\xc3\xafve caf\xc3\xa9 \xe2\x82\xac");
    std::string raw = "raw:";
    for (int byte = 0x80; byte <= 0xff; ++byte) raw += static_cast<char>(byte);
    lines.push_back(raw);
  }
  return lines;
}

}  // namespace

std::string MakeMail(const MailOptions& options, int index) {
  Dice dice(options.seed, index);
  const std::string eol = options.crlf ? "\r\n" : "\n";
  const std::string number = std::to_string(index);
  const std::string seed = std::to_string(options.seed);
  std::string mail = "From: Sender " + number + " <sender" + number + "@example.org>" + eol +
                     "To: alice@example.org" + eol + "Subject: test mail " + number + " seed " +
                     seed + eol + "Message-ID: <" + number + "." + seed + "@mpop.test>" + eol +
                     "Date: Mon, 1 Jan 2001 00:00:00 +0000" + eol + eol;

  std::vector<std::string> tricky = TrickyLines(options, dice);
  std::size_t tricky_bytes = 0;
  for (const auto& line : tricky) tricky_bytes += line.size() + eol.size();
  // Ordinary lines fill up to the target size; tricky lines go in between at random.
  std::vector<std::string> body;
  std::size_t planned = mail.size() + tricky_bytes;
  while (planned + eol.size() < options.size) {
    std::size_t room = options.size - planned - eol.size();
    std::size_t length = std::min(room, dice.Between(20, 76));
    // Never leave a gap too small for one more line end.
    if (room - length > 0 && room - length <= eol.size()) length = room;
    body.push_back(Words(dice, length));
    planned += length + eol.size();
  }
  for (auto& line : tricky) {
    std::size_t at = dice.Below(body.size() + 1);
    body.insert(body.begin() + static_cast<std::ptrdiff_t>(at), std::move(line));
  }
  if (body.empty()) body.emplace_back("x");
  for (const auto& line : body) mail += line + eol;
  if (options.no_final_newline) {
    mail.resize(mail.size() - eol.size());
    // Keep the size promise: the last line grows by the line end it lost.
    if (mail.size() + eol.size() <= options.size) mail.append(eol.size(), 'e');
  }
  return mail;
}

std::vector<std::string> MakeMails(int count, const MailOptions& options) {
  std::vector<std::string> mails;
  for (int i = 1; i <= count; ++i) mails.push_back(MakeMail(options, i));
  return mails;
}

std::vector<std::string> GenerateMails(int count,
                                       const std::function<std::string(int index)>& generator) {
  std::vector<std::string> mails;
  for (int i = 1; i <= count; ++i) mails.push_back(generator(i));
  return mails;
}

std::string ToLf(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += text[i];
  }
  return out;
}

std::string ToCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

std::string ExpectedDelivery(std::string_view original) {
  std::string expected = ToLf(original);
  if (expected.empty() || expected.back() != '\n') expected += '\n';
  return expected;
}

Result<std::string> StripReceivedHeader(std::string_view delivered) {
  if (delivered.substr(0, 9) != "Received:")
    return Error::DataErr("delivered mail does not start with \"Received:\": \"" +
                          std::string(delivered.substr(0, 60)) + "\"");
  std::size_t end = delivered.find('\n');
  while (end != std::string_view::npos && end + 1 < delivered.size() &&
         (delivered[end + 1] == '\t' || delivered[end + 1] == ' '))
    end = delivered.find('\n', end + 1);
  if (end == std::string_view::npos) return std::string();
  return std::string(delivered.substr(end + 1));
}

::testing::AssertionResult DeliveredMatches(std::string_view delivered, std::string_view original) {
  auto body = StripReceivedHeader(delivered);
  if (!body) return ::testing::AssertionFailure() << body.error().message;
  const std::string expected = ExpectedDelivery(original);
  if (*body == expected) return ::testing::AssertionSuccess();
  auto mismatch = std::mismatch(body->begin(), body->end(), expected.begin(), expected.end());
  std::size_t offset = static_cast<std::size_t>(mismatch.first - body->begin());
  std::size_t from = offset < 20 ? 0 : offset - 20;
  return ::testing::AssertionFailure()
         << "delivered mail differs at byte " << offset << " (sizes: delivered " << body->size()
         << ", expected " << expected.size()
         << ")\n  delivered: " << ::testing::PrintToString(body->substr(from, 60))
         << "\n  expected:  " << ::testing::PrintToString(expected.substr(from, 60));
}

}  // namespace mpop::testing
