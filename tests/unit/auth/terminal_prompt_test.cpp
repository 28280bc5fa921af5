#include "auth/terminal_prompt.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "support/temp_dir.hpp"
#include "util/unique_fd.hpp"

namespace mpop::auth {
namespace {

// A pseudo-terminal: the test plays the user on the master side.
class PseudoTerminal {
 public:
  PseudoTerminal() : master_(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) {
    EXPECT_TRUE(master_.valid());
    EXPECT_EQ(::grantpt(master_.get()), 0);
    EXPECT_EQ(::unlockpt(master_.get()), 0);
    slave_path_ = ::ptsname(master_.get());
    // Held open so that the terminal and its settings outlive the prompt's own descriptor.
    slave_.Reset(::open(slave_path_.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
    EXPECT_TRUE(slave_.valid());
  }

  const std::string& slave_path() const { return slave_path_; }
  int slave() const { return slave_.get(); }

  // Reads what the program wrote until `text` has appeared (5 s at most).
  std::string ReadUntil(std::string_view text) {
    std::string seen;
    while (seen.find(text) == std::string::npos) {
      pollfd pfd{master_.get(), POLLIN, 0};
      if (::poll(&pfd, 1, 5000) != 1) break;
      char buffer[256];
      ssize_t n = ::read(master_.get(), buffer, sizeof buffer);
      if (n <= 0) break;
      seen.append(buffer, static_cast<std::size_t>(n));
    }
    return seen;
  }

  // Whatever the program wrote that has not been read yet.
  std::string ReadPending() {
    std::string seen;
    pollfd pfd{master_.get(), POLLIN, 0};
    while (::poll(&pfd, 1, 100) == 1) {
      char buffer[256];
      ssize_t n = ::read(master_.get(), buffer, sizeof buffer);
      if (n <= 0) break;
      seen.append(buffer, static_cast<std::size_t>(n));
    }
    return seen;
  }

  void Type(std::string_view keys) {
    ASSERT_EQ(::write(master_.get(), keys.data(), keys.size()), static_cast<ssize_t>(keys.size()));
  }

 private:
  UniqueFd master_;
  UniqueFd slave_;
  std::string slave_path_;
};

bool EchoOn(int fd) {
  termios settings;
  EXPECT_EQ(::tcgetattr(fd, &settings), 0);
  return (settings.c_lflag & ECHO) != 0;
}

TEST(PromptOnTerminalTest, ReadsALineWithoutEcho) {
  PseudoTerminal tty;
  ASSERT_TRUE(EchoOn(tty.slave()));
  std::optional<Result<std::optional<SecretString>>> result;
  std::thread prompt(
      [&] { result.emplace(PromptOnTerminal("password for joe at h: ", tty.slave_path())); });
  EXPECT_EQ(tty.ReadUntil("password for joe at h: "), "password for joe at h: ");
  EXPECT_FALSE(EchoOn(tty.slave()));
  tty.Type("s3cret word\n");
  prompt.join();
  ASSERT_TRUE(*result) << (*result).error().message;
  ASSERT_TRUE(**result);
  EXPECT_EQ((***result).view(), "s3cret word");
  EXPECT_EQ(tty.ReadPending(), "\r\n");  // our newline only: the password was not echoed
  EXPECT_TRUE(EchoOn(tty.slave()));
}

TEST(PromptOnTerminalTest, EmptyLineIsAnEmptyPassword) {
  PseudoTerminal tty;
  std::optional<Result<std::optional<SecretString>>> result;
  std::thread prompt([&] { result.emplace(PromptOnTerminal("p: ", tty.slave_path())); });
  tty.ReadUntil("p: ");
  tty.Type("\n");
  prompt.join();
  ASSERT_TRUE(*result && **result);
  EXPECT_TRUE((***result).empty());
}

TEST(PromptOnTerminalTest, EndOfInputIsAnErrorAndRestoresEcho) {
  PseudoTerminal tty;
  std::optional<Result<std::optional<SecretString>>> result;
  std::thread prompt([&] { result.emplace(PromptOnTerminal("p: ", tty.slave_path())); });
  tty.ReadUntil("p: ");
  tty.Type("\x04");  // Ctrl-D at the start of a line
  prompt.join();
  ASSERT_FALSE(*result);
  EXPECT_EQ(result->error(),
            Error::IoErr("cannot read the password from " + tty.slave_path() + ": end of input"));
  EXPECT_TRUE(EchoOn(tty.slave()));
}

TEST(PromptOnTerminalTest, NoTerminal) {
  mpop::testing::ScopedTempDir dir;
  mpop::testing::WriteFile(dir.File("file"), "");
  for (const std::string& path : {dir.File("missing"), dir.File("file")}) {
    Result<std::optional<SecretString>> result = PromptOnTerminal("p: ", path);
    ASSERT_TRUE(result) << path;
    EXPECT_FALSE(*result) << path;
  }
}

}  // namespace
}  // namespace mpop::auth
