#include "client/remembered_capa.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <string_view>
#include <utility>

#include "uidls/durable_io.hpp"
#include "util/unique_fd.hpp"

namespace mpop::client {
namespace {

constexpr std::string_view kComment =
    "# The last CAPA reply of each account's POP3 server, remembered by mpop so that its\n"
    "# next session can send CAPA together with the login. A cache: it may be removed.\n";

struct Block {
  std::string header;  // "HOST USER TLS"
  std::vector<std::string> lines;
};

std::string Header(const CapaKey& key) {
  return std::string(key.host) + " " + std::string(key.user) + (key.tls ? " 1" : " 0");
}

// The file's blocks; empty when it is missing or damaged. Read with plain POSIX calls: an
// ifstream sets up the C++ locale machinery, which cost every session 0.3 MiB of peak
// memory for a file of a few lines (issue 17).
std::vector<Block> ReadBlocks(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return {};
  Result<std::string> text = uidls::ReadAll(fd.get(), path);
  if (!text) return {};
  std::vector<Block> blocks;
  std::string_view rest = *text;
  while (!rest.empty()) {
    const std::size_t newline = rest.find('\n');
    const std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    if (line.starts_with("#")) continue;
    if (line.starts_with("= ")) {
      blocks.push_back({std::string(line.substr(2)), {}});
    } else if (line.starts_with("  ") && !blocks.empty()) {
      blocks.back().lines.emplace_back(line.substr(2));
    } else {
      return {};
    }
  }
  return blocks;
}

// A host or user with a space or line break would not read back as the same header;
// such an account is not remembered.
bool Storable(const CapaKey& key, const std::vector<std::string>& lines) {
  auto plain = [](std::string_view text) {
    return !text.empty() && text.find_first_of(" \r\n") == std::string_view::npos;
  };
  if (!plain(key.host) || !plain(key.user)) return false;
  for (const std::string& line : lines) {
    if (line.find_first_of("\r\n") != std::string::npos) return false;
  }
  return true;
}

}  // namespace

std::optional<std::vector<std::string>> LoadRememberedCapa(const std::string& path,
                                                           const CapaKey& key) {
  const std::string header = Header(key);
  for (Block& block : ReadBlocks(path)) {
    if (block.header == header) return std::move(block.lines);
  }
  return std::nullopt;
}

void RememberCapa(const std::string& path, const CapaKey& key,
                  const std::vector<std::string>& lines) {
  if (!Storable(key, lines)) return;
  std::vector<Block> blocks = ReadBlocks(path);
  const std::string header = Header(key);
  bool found = false;
  for (Block& block : blocks) {
    if (block.header != header) continue;
    if (block.lines == lines) return;
    block.lines = lines;
    found = true;
  }
  if (!found) blocks.push_back({header, lines});
  std::string text(kComment);
  for (const Block& block : blocks) {
    text += "= " + block.header + "\n";
    for (const std::string& line : block.lines) text += "  " + line + "\n";
  }
  const std::string temp = path + ".tmp";
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd) return;
  const bool written =
      ::write(fd.get(), text.data(), text.size()) == static_cast<ssize_t>(text.size());
  fd.Reset();
  if (!written || ::rename(temp.c_str(), path.c_str()) != 0) ::unlink(temp.c_str());
}

}  // namespace mpop::client
