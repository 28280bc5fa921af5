#include "client/metrics_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>

#include "client/json_lines.hpp"
#include "util/ascii.hpp"
#include "util/i18n.hpp"
#include "util/unique_fd.hpp"

namespace mpop::client {
namespace {

struct Family {
  const char* name;
  const char* type;
  const char* help;
};

constexpr Family kAttempt{"mpop_last_attempt_timestamp_seconds", "gauge",
                          "When the account's last session ended."};
constexpr Family kSuccess{"mpop_last_success_timestamp_seconds", "gauge",
                          "When the account's last successful session ended."};
constexpr Family kDuration{"mpop_last_session_duration_seconds", "gauge",
                           "How long the account's last session took."};
constexpr Family kExitCode{"mpop_last_exit_code", "gauge",
                           "The exit code (sysexits) of the account's last session."};
constexpr Family kSessions{"mpop_sessions_total", "counter", "Sessions of the account."};
constexpr Family kMails{"mpop_mails_fetched_total", "counter", "Mails fetched and delivered."};
constexpr Family kBytes{"mpop_bytes_fetched_total", "counter",
                        "Bytes of the mails fetched, as the server listed their sizes."};
constexpr Family kFailures{"mpop_failures_total", "counter",
                           "Failed sessions of the account, by kind (sysexits name)."};

std::string Escape(std::string_view value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\' || c == '"') escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return escaped;
}

std::string Unescape(std::string_view value) {
  std::string text;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) {
      ++i;
      text += value[i] == 'n' ? '\n' : value[i];
    } else {
      text += value[i];
    }
  }
  return text;
}

std::string Number(double value) { return fmt::format("{}", value); }

// Appends one family: its HELP and TYPE lines, then a sample per account (and kind).
template <class Sample>
void AddFamily(std::string& text, const Family& family, const Metrics& metrics, Sample sample) {
  text += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family.name, family.help, family.name,
                      family.type);
  for (const auto& [account, values] : metrics) {
    sample(fmt::format("{}{{account=\"{}\"", family.name, Escape(account)), values);
  }
}

// Reads a label's value from `labels` ("account=\"a\",kind=\"b\""); empty if missing.
std::string Label(std::string_view labels, std::string_view name) {
  const std::string key = std::string(name) + "=\"";
  std::size_t at = 0;
  while ((at = labels.find(key, at)) != std::string_view::npos) {
    if (at == 0 || labels[at - 1] == ',') break;
    at += key.size();
  }
  if (at == std::string_view::npos) return {};
  std::size_t end = at + key.size();
  while (end < labels.size() && labels[end] != '"') end += labels[end] == '\\' ? 2 : 1;
  return Unescape(labels.substr(at + key.size(), end - at - key.size()));
}

void SetValue(AccountMetrics& values, std::string_view name, const std::string& kind,
              double value) {
  if (name == kAttempt.name) values.last_attempt = value;
  if (name == kSuccess.name) values.last_success = value;
  if (name == kDuration.name) values.last_duration = value;
  if (name == kExitCode.name) values.last_exit_code = static_cast<int>(value);
  if (name == kSessions.name) values.sessions = static_cast<std::uint64_t>(value);
  if (name == kMails.name) values.mails = static_cast<std::uint64_t>(value);
  if (name == kBytes.name) values.bytes = static_cast<std::uint64_t>(value);
  if (name == kFailures.name && !kind.empty()) {
    values.failures[kind] = static_cast<std::uint64_t>(value);
  }
}

std::string FailureKind(ExitCode code) {
  std::string kind(ExitCodeName(code).substr(3));  // without "EX_"
  for (char& c : kind) c = AsciiLower(c);
  return kind;
}

double UnixTime(std::chrono::system_clock::time_point time) {
  return std::chrono::duration<double>(time.time_since_epoch()).count();
}

}  // namespace

std::string FormatMetrics(const Metrics& metrics) {
  std::string text;
  auto gauge = [&](const Family& family, auto field) {
    AddFamily(text, family, metrics, [&](const std::string& start, const AccountMetrics& v) {
      text += start + "} " + Number(static_cast<double>(v.*field)) + "\n";
    });
  };
  gauge(kAttempt, &AccountMetrics::last_attempt);
  gauge(kSuccess, &AccountMetrics::last_success);
  gauge(kDuration, &AccountMetrics::last_duration);
  gauge(kExitCode, &AccountMetrics::last_exit_code);
  gauge(kSessions, &AccountMetrics::sessions);
  gauge(kMails, &AccountMetrics::mails);
  gauge(kBytes, &AccountMetrics::bytes);
  AddFamily(text, kFailures, metrics, [&](const std::string& start, const AccountMetrics& v) {
    for (const auto& [kind, count] : v.failures) {
      text += fmt::format("{},kind=\"{}\"}} {}\n", start, Escape(kind), count);
    }
  });
  return text;
}

Metrics ParseMetrics(std::string_view text) {
  Metrics metrics;
  while (!text.empty()) {
    std::string_view line = text.substr(0, text.find('\n'));
    text.remove_prefix(std::min(text.size(), line.size() + 1));
    const std::size_t open = line.find('{');
    const std::size_t close = line.rfind('}');
    if (line.starts_with('#') || open == std::string_view::npos ||
        close == std::string_view::npos || close < open) {
      continue;
    }
    const std::string_view labels = line.substr(open + 1, close - open - 1);
    std::string_view number = line.substr(close + 1);
    while (number.starts_with(' ')) number.remove_prefix(1);
    double value = 0;
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    const bool whole = error == std::errc() && end == number.data() + number.size();
    if (!whole || !std::isfinite(value) || !labels.starts_with("account=\"")) continue;
    SetValue(metrics[Label(labels, "account")], line.substr(0, open), Label(labels, "kind"), value);
  }
  return metrics;
}

void AddSession(Metrics& metrics, const AccountReport& report) {
  AccountMetrics& values = metrics[report.account.empty() ? report.host : report.account];
  const double ended = UnixTime(report.started) + report.seconds.count();
  values.last_attempt = ended;
  values.last_duration = report.seconds.count();
  values.last_exit_code = static_cast<int>(report.code);
  ++values.sessions;
  values.mails += report.retrieved;
  values.bytes += report.bytes;
  if (report.code == ExitCode::kOk) {
    values.last_success = ended;
  } else {
    ++values.failures[FailureKind(report.code)];
  }
}

Result<MetricsFile> MetricsFile::Open(std::string path) {
  auto failed = [&path] {
    return Error::IoErr(TrFormat("cannot read metrics file {}: {}", path, std::strerror(errno)));
  };
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) return MetricsFile(std::move(path), {});
    return failed();
  }
  std::string text;
  char buffer[8192];
  for (ssize_t got; (got = ::read(fd.get(), buffer, sizeof buffer)) != 0;) {
    if (got < 0) {
      if (errno == EINTR) continue;
      return failed();
    }
    text.append(buffer, static_cast<std::size_t>(got));
  }
  return MetricsFile(std::move(path), ParseMetrics(text));
}

Status MetricsFile::Update(const AccountReport& report) {
  std::lock_guard lock(mutex_);
  AddSession(metrics_, report);
  const std::string text = FormatMetrics(metrics_);
  const std::string temporary = path_ + ".tmp." + std::to_string(::getpid());
  auto failed = [&](const char* what) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return Error::IoErr(std::string("cannot ") + what + " metrics file " + path_ + ": " +
                        std::strerror(error));
  };
  {
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd) return failed("write");
    if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
      if (errno == 0) errno = ENOSPC;
      return failed("write");
    }
  }
  if (::rename(temporary.c_str(), path_.c_str()) != 0) return failed("replace");
  return {};
}

}  // namespace mpop::client
