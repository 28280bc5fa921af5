// Fuzzes the envelope sender scanner and address parser, and MBOXRD quoting, with the
// same bytes. Feeding in chunks must give what feeding whole gives, and every sender must
// keep the promises of delivery/envelope_sender.hpp: allowed characters only, never
// empty, no leading '-', '.' or '/', no "..".

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "delivery/envelope_sender.hpp"
#include "delivery/mbox.hpp"

namespace {

void CheckSender(const std::string& sender) {
  if (sender.empty()) std::abort();
  for (char c : sender) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '@' || c == '_' || c == '+' || c == '/' || c == '-';
    if (!ok) std::abort();
  }
  if (sender[0] == '-' || sender[0] == '.' || sender[0] == '/') std::abort();
  if (sender.find("..") != std::string::npos) std::abort();
}

// Sender and header size, feeding `mail` in chunks of `step` bytes.
std::pair<std::string, std::size_t> Scan(std::string_view mail, std::size_t step) {
  mpop::delivery::EnvelopeSenderScanner scanner;
  std::size_t header = 0;
  while (!mail.empty() && !scanner.done()) {
    std::size_t n = std::min(step, mail.size());
    header += scanner.Feed(mail.substr(0, n));
    mail.remove_prefix(n);
  }
  return {scanner.Sender(), header};
}

std::string Quote(std::string_view text, std::size_t step) {
  mpop::delivery::MboxrdQuoter quoter;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += step) quoter.Quote(text.substr(i, step), out);
  quoter.Flush(out);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t step = data[0] % 16 + 1;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  auto whole = Scan(text, text.size() + 1);
  CheckSender(whole.first);
  if (whole.second > text.size()) std::abort();
  if (Scan(text, step) != whole) std::abort();

  if (auto address = mpop::delivery::ParseSenderAddress(text)) {
    if (address->empty()) std::abort();
    CheckSender(mpop::delivery::SanitizeEnvelopeSender(*address));
  }
  CheckSender(mpop::delivery::SanitizeEnvelopeSender(text));

  std::string quoted = Quote(text, text.size() + 1);
  if (Quote(text, step) != quoted) std::abort();
  if (quoted.size() < text.size()) std::abort();
  return 0;
}
