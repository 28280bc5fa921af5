// Default configuration file location (doc/COMPAT.md 6), checked against Debian's mpop
// 1.4.18 `--version` ("Configuration file name: ...").

#include "config/paths.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace mpop::config {
namespace {

using testing::ScopedEnv;

class DefaultConfigPathTest : public ::testing::Test {
 protected:
  std::string Home() const { return dir_.path().string(); }
  void Touch(const std::string& relative) {
    std::filesystem::path path = dir_.path() / relative;
    std::filesystem::create_directories(path.parent_path());
    mpop::testing::WriteFile(path.string(), "");
  }

  mpop::testing::ScopedTempDir dir_;
  ScopedEnv home_{"HOME", dir_.path().string()};
  ScopedEnv xdg_{"XDG_CONFIG_HOME", std::nullopt};
};

TEST_F(DefaultConfigPathTest, NothingExistsGivesMpoprc) {
  EXPECT_EQ(DefaultConfigPath(), Home() + "/.mpoprc");
}

TEST_F(DefaultConfigPathTest, DotConfigWhenXdgUnset) {
  Touch(".config/mpop/config");
  EXPECT_EQ(DefaultConfigPath(), Home() + "/.config/mpop/config");
}

TEST_F(DefaultConfigPathTest, MpoprcWinsOverXdg) {
  Touch(".config/mpop/config");
  Touch(".mpoprc");
  EXPECT_EQ(DefaultConfigPath(), Home() + "/.mpoprc");
}

TEST_F(DefaultConfigPathTest, XdgConfigHome) {
  Touch(".config/mpop/config");
  ScopedEnv xdg("XDG_CONFIG_HOME", Home() + "/x");
  EXPECT_EQ(DefaultConfigPath(), Home() + "/.mpoprc");  // x/mpop/config does not exist
  Touch("x/mpop/config");
  EXPECT_EQ(DefaultConfigPath(), Home() + "/x/mpop/config");
}

TEST_F(DefaultConfigPathTest, EmptyXdgConfigHomeCountsAsUnset) {
  Touch(".config/mpop/config");
  ScopedEnv xdg("XDG_CONFIG_HOME", "");
  EXPECT_EQ(DefaultConfigPath(), Home() + "/.config/mpop/config");
}

TEST(HomeDirectoryTest, HomeVariableFirst) {
  ScopedEnv home("HOME", "/somewhere");
  EXPECT_EQ(HomeDirectory(), "/somewhere");
}

TEST(HomeDirectoryTest, PasswdWithoutHome) {
  ScopedEnv home("HOME", std::nullopt);
  EXPECT_FALSE(HomeDirectory().empty());
  EXPECT_EQ(HomeDirectory().front(), '/');
}

}  // namespace
}  // namespace mpop::config
