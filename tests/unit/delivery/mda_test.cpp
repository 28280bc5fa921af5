#include "delivery/mda.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace mpop::delivery {
namespace {

using ::mpop::testing::ReadFile;
using ::mpop::testing::ScopedTempDir;

TEST(ReplacePlaceholderTest, Table) {
  EXPECT_EQ(ReplacePlaceholder("a %F b %F", "%F", "x@y"), "a x@y b x@y");
  EXPECT_EQ(ReplacePlaceholder("no placeholder", "%F", "x"), "no placeholder");
  EXPECT_EQ(ReplacePlaceholder("%F%F", "%F", "%F"), "%F%F");  // never inside a replacement
  EXPECT_EQ(ReplacePlaceholder("%%F", "%F", "v"), "%v");
  EXPECT_EQ(ReplacePlaceholder("", "%F", "v"), "");
}

class MdaTest : public ::testing::Test {
 protected:
  std::unique_ptr<Delivery> Open(const std::string& command) {
    MdaOptions options;
    options.temp_dir = dir_.path().string();
    auto delivery = OpenMda(command, options);
    EXPECT_TRUE(delivery) << delivery.error().message;
    return delivery ? std::move(*delivery) : nullptr;
  }

  Result<std::string> Deliver(const std::string& command, std::string_view mail,
                              std::size_t step = 1000,
                              std::optional<std::string> sender = std::nullopt) {
    auto delivery = Open(command);
    auto writer = delivery->Begin({.uid = "u", .envelope_sender = sender, .server_size = 0});
    if (!writer) return std::move(writer).error();
    for (std::size_t i = 0; i < mail.size(); i += step) {
      Status written = (*writer)->Write(mail.substr(i, step));
      if (!written) return std::move(written).error();
    }
    return (*writer)->Finish();
  }

  std::string File(const std::string& name) const { return dir_.File(name); }
  bool Exists(const std::string& name) const { return std::filesystem::exists(File(name)); }

  ScopedTempDir dir_;
};

TEST_F(MdaTest, MailGoesToStdinAsIs) {
  const std::string mail = "Received: x\nSubject: hi\n\nFrom body\n.\n..\n\x80\xff\n";
  for (std::size_t step : {1, 3, 1000}) {
    const std::string command = "cat > " + File("out");
    auto token = Deliver(command, mail, step);
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(*token, "");
    EXPECT_EQ(ReadFile(File("out")), mail);  // no From line, no quoting
  }
}

TEST_F(MdaTest, MissingFinalNewlineIsAdded) {
  ASSERT_TRUE(Deliver("cat > " + File("out"), "A: b\n\nno newline"));
  EXPECT_EQ(ReadFile(File("out")), "A: b\n\nno newline\n");
}

TEST_F(MdaTest, SenderReplacesPercentF) {
  const std::string command =
      "printf '%s' '%F' > " + File("sender") + "; cat > " + File("out") + " # %F";
  const std::string mail = "Subject: x\nReturn-Path: <joe@example.org>\n\nbody\n";
  for (std::size_t step : {1, 2, 1000}) {
    ASSERT_TRUE(Deliver(command, mail, step));
    EXPECT_EQ(ReadFile(File("sender")), "joe@example.org");
    EXPECT_EQ(ReadFile(File("out")), mail);
  }
  ASSERT_TRUE(Deliver(command, "A: b\n\n"));
  EXPECT_EQ(ReadFile(File("sender")), "MAILER-DAEMON");
  ASSERT_TRUE(Deliver(command, "A: b\n\n", 1000, "given@example.org"));
  EXPECT_EQ(ReadFile(File("sender")), "given@example.org");
}

TEST_F(MdaTest, HostileSenderRunsNothing) {
  const std::string command = "printf '%s' '%F' > " + File("sender") + "; cat >/dev/null";
  const std::vector<std::pair<std::string, std::string>> senders = {
      {"<$(touch " + File("pwned") + ")x@y>", "_x@y"},  // (...) is a comment
      {"<`touch " + File("pwned") + "`@y>", "_touch-/"},
      {"<x';touch " + File("pwned") + ";'@y>", "x__touch-/"},
      {"<-f/../../x|touch " + File("pwned") + ">", "_f/._/._/x_touch-/"},
  };
  for (const auto& [header, prefix] : senders) {
    ASSERT_TRUE(Deliver(command, "Return-Path: " + header + "\n\nbody\n"));
    EXPECT_EQ(ReadFile(File("sender")).substr(0, prefix.size()), prefix) << header;
    EXPECT_FALSE(Exists("pwned")) << header;
  }
}

TEST_F(MdaTest, NonZeroExitStatusIsAnError) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"cat >/dev/null; exit 1", "exit status 1"},
      {"cat >/dev/null; exit 75", "exit status 75 (EX_TEMPFAIL: temporary failure)"},
      {"cat >/dev/null; exit 67", "exit status 67 (EX_NOUSER: addressee unknown)"},
      {"cat >/dev/null; kill -9 $$", "killed by signal 9 (Killed)"},
      {"cat >/dev/null; kill -TERM $$", "killed by signal 15 (Terminated)"},
  };
  for (const auto& [command, why] : cases) {
    auto token = Deliver(command, "A: b\n\nbody\n");
    ASSERT_FALSE(token) << command;
    // The MDA's own EX_TEMPFAIL is passed on (issue 15 item 6); the rest is EX_IOERR.
    EXPECT_EQ(token.error().code,
              command.ends_with("exit 75") ? ExitCode::kTempFail : ExitCode::kIoErr);
    EXPECT_EQ(token.error().message, "delivery to MDA '" + command + "' failed: " + why);
  }
}

TEST_F(MdaTest, MdaThatDoesNotReadIsAnError) {
  // SIGPIPE at its default: a write into the closed pipe must not kill us.
  struct sigaction dfl = {}, old = {};
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &dfl, &old);
  const std::string mail = "A: b\n\n" + std::string(4 << 20, 'x') + "\n";
  auto token = Deliver("exit 0", mail, 65536);
  sigaction(SIGPIPE, &old, nullptr);
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, ExitCode::kIoErr);
  EXPECT_EQ(token.error().message,
            "delivery to MDA 'exit 0' failed: the MDA did not read the mail");
}

TEST_F(MdaTest, UnrunnableCommandIsAnError) {
  auto token = Deliver("/nonexistent/mda", "A: b\n\n");
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().message, "delivery to MDA '/nonexistent/mda' failed: exit status 127");
  auto empty = OpenMda("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ExitCode::kConfig);
  EXPECT_EQ(empty.error().message, "the MDA command is empty");
}

// The MDA keeps what it read in a file and "delivers" it (renames it) only after EOF, as
// real MDAs do: an interrupted retrieval must never let it see that EOF.
class MdaAbortTest : public MdaTest {
 protected:
  std::string Command() const {
    return "cat > " + File("partial") + " && mv " + File("partial") + " " + File("delivered");
  }
};

TEST_F(MdaAbortTest, AbortKillsTheMdaBeforeItSeesEof) {
  auto delivery = Open(Command());
  for (bool with_sender : {false, true}) {
    auto writer = delivery->Begin(
        {.uid = "",
         .envelope_sender = with_sender ? std::optional<std::string>("a@b") : std::nullopt,
         .server_size = 0});
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->Write("Subject: cut\n\n" + std::string(300000, 'x')));
    (*writer)->Abort();
    EXPECT_FALSE(Exists("delivered"));
    (*writer)->Abort();  // idempotent
    auto finished = (*writer)->Finish();
    EXPECT_FALSE(finished);
  }
}

TEST_F(MdaAbortTest, DroppedWriterKillsTheMda) {
  auto delivery = Open(Command());
  {
    auto writer = delivery->Begin({});
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->Write("Subject: cut\n\n" + std::string(100, 'x')));
  }
  EXPECT_FALSE(Exists("delivered"));
  // A complete mail is delivered.
  auto writer = delivery->Begin({});
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->Write("Subject: whole\n\n"));
  ASSERT_TRUE((*writer)->Finish());
  EXPECT_EQ(ReadFile(File("delivered")), "Subject: whole\n\n");
}

TEST_F(MdaAbortTest, WaitingForTheHeaderStartsNothing) {
  // %F: the MDA starts only when the header has ended, so an abort before that runs
  // nothing at all.
  auto delivery = Open("touch " + File("started") + "; cat >/dev/null # %F");
  {
    auto writer = delivery->Begin({});
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->Write("Subject: not yet ended\n"));
    (*writer)->Abort();
  }
  EXPECT_FALSE(Exists("started"));
}

}  // namespace
}  // namespace mpop::delivery
