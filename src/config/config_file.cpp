#include "config/config_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <vector>

#include "config/config_line.hpp"
#include "config/setting_table.hpp"
#include "config/suggest.hpp"
#include "util/i18n.hpp"
#include "util/shell.hpp"
#include "util/unique_fd.hpp"

namespace mpop::config {
namespace {

// Control characters would break the one-line error message (and could move the cursor).
std::string Printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

std::string Quote(std::string_view name) { return "'" + std::string(name) + "'"; }

// Parser state while walking through the file.
// A row's hint with "{command}" replaced by the command.
std::string Hint(std::string_view hint, std::string_view command) {
  // The hints are N_() literals of config/setting_kinds.hpp: NUL-terminated.
  std::string text(Tr(std::string(hint).c_str()));
  const std::size_t at = text.find("{command}");
  if (at != std::string::npos) text.replace(at, std::string_view("{command}").size(), command);
  return text;
}

class Parser {
 public:
  Parser(const std::string& path, ParseOptions options)
      : path_(path), options_(std::move(options)) {
    file_.path = path;
  }

  // Parses the next line of the file (without its "\n").
  Status AddLine(std::string_view line) {
    ++line_number_;
    return ParseLine(line, false);
  }
  ConfigFile Take() { return std::move(file_); }

 private:
  Status ParseLine(std::string_view line, bool from_eval);
  Status ParseAccount(std::string_view argument);
  Status ParseSetting(std::string_view command, std::string_view argument);
  Result<std::string> RunEval(std::string_view command);
  Error LineError(std::string message, ExitCode code = ExitCode::kConfig) const;
  std::string UnknownCommand(std::string_view command) const;

  const std::string& path_;
  ParseOptions options_;
  ConfigFile file_;
  Account defaults_;
  Account* current_ = nullptr;  // defaults_ or the last account; null before the first
  int line_number_ = 0;
};

Error Parser::LineError(std::string message, ExitCode code) const {
  return Error{code, Printable(TrFormat("{}: line {}: {}", path_, line_number_, message)), {}};
}

Status Parser::ParseLine(std::string_view line, bool from_eval) {
  if (line.size() > kMaxLineLength) return LineError(Tr("line longer than 500 characters"));
  // Upstream reads lines as C strings, so a NUL byte ends the line.
  line = line.substr(0, line.find('\0'));
  ConfigLine parts = SplitConfigLine(line);
  if (parts.command.empty()) return {};
  if (parts.command == "eval" && !from_eval) {
    if (parts.argument.empty()) return LineError(Tr("command eval needs an argument"));
    Result<std::string> replacement = RunEval(parts.argument);
    if (!replacement) return std::move(replacement).error();
    return ParseLine(*replacement, true);
  }
  if (parts.command == "password" && !from_eval) file_.has_password_line = true;
  if (parts.command == "defaults") {
    if (!parts.argument.empty()) return LineError(Tr("command defaults does not take an argument"));
    current_ = &defaults_;
    return {};
  }
  if (parts.command == "account") return ParseAccount(parts.argument);
  return ParseSetting(parts.command, parts.argument);
}

Result<std::string> Parser::RunEval(std::string_view command) {
  Result<std::string> output = options_.eval ? options_.eval(command) : EvalFirstLine(command);
  if (!output) {
    // doc/COMPAT.md 7.10: a failed eval is an input error, whatever failed inside.
    return LineError(output.error().message, ExitCode::kIoErr);
  }
  return output;
}

Status Parser::ParseAccount(std::string_view argument) {
  std::size_t colon = argument.find(':');
  // Upstream keeps a quoted name as is (`account " a"`), but trims around a colon.
  std::string_view name =
      colon == std::string_view::npos ? argument : TrimBlanks(argument.substr(0, colon));
  if (name.empty()) return LineError(Tr("missing account name"));
  if (name.find(',') != std::string_view::npos) {
    return LineError(Tr("an account name must not contain colons or commas"));
  }
  if (FindAccount(file_, name) != nullptr) {
    return LineError(TrFormat("account {} was already defined", name));
  }
  Account account = defaults_;
  account.explicitly_set.reset();  // only what the account itself sets is inherited
  account.name = std::string(name);
  account.config_file = path_;
  if (colon != std::string_view::npos) {
    std::string_view list = argument.substr(colon + 1);
    while (true) {
      std::size_t comma = list.find(',');
      std::string_view parent = TrimBlanks(list.substr(0, comma));
      if (parent.empty()) return LineError(Tr("missing account name"));
      const Account* source = FindAccount(file_, parent);
      if (source == nullptr) {
        return LineError(TrFormat("account {} not (yet) defined", parent));
      }
      options_.settings->CopyExplicit(*source, account);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  file_.accounts.push_back(std::move(account));
  current_ = &file_.accounts.back();
  return {};
}

Status Parser::ParseSetting(std::string_view command, std::string_view argument) {
  if (current_ == nullptr) return LineError(Tr("first command must be account or defaults"));
  const SettingRow* row = options_.settings->Find(command);
  if (row == nullptr) return LineError(UnknownCommand(command));
  if (row->needs_argument && argument.empty()) {
    return LineError(TrFormat("command {} needs an argument", command));
  }
  Status applied = row->apply_file(argument, *current_);
  if (!applied) {
    std::string message = row->own_error_text
                              ? applied.error().message
                              : TrFormat("invalid argument {} for command {}", argument, command);
    if (!row->hint.empty()) message += "; " + Hint(row->hint, command);
    return LineError(std::move(message));
  }
  options_.settings->MarkSet(*row, *current_);
  return {};
}

std::string Parser::UnknownCommand(std::string_view command) const {
  std::vector<std::string_view> names = {"account", "defaults", "eval"};
  for (const SettingRow& row : options_.settings->rows()) {
    if (row.field != nullptr) names.push_back(row.command);
  }
  // An `eval` whose output is another `eval` gets here; suggesting "eval" would not help.
  std::erase(names, command);
  if (auto close = ClosestName(command, names)) {
    return TrFormat("unknown command {} (did you mean {}?)", command, Quote(*close));
  }
  return TrFormat("unknown command {}", command);
}

// Feeds the file to the parser line by line while reading, so that a huge or endless
// input (`-C /dev/zero`) fails at its first bad line instead of filling memory.
Status ParseFile(const UniqueFd& fd, const std::string& path, Parser& parser) {
  std::string pending;  // the incomplete last line
  char buffer[8192];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::IoErr(path + ": " + ErrnoText(errno));
    if (n == 0) break;
    pending.append(buffer, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t newline; (newline = pending.find('\n', start)) != std::string::npos;
         start = newline + 1) {
      MPOP_TRY(parser.AddLine(std::string_view(pending).substr(start, newline - start)));
    }
    pending.erase(0, start);
    // Too long already: AddLine reports it without waiting for the rest.
    if (pending.size() > kMaxLineLength) return parser.AddLine(pending);
  }
  if (!pending.empty()) return parser.AddLine(pending);
  return {};
}

// A file with a cleartext password must be ours and unreadable for anybody else.
Status CheckSecretsFile(const UniqueFd& fd, const std::string& path) {
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return Error::IoErr(path + ": " + ErrnoText(errno));
  if (st.st_uid != ::geteuid()) {
    return Error::Config(TrFormat("{}: contains secrets and therefore must be owned by you", path));
  }
  if ((st.st_mode & (S_IXUSR | S_IRWXG | S_IRWXO | S_ISUID | S_ISGID | S_ISVTX)) != 0) {
    return Error::Config(TrFormat(
        "{}: contains secrets and therefore must have no more than user read/write permissions",
        path));
  }
  return {};
}

}  // namespace

Result<ConfigFile> ParseConfig(std::string_view text, const std::string& path,
                               ParseOptions options) {
  Parser parser(path, std::move(options));
  while (!text.empty()) {
    std::size_t newline = text.find('\n');
    MPOP_TRY(parser.AddLine(text.substr(0, newline)));
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
  }
  return parser.Take();
}

Result<ConfigFile> LoadConfigFile(const std::string& path) {
  // open() follows symlinks, and fstat() then checks the very file we read.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return Error::IoErr(Printable(path + ": " + ErrnoText(errno)));
  Parser parser(path, ParseOptions{});
  MPOP_TRY(ParseFile(fd, Printable(path), parser));
  ConfigFile file = parser.Take();
  if (file.has_password_line) MPOP_TRY(CheckSecretsFile(fd, Printable(path)));
  return file;
}

const Account* FindAccount(const ConfigFile& file, std::string_view name) {
  for (const Account& account : file.accounts) {
    if (account.name == name) return &account;
  }
  return nullptr;
}

}  // namespace mpop::config
