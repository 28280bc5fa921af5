#include "auth/password_source.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/temp_dir.hpp"

namespace mpop::auth {
namespace {

using mpop::testing::ScopedTempDir;
using mpop::testing::WriteFile;

class FakeKeyring : public Keyring {
 public:
  explicit FakeKeyring(Result<std::optional<std::string>> answer) : answer_(std::move(answer)) {}
  Result<std::optional<SecretString>> Lookup(std::string_view host,
                                             std::string_view user) override {
    asked_ = std::string(user) + "@" + std::string(host);
    if (!answer_) return answer_.error();
    if (!*answer_) return std::optional<SecretString>();
    return std::optional<SecretString>(SecretString(std::string_view(**answer_)));
  }
  std::string asked_;

 private:
  Result<std::optional<std::string>> answer_;
};

class ObtainPasswordTest : public ::testing::Test {
 protected:
  ObtainPasswordTest() {
    query_.host = "pop.example.com";
    query_.user = "joe";
    sources_.user_netrc = dir_.File("user_netrc");
    sources_.system_netrc = dir_.File("system_netrc");
    sources_.terminal = dir_.File("no_tty");
  }

  std::string Obtain() {
    Result<SecretString> password = ObtainPassword(query_, sources_);
    return password ? "=" + std::string(password->view()) : "!" + password.error().message;
  }

  ScopedTempDir dir_;
  PasswordQuery query_;
  PasswordSources sources_;
};

const std::string kNoPassword =
    "!no password for joe at pop.example.com: set password, passwordeval or a keyring entry; "
    "there is no terminal to ask on";

TEST_F(ObtainPasswordTest, NothingAndNoTerminal) {
  Result<SecretString> password = ObtainPassword(query_, sources_);
  ASSERT_FALSE(password);
  EXPECT_EQ(password.error(), Error::Config(kNoPassword.substr(1)));
}

TEST_F(ObtainPasswordTest, PasswordSettingComesFirst) {
  query_.password = "from config";
  query_.password_eval = "echo from eval";
  EXPECT_EQ(Obtain(), "=from config");
  query_.password = "";
  EXPECT_EQ(Obtain(), "=");
}

TEST_F(ObtainPasswordTest, PasswordEval) {
  query_.password_eval = "printf ' spaced \\r\\nsecond line\\n'";
  EXPECT_EQ(Obtain(), "= spaced ");
  query_.password_eval = "echo";
  EXPECT_EQ(Obtain(), "=");
}

TEST_F(ObtainPasswordTest, PasswordEvalFailuresAreConfigErrors) {
  const std::pair<std::string, std::string> cases[] = {
      {"exit 3", "passwordeval: 'exit 3' failed with exit status 3"},
      {"echo pw; exit 1", "passwordeval: 'echo pw; exit 1' failed with exit status 1"},
      {"true", "passwordeval: cannot read output of 'true'"},
      {"kill -9 $$", "passwordeval: 'kill -9 $$' was killed by a signal"},
  };
  for (const auto& [command, message] : cases) {
    query_.password_eval = command;
    Result<SecretString> password = ObtainPassword(query_, sources_);
    ASSERT_FALSE(password) << command;
    EXPECT_EQ(password.error(), Error::Config(message));
    Result<SecretString> eager = EvalPassword(command);
    ASSERT_FALSE(eager);
    EXPECT_EQ(eager.error(), Error::Config(message));
  }
}

TEST_F(ObtainPasswordTest, KeyringBeforeNetrc) {
  WriteFile(sources_.user_netrc, "machine pop.example.com login joe password netrc\n");
  FakeKeyring keyring(std::optional<std::string>("keyring"));
  sources_.keyring = &keyring;
  EXPECT_EQ(Obtain(), "=keyring");
  EXPECT_EQ(keyring.asked_, "joe@pop.example.com");
  FakeKeyring empty(std::optional<std::string>{});
  sources_.keyring = &empty;
  EXPECT_EQ(Obtain(), "=netrc");
  FakeKeyring broken(Error::IoErr("keyring broke"));
  sources_.keyring = &broken;
  EXPECT_EQ(Obtain(), "!keyring broke");
}

TEST_F(ObtainPasswordTest, UserNetrcThenSystemNetrc) {
  WriteFile(sources_.system_netrc, "machine pop.example.com login joe password system\n");
  EXPECT_EQ(Obtain(), "=system");
  WriteFile(sources_.user_netrc, "machine pop.example.com login joe password user\n");
  EXPECT_EQ(Obtain(), "=user");
  WriteFile(sources_.user_netrc, "machine pop.example.com login jim password user\n");
  EXPECT_EQ(Obtain(), "=system");
  WriteFile(sources_.system_netrc, "default login joe password default\n");
  EXPECT_EQ(Obtain(), kNoPassword);
  sources_.user_netrc.clear();
  sources_.system_netrc.clear();
  EXPECT_EQ(Obtain(), kNoPassword);
}

TEST_F(ObtainPasswordTest, UnreadableNetrcIsAnError) {
  sources_.user_netrc = dir_.path().string();  // a directory
  Result<SecretString> password = ObtainPassword(query_, sources_);
  ASSERT_FALSE(password);
  EXPECT_EQ(password.error(),
            Error::IoErr("cannot read " + dir_.path().string() + ": Is a directory"));
}

TEST(PasswordPromptTest, Text) {
  EXPECT_EQ(PasswordPrompt("joe", "pop.example.com"), "password for joe at pop.example.com: ");
}

}  // namespace
}  // namespace mpop::auth
