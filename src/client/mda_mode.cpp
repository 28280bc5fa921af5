#include "client/mda_mode.hpp"

#include <unistd.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <vector>

#include "delivery/envelope_sender.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

constexpr std::size_t kReadSize = 64 * 1024;

// CRLF -> LF as the mail streams by; a CR at the end of one read waits for the next.
class LineEndNormalizer {
 public:
  // Appends the normalized form of `in` to `out`.
  void Normalize(std::string_view in, std::string& out) {
    for (char c : in) {
      if (pending_cr_) {
        pending_cr_ = false;
        if (c != '\n') Emit('\r', out);
      }
      if (c == '\r') {
        pending_cr_ = true;
      } else {
        Emit(c, out);
      }
    }
  }
  // The end of the mail: a held CR stays, and a last line without "\n" gets one.
  void Finish(std::string& out) {
    if (pending_cr_) Emit('\r', out);
    pending_cr_ = false;
    if (last_ && *last_ != '\n') Emit('\n', out);
  }

 private:
  void Emit(char c, std::string& out) {
    out += c;
    last_ = c;
  }

  bool pending_cr_ = false;
  std::optional<char> last_;  // none: nothing emitted, an empty mail stays empty
};

// Reads what is there, up to kReadSize bytes; "" at the end of the input.
Result<std::string> ReadSome(int input_fd) {
  std::string buffer(kReadSize, '\0');
  for (;;) {
    const ssize_t n = ::read(input_fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return Error::IoErr(
          TrFormat("cannot read the mail from standard input: {}", ErrnoText(errno)));
    buffer.resize(static_cast<std::size_t>(n));
    return buffer;
  }
}

// Streams `first` and then the rest of the input into the writer, line ends normalized.
Status Stream(std::string first, int input_fd, delivery::MailWriter& writer) {
  LineEndNormalizer normalizer;
  std::string out;
  for (std::string chunk = std::move(first); !chunk.empty();) {
    out.clear();
    normalizer.Normalize(chunk, out);
    MPOP_TRY(writer.Write(out));
    Result<std::string> next = ReadSome(input_fd);
    if (!next) return std::move(next).error();
    chunk = std::move(*next);
  }
  out.clear();
  normalizer.Finish(out);
  return writer.Write(out);
}

}  // namespace

Result<delivery::DeliveryTarget> ToDeliveryTarget(const config::Delivery& delivery) {
  if (delivery.kind == nullptr) return Error::Config(Tr("no delivery information"));
  delivery::DeliveryTarget target;
  target.kind = delivery.kind;
  target.argument = delivery.argument;
  return target;
}

Status RunMdaMode(const config::Delivery& delivery, const std::optional<std::string>& from,
                  int input_fd, std::optional<std::chrono::milliseconds> command_timeout) {
  if (delivery.kind == nullptr) {
    return Error::Usage(Tr("--mda requires --delivery"));
  }
  auto target = ToDeliveryTarget(delivery);
  if (!target) return std::move(target).error();
  target->command_timeout = command_timeout;
  // Nothing is opened (or locked) for an empty input: an empty mail is no mail.
  Result<std::string> first = ReadSome(input_fd);
  if (!first) return std::move(first).error();
  if (first->empty()) {
    return Error::DataErr(
        Tr("no mail on standard input: --mda delivers the one mail it reads there"));
  }
  auto opened = delivery::OpenDelivery(*target);
  if (!opened) return std::move(opened).error();
  delivery::Delivery& sink = **opened;
  auto writer = sink.Begin({.uid = "",
                            .envelope_sender = from ? delivery::SanitizeEnvelopeSender(*from)
                                                    : std::string(delivery::kUnknownEnvelopeSender),
                            .server_size = 0});
  if (!writer) return std::move(writer).error();
  MPOP_TRY(Stream(std::move(*first), input_fd, **writer));
  auto token = (*writer)->Finish();
  if (!token) return std::move(token).error();
  MPOP_TRY(sink.Sync());
  const std::vector<std::string> tokens = {*token};
  return sink.Publish(tokens);
}

}  // namespace mpop::client
