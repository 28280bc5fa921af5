#include "oauth2/token_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "support/temp_dir.hpp"

namespace mpop::oauth2 {
namespace {

using std::chrono::seconds;

const StoredTokens kTokens{
    .refresh_token = "RT", .access_token = "AT", .expires_at = TimePoint(seconds(1'800'003'600))};

TEST(TokenStoreTest, DirectoryFollowsXdgStateHome) {
  EXPECT_EQ(TokenDirectory("/state", "/home/u"), "/state/mpop/oauth2");
  EXPECT_EQ(TokenDirectory(nullptr, "/home/u"), "/home/u/.local/state/mpop/oauth2");
  EXPECT_EQ(TokenDirectory("", "/home/u"), "/home/u/.local/state/mpop/oauth2");
  EXPECT_EQ(TokenDirectory("relative", "/home/u"), "/home/u/.local/state/mpop/oauth2");
}

TEST(TokenStoreTest, FileFormatRoundTrips) {
  EXPECT_EQ(ParseTokenFile(FormatTokenFile(kTokens)), kTokens);
  StoredTokens no_expiry{.refresh_token = "RT"};
  EXPECT_EQ(ParseTokenFile(FormatTokenFile(no_expiry)), no_expiry);
  EXPECT_EQ(ParseTokenFile(R"({"version":2,"refresh_token":"x"})"), std::nullopt);
  EXPECT_EQ(ParseTokenFile(R"({"version":1})"), std::nullopt);
  EXPECT_EQ(ParseTokenFile(""), std::nullopt);
}

TEST(TokenStoreTest, SavesPrivatelyAndLoadsBack) {
  testing::ScopedTempDir dir;
  TokenFileStore store(dir.File("state/mpop/oauth2"));
  Result<std::optional<StoredTokens>> none = store.Load("gmail");
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(*none, std::nullopt);
  ASSERT_TRUE(store.Save("gmail", kTokens));
  struct stat st {};
  ASSERT_EQ(stat(store.PathFor("gmail").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_EQ(stat(dir.File("state/mpop/oauth2").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  Result<std::optional<StoredTokens>> loaded = store.Load("gmail");
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(*loaded, kTokens);
}

TEST(TokenStoreTest, SaveReplacesAndLeavesNoTemporaryFile) {
  testing::ScopedTempDir dir;
  TokenFileStore store(dir.path().string());
  ASSERT_TRUE(store.Save("a", kTokens));
  StoredTokens rotated = kTokens;
  rotated.refresh_token = "RT2";
  ASSERT_TRUE(store.Save("a", rotated));
  EXPECT_EQ(*store.Load("a"), rotated);
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
    ++files;
  EXPECT_EQ(files, 1);
}

TEST(TokenStoreTest, AccountNamesBecomeSafeFileNames) {
  TokenFileStore store("/d");
  EXPECT_EQ(store.PathFor("gmail"), "/d/gmail.json");
  EXPECT_EQ(store.PathFor("../x y"), "/d/..%2Fx%20y.json");
}

TEST(TokenStoreTest, RefusesAFileOthersCanRead) {
  testing::ScopedTempDir dir;
  TokenFileStore store(dir.path().string());
  ASSERT_TRUE(store.Save("a", kTokens));
  std::string path = store.PathFor("a");
  for (mode_t mode : {0644, 0604, 0640, 0700}) {
    ASSERT_EQ(chmod(path.c_str(), mode), 0);
    EXPECT_EQ(store.Load("a").error(),
              Error::Config(path + " contains secrets and therefore must have no more than user "
                                   "read/write permissions"))
        << std::oct << mode;
  }
}

TEST(TokenStoreTest, RefusesAFileOfAnotherUser) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to give a file away";
  testing::ScopedTempDir dir;
  TokenFileStore store(dir.path().string());
  ASSERT_TRUE(store.Save("a", kTokens));
  ASSERT_EQ(chown(store.PathFor("a").c_str(), 65534, 65534), 0);
  EXPECT_EQ(
      store.Load("a").error(),
      Error::Config(store.PathFor("a") + " contains secrets and therefore must be owned by you"));
}

TEST(TokenStoreTest, RefusesGarbage) {
  testing::ScopedTempDir dir;
  TokenFileStore store(dir.path().string());
  testing::WriteFile(store.PathFor("a"), "not json");
  ASSERT_EQ(chmod(store.PathFor("a").c_str(), 0600), 0);
  EXPECT_EQ(
      store.Load("a").error(),
      Error::DataErr(store.PathFor("a") + " is not a valid token file: run `mpop --authorize`"));
}

TEST(TokenStoreTest, SaveFailsClearlyWhenTheDirectoryCannotBeMade) {
  testing::ScopedTempDir dir;
  testing::WriteFile(dir.File("file"), "");
  TokenFileStore store(dir.File("file/sub"));
  Status saved = store.Save("a", kTokens);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error(), (Error{ExitCode::kCantCreate,
                                  "cannot create " + dir.File("file/sub") + ": Not a directory",
                                  {}}));
}

// A vault in memory; `present` false: like a system without a key ring.
class MemoryVault : public SecretVault {
 public:
  explicit MemoryVault(bool present) : present_(present) {}
  Result<std::optional<std::string>> Load(std::string_view key) override {
    auto it = secrets_.find(std::string(key));
    if (!present_ || it == secrets_.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  Result<bool> Save(std::string_view key, std::string_view secret) override {
    if (!present_) return false;
    secrets_[std::string(key)] = secret;
    return true;
  }
  std::map<std::string, std::string> secrets_;

 private:
  bool present_;
};

TEST(TokenStoreTest, WithAKeyRingTheRefreshTokenGoesThereAndNotIntoTheFile) {
  testing::ScopedTempDir dir;
  MemoryVault vault(true);
  TokenFileStore store(dir.File("oauth2"), util::PosixFileSystem(), &vault);
  ASSERT_TRUE(store.Save("gmail", kTokens));
  EXPECT_EQ(vault.secrets_["gmail"], "RT");
  const std::string text = testing::ReadFile(store.PathFor("gmail"));
  EXPECT_EQ(text.find("RT"), std::string::npos) << text;
  EXPECT_NE(text.find("\"refresh_token_in\": \"keyring\""), std::string::npos) << text;

  Result<std::optional<StoredTokens>> loaded = store.Load("gmail");
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_TRUE((*loaded)->refresh_token_in_vault);
  EXPECT_EQ((*loaded)->access_token, "AT");
  Result<std::string> refresh = store.RefreshToken("gmail", **loaded);
  ASSERT_TRUE(refresh) << refresh.error().message;
  EXPECT_EQ(*refresh, "RT");

  // The key ring lost it (or this run cannot reach it): a clear temporary failure.
  vault.secrets_.clear();
  Result<std::string> lost = store.RefreshToken("gmail", **loaded);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ExitCode::kTempFail);
  EXPECT_NE(lost.error().message.find("kept in the key ring"), std::string::npos);
  TokenFileStore without_vault(dir.File("oauth2"));
  EXPECT_FALSE(without_vault.RefreshToken("gmail", **loaded));
}

TEST(TokenStoreTest, WithoutAKeyRingTheFileKeepsTheRefreshToken) {
  testing::ScopedTempDir dir;
  MemoryVault absent(false);
  TokenFileStore store(dir.File("oauth2"), util::PosixFileSystem(), &absent);
  ASSERT_TRUE(store.Save("gmail", kTokens));
  Result<std::optional<StoredTokens>> loaded = store.Load("gmail");
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ(**loaded, kTokens);
  Result<std::string> refresh = store.RefreshToken("gmail", **loaded);
  ASSERT_TRUE(refresh);
  EXPECT_EQ(*refresh, "RT");
}

}  // namespace
}  // namespace mpop::oauth2
