#include "delivery/envelope_sender.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "util/i18n.hpp"

namespace mpop::delivery {
namespace {

// Longer field names are not ours; stop copying them.
constexpr std::size_t kMaxFieldName = 32;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

bool IsAddressChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '@' || c == '_' || c == '+' || c == '/' || c == '-';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

// An obsolete source route ("<@relay1,@relay2:joe@example.org>") is not the address.
std::string_view StripRoute(std::string_view angle) {
  if (angle.empty() || angle.front() != '@') return angle;
  std::size_t colon = angle.find(':');
  return colon == std::string_view::npos ? angle : angle.substr(colon + 1);
}

std::string TempDirectory(std::string dir) {
  if (!dir.empty()) return dir;
  const char* env = getenv("TMPDIR");
  return env != nullptr && env[0] != '\0' ? env : "/tmp";
}

Status WriteAll(int fd, std::string_view bytes, const std::string& dir) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return Error::IoErr(TrFormat("cannot write temporary file for mail headers in {}: {}", dir,
                                   ErrnoText(n < 0 ? errno : EIO)));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// An unnamed file in `dir`: O_TMPFILE where the file system has it, else a unique name
// that is removed at once.
Result<UniqueFd> CreateTempFile(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return UniqueFd(fd);
  std::string name = dir + "/mpop-headers-XXXXXX";
  fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    return Error::IoErr(
        TrFormat("cannot create temporary file for mail headers in {}: {}", dir, ErrnoText(errno)));
  }
  ::unlink(name.c_str());
  return UniqueFd(fd);
}

}  // namespace

std::optional<std::string> ParseSenderAddress(std::string_view value) {
  std::string plain;
  std::string angle;
  bool in_angle = false;
  bool in_quote = false;
  int comment_depth = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    std::string& target = in_angle ? angle : plain;
    if (in_quote) {
      // A quoted local part ("q u"@ex.org) is part of the address: keep its characters,
      // without the quotes; SanitizeEnvelopeSender makes them safe.
      if (c == '\\') {
        if (++i < value.size()) target += value[i];  // quoted-pair
      } else if (c == '"') {
        in_quote = false;
      } else {
        target += c;
      }
      continue;
    }
    if (comment_depth > 0) {
      if (c == '\\') {
        ++i;  // quoted-pair: the next character means nothing
      } else if (c == '(') {
        ++comment_depth;
      } else if (c == ')') {
        --comment_depth;
      }
      continue;
    }
    if (c == '(') {
      comment_depth = 1;
    } else if (c == '"') {
      in_quote = true;
    } else if (c == '<' && !in_angle) {
      in_angle = true;
      angle.clear();
    } else if (c == '>' && in_angle) {
      break;  // the first complete <...> is the address
    } else if ((c == ',' || c == ';') && !in_angle) {
      break;  // end of the first address of a list
    } else if (c == '\\') {
      if (++i < value.size()) target += value[i];
    } else {
      target += c;
    }
  }
  if (in_quote) return std::nullopt;  // an unterminated quote: no address to trust
  // in_angle: a <...> part was started (and perhaps not closed); it wins.
  std::string_view address = in_angle ? Trim(StripRoute(Trim(angle))) : Trim(plain);
  if (address.empty()) return std::nullopt;
  return std::string(address);
}

std::string SanitizeEnvelopeSender(std::string_view address) {
  if (address.empty()) return kUnknownEnvelopeSender;
  std::string out;
  out.reserve(address.size());
  for (char c : address) out += IsAddressChar(c) ? c : IsSpace(c) ? '-' : '_';
  if (out[0] == '-' || out[0] == '.' || out[0] == '/') out[0] = '_';
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i] == '.' && out[i - 1] == '.') out[i] = '_';
  }
  return out;
}

std::size_t EnvelopeSenderScanner::Feed(std::string_view chunk) {
  std::size_t i = 0;
  while (i < chunk.size() && !done_) {
    const char c = chunk[i++];
    switch (state_) {
      case State::kLineStart:
        if (c == '\n' || (c == '\r' && !line_is_cr_only_)) {
          if (c == '\r') {
            line_is_cr_only_ = true;  // "\r\n" would be the empty line
            break;
          }
          EndField();
          done_ = true;
          break;
        }
        if (line_is_cr_only_) {
          // A line starting with a lone CR: no header field, but it ends the last one.
          line_is_cr_only_ = false;
          EndField();
          state_ = State::kSkipLine;
          break;
        }
        StartLine(c);
        break;
      case State::kName:
        if (c == '\n') {
          state_ = State::kLineStart;  // a line without a colon: not a field we know
        } else if (c == ':') {
          std::string_view name = Trim(name_);
          if (!address_ &&
              (EqualsIgnoringCase(name, "return-path") || EqualsIgnoringCase(name, "sender"))) {
            collecting_ = true;
            value_.clear();
            state_ = State::kValue;
          } else {
            state_ = State::kSkipLine;
          }
        } else if (name_.size() < kMaxFieldName) {
          name_ += c;
        } else {
          state_ = State::kSkipLine;
        }
        break;
      case State::kValue:
        if (value_.size() < kMaxValue) value_ += c;
        if (c == '\n') state_ = State::kLineStart;
        break;
      case State::kSkipLine:
        if (c == '\n') state_ = State::kLineStart;
        break;
    }
  }
  return i;
}

void EnvelopeSenderScanner::StartLine(char c) {
  if (c == ' ' || c == '\t') {
    // A folded continuation of the field before.
    if (collecting_) {
      if (value_.size() < kMaxValue) value_ += c;
      state_ = State::kValue;
    } else {
      state_ = State::kSkipLine;
    }
    return;
  }
  EndField();
  name_.assign(1, c);
  state_ = c == ':' ? State::kSkipLine : State::kName;
}

void EnvelopeSenderScanner::EndField() {
  if (!collecting_) return;
  collecting_ = false;
  if (!address_) address_ = ParseSenderAddress(value_);
  value_.clear();
}

std::string EnvelopeSenderScanner::Sender() const {
  if (address_) return SanitizeEnvelopeSender(*address_);
  // A mail that ended inside a Return-Path:/Sender: field.
  if (collecting_) {
    if (auto address = ParseSenderAddress(value_)) return SanitizeEnvelopeSender(*address);
  }
  return kUnknownEnvelopeSender;
}

SenderGate::SenderGate(Open open, Sink sink, std::size_t memory_limit, std::string temp_dir)
    : open_(std::move(open)),
      sink_(std::move(sink)),
      memory_limit_(memory_limit),
      temp_dir_(TempDirectory(std::move(temp_dir))) {}

Status SenderGate::Write(std::string_view chunk) {
  if (opened_) return sink_(chunk);
  const std::size_t header_bytes = scanner_.Feed(chunk);
  MPOP_TRY(Hold(chunk.substr(0, header_bytes)));
  if (!scanner_.done()) return {};
  MPOP_TRY(Release());
  if (header_bytes < chunk.size()) return sink_(chunk.substr(header_bytes));
  return {};
}

Status SenderGate::Finish() {
  if (opened_) return {};
  return Release();
}

Status SenderGate::Hold(std::string_view bytes) {
  if (spool_file_) return WriteAll(spool_file_.get(), bytes, temp_dir_);
  if (held_.size() + bytes.size() <= memory_limit_) {
    held_.append(bytes);
    return {};
  }
  auto file = CreateTempFile(temp_dir_);
  if (!file) return std::move(file).error();
  spool_file_ = std::move(*file);
  spilled_ = true;
  MPOP_TRY(WriteAll(spool_file_.get(), held_, temp_dir_));
  std::string().swap(held_);
  return WriteAll(spool_file_.get(), bytes, temp_dir_);
}

Status SenderGate::Release() {
  opened_ = true;
  MPOP_TRY(open_(scanner_.Sender()));
  if (!spool_file_) {
    std::string held = std::move(held_);
    held_.clear();
    return held.empty() ? Status() : sink_(held);
  }
  UniqueFd file = std::move(spool_file_);
  if (::lseek(file.get(), 0, SEEK_SET) != 0) {
    return Error::IoErr(TrFormat("cannot read temporary file for mail headers in {}: {}", temp_dir_,
                                 ErrnoText(errno)));
  }
  std::string buffer(64 * 1024, '\0');
  for (;;) {
    ssize_t n = ::read(file.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return Error::IoErr(TrFormat("cannot read temporary file for mail headers in {}: {}",
                                   temp_dir_, ErrnoText(errno)));
    }
    if (n == 0) return {};
    MPOP_TRY(sink_(std::string_view(buffer.data(), static_cast<std::size_t>(n))));
  }
}

}  // namespace mpop::delivery
