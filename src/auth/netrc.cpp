#include "auth/netrc.hpp"

namespace mpop::auth {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Splits netrc text into tokens, one at a time.
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  // The next token, or nullopt at the end. With `keyword_expected`, a token starting with
  // '#' is a comment: the rest of its line is skipped.
  std::optional<std::string> Next(bool keyword_expected) {
    while (true) {
      while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
      if (pos_ >= text_.size()) return std::nullopt;
      if (keyword_expected && text_[pos_] == '#') {
        SkipLine();
        continue;
      }
      return text_[pos_] == '"' ? Quoted() : Bare();
    }
  }

  // Skips a macdef body: everything up to and including the next empty line. The body
  // starts on the line after "macdef NAME".
  void SkipMacro() {
    SkipLine();
    while (pos_ < text_.size()) {
      std::size_t end = text_.find('\n', pos_);
      std::string_view line = text_.substr(pos_, end == std::string_view::npos ? end : end - pos_);
      pos_ = end == std::string_view::npos ? text_.size() : end + 1;
      if (line.empty() || line == "\r") return;
    }
  }

 private:
  void SkipLine() {
    std::size_t end = text_.find('\n', pos_);
    pos_ = end == std::string_view::npos ? text_.size() : end + 1;
  }

  std::string Bare() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && !IsSpace(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  std::string Quoted() {
    std::string token;
    ++pos_;  // opening quote
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      token += text_[pos_++];
    }
    if (pos_ < text_.size()) ++pos_;  // closing quote; a missing one ends at end of text
    return token;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::vector<NetrcEntry> ParseNetrc(std::string_view text) {
  std::vector<NetrcEntry> entries;
  Tokenizer tokens(text);
  while (std::optional<std::string> keyword = tokens.Next(true)) {
    if (*keyword == "default") {
      entries.push_back(NetrcEntry{"", true, {}, {}, {}});
      continue;
    }
    if (*keyword == "macdef") {
      tokens.Next(false);  // the macro's name
      tokens.SkipMacro();
      continue;
    }
    std::optional<std::string>* field = nullptr;
    if (*keyword == "machine") {
      std::optional<std::string> name = tokens.Next(false);
      if (!name) break;
      entries.push_back(NetrcEntry{std::move(*name), false, {}, {}, {}});
      continue;
    }
    if (entries.empty()) continue;  // values outside any entry mean nothing
    if (*keyword == "login") field = &entries.back().login;
    if (*keyword == "password") field = &entries.back().password;
    if (*keyword == "account") field = &entries.back().account;
    if (field == nullptr) continue;  // an unknown keyword or a stray value
    std::optional<std::string> value = tokens.Next(false);
    if (!value) break;
    *field = std::move(value);
  }
  return entries;
}

std::optional<SecretString> FindNetrcPassword(std::string_view text, std::string_view host,
                                              std::string_view user) {
  std::vector<NetrcEntry> entries = ParseNetrc(text);
  std::optional<SecretString> found;
  for (NetrcEntry& entry : entries) {
    if (!found && !entry.is_default && EqualsIgnoreCase(entry.machine, host) &&
        entry.login == user && entry.password) {
      found.emplace(std::move(*entry.password));
    }
    if (entry.password) SecretString::Wipe(*entry.password);
  }
  return found;
}

}  // namespace mpop::auth
