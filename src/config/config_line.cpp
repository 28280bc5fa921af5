#include "config/config_line.hpp"

namespace mpop::config {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view TrimAndUnquote(std::string_view text) {
  text = TrimBlanks(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  return text;
}

ConfigLine SplitConfigLine(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  line = TrimBlanks(line);
  if (line.empty() || line.front() == '#') return {};
  std::size_t end = 0;
  while (end < line.size() && !IsBlank(line[end])) ++end;
  return {line.substr(0, end), TrimAndUnquote(line.substr(end))};
}

}  // namespace mpop::config
