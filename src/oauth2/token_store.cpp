#include "oauth2/token_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <utility>

#include "oauth2/form_encoding.hpp"
#include "oauth2/json_reader.hpp"
#include "util/i18n.hpp"
#include "util/unique_fd.hpp"

namespace mpop::oauth2 {
namespace {

constexpr int kFormatVersion = 1;
// The value of "refresh_token_in" when the refresh token is in the vault.
constexpr const char* kInVault = "keyring";

Result<std::string> ReadAll(int fd, const std::string& path) {
  std::string text;
  char buffer[4096];
  for (;;) {
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Error::IoErr(TrFormat("cannot read {}: {}", path, ErrnoText(errno)));
    if (got == 0) return text;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > (1u << 20))
      return Error::DataErr(TrFormat("{} is not a valid token file: run `mpop --authorize`", path));
  }
}

Status CheckPrivate(int fd, const std::string& path) {
  struct stat st {};
  if (fstat(fd, &st) != 0)
    return Error::IoErr(TrFormat("cannot read {}: {}", path, ErrnoText(errno)));
  if (st.st_uid != geteuid()) {
    return Error::Config(TrFormat("{} contains secrets and therefore must be owned by you", path));
  }
  if ((st.st_mode & 07177) != 0) {
    return Error::Config(TrFormat(
        "{} contains secrets and therefore must have no more than user read/write permissions",
        path));
  }
  return {};
}

Status MakeDirectories(const std::string& directory) {
  std::filesystem::path path(directory);
  std::filesystem::path partial;
  for (const auto& part : path) {
    partial /= part;
    if (mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
      return Error{
          ExitCode::kCantCreate, "cannot create " + partial.string() + ": " + ErrnoText(errno), {}};
    }
  }
  return {};
}

}  // namespace

std::string TokenDirectory(const char* xdg_state_home, const char* home) {
  if (xdg_state_home != nullptr && xdg_state_home[0] == '/') {
    return std::string(xdg_state_home) + "/mpop/oauth2";
  }
  return std::string(home != nullptr ? home : "") + "/.local/state/mpop/oauth2";
}

std::string FormatTokenFile(const StoredTokens& tokens) {
  nlohmann::json json = {{"version", kFormatVersion}, {"access_token", tokens.access_token}};
  if (tokens.refresh_token_in_vault) {
    json["refresh_token_in"] = kInVault;
  } else {
    json["refresh_token"] = tokens.refresh_token;
  }
  if (tokens.expires_at) {
    json["expires_at"] =
        std::chrono::duration_cast<std::chrono::seconds>(tokens.expires_at->time_since_epoch())
            .count();
  }
  return json.dump(2) + "\n";
}

std::optional<StoredTokens> ParseTokenFile(std::string_view text) {
  Result<nlohmann::json> json = ParseJsonObject(text, "token file");
  if (!json || IntegerMember(*json, "version") != kFormatVersion) return std::nullopt;
  StoredTokens tokens{.refresh_token = {}};
  if (StringMember(*json, "refresh_token_in") == std::optional<std::string>(kInVault)) {
    tokens.refresh_token_in_vault = true;
  } else {
    std::optional<std::string> refresh = StringMember(*json, "refresh_token");
    if (!refresh) return std::nullopt;
    tokens.refresh_token = std::move(*refresh);
  }
  tokens.access_token = StringMember(*json, "access_token").value_or("");
  if (std::optional<std::int64_t> expires = IntegerMember(*json, "expires_at")) {
    tokens.expires_at = TimePoint(std::chrono::seconds(*expires));
  }
  return tokens;
}

TokenFileStore::TokenFileStore(std::string directory, const util::FileSystem& fs,
                               SecretVault* vault)
    : directory_(std::move(directory)), fs_(fs), vault_(vault) {}

Result<std::string> TokenFileStore::RefreshToken(std::string_view key,
                                                 const StoredTokens& tokens) const {
  if (!tokens.refresh_token_in_vault) return tokens.refresh_token;
  const std::string what = "the refresh token of " + std::string(key) + " is kept in the key ring";
  if (vault_ == nullptr) return Error::TempFail(TrFormat("{}, which this run cannot use", what));
  Result<std::optional<std::string>> loaded = vault_->Load(key);
  if (!loaded) return std::move(loaded).error();
  if (!*loaded) {
    return Error::TempFail(TrFormat(
        "{}, which this run cannot reach or which has lost it (no D-Bus session, or a locked key "
        "ring?): run mpop where the key ring is open, or `mpop --authorize` again",
        what));
  }
  return std::move(**loaded);
}

std::string TokenFileStore::PathFor(std::string_view key) const {
  return directory_ + "/" + PercentEncode(key) + ".json";
}

Result<std::optional<StoredTokens>> TokenFileStore::Load(std::string_view key) const {
  std::string path = PathFor(key);
  UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) {
    if (errno == ENOENT) return std::optional<StoredTokens>();
    return Error::IoErr(TrFormat("cannot read {}: {}", path, ErrnoText(errno)));
  }
  MPOP_TRY(CheckPrivate(fd.get(), path));
  Result<std::string> text = ReadAll(fd.get(), path);
  if (!text) return std::move(text).error();
  std::optional<StoredTokens> tokens = ParseTokenFile(*text);
  if (!tokens)
    return Error::DataErr(TrFormat("{} is not a valid token file: run `mpop --authorize`", path));
  return tokens;
}

Status TokenFileStore::Save(std::string_view key, const StoredTokens& tokens) const {
  MPOP_TRY(MakeDirectories(directory_));
  std::string path = PathFor(key);
  std::string name = path.substr(directory_.size() + 1);
  std::string temp_name = name + ".tmp." + std::to_string(getpid());
  auto fail = [&](int err) {
    fs_.UnlinkAt(AT_FDCWD, (directory_ + "/" + temp_name).c_str());
    return Error::IoErr(TrFormat("cannot write {}: {}", path, ErrnoText(err)));
  };
  UniqueFd dir(fs_.OpenAt(AT_FDCWD, directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0));
  if (!dir) return Error::IoErr(TrFormat("cannot write {}: {}", path, ErrnoText(errno)));
  // A leftover from a crashed run with our pid would make O_EXCL fail: remove it first.
  fs_.UnlinkAt(dir.get(), temp_name.c_str());
  UniqueFd file(fs_.OpenAt(dir.get(), temp_name.c_str(),
                           O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!file) return fail(errno);
  StoredTokens written = tokens;
  written.refresh_token_in_vault = false;
  if (vault_ != nullptr && !tokens.refresh_token.empty()) {
    // Into the vault first: a crash before the file is replaced leaves the old file,
    // which (when it already pointed to the vault) finds the new token there.
    Result<bool> in_vault = vault_->Save(key, tokens.refresh_token);
    if (!in_vault) return std::move(in_vault).error();
    if (*in_vault) {
      written.refresh_token.clear();
      written.refresh_token_in_vault = true;
    }
  }
  std::string text = FormatTokenFile(written);
  for (std::size_t done = 0; done < text.size();) {
    long wrote = fs_.Write(file.get(), text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return fail(errno);
    done += static_cast<std::size_t>(wrote);
  }
  if (fs_.Fsync(file.get()) != 0) return fail(errno);
  if (fs_.RenameAt(dir.get(), temp_name.c_str(), dir.get(), name.c_str()) != 0) return fail(errno);
  if (fs_.Fsync(dir.get()) != 0)
    return Error::IoErr(TrFormat("cannot write {}: {}", path, ErrnoText(errno)));
  return {};
}

}  // namespace mpop::oauth2
