// The connection loop: pipelined commands answered in order with replies flushed when the
// input is drained, trickled input, line limits, end of stream and time-outs.

#include "server/connection.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "server/gatekeeper.hpp"
#include "server/log.hpp"
#include "server/session.hpp"
#include "support/temp_dir.hpp"

namespace mpop::server {
namespace {

constexpr std::string_view kTimeout = "network read error: the operation timed out";

// Hands the client's bytes to the server in pieces of `chunk` bytes, one piece per
// ReadSome; after the last piece, end of stream or a time-out. Records each write, so
// tests see how replies were batched.
class ScriptTransport final : public Transport {
 public:
  ScriptTransport(std::string input, std::size_t chunk, bool time_out_at_end)
      : input_(std::move(input)), chunk_(chunk), time_out_(time_out_at_end) {}

  Result<std::size_t> ReadSome(std::span<char> buffer) override {
    ++reads;
    if (position_ == input_.size()) {
      if (time_out_) return Error::IoErr(std::string(kTimeout));
      return std::size_t{0};
    }
    std::size_t n = std::min({buffer.size(), chunk_, input_.size() - position_});
    input_.copy(buffer.data(), n, position_);
    position_ += n;
    return n;
  }
  Result<std::size_t> WriteSome(std::string_view bytes) override {
    writes.emplace_back(bytes);
    written.append(bytes);
    return bytes.size();
  }
  Result<Readiness> Wait(bool) override { return Readiness{true, true}; }

  std::string written;
  std::vector<std::string> writes;
  int reads = 0;

 private:
  std::string input_;
  std::size_t position_ = 0;
  std::size_t chunk_;
  bool time_out_;
};

class OpenGate final : public Gatekeeper {
 public:
  explicit OpenGate(std::string maildir) : maildir_(std::move(maildir)) {}
  std::optional<std::string> Admit(std::string_view, std::string_view password) override {
    if (password != "pw") return std::nullopt;
    return maildir_;
  }

 private:
  std::string maildir_;
};

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    maildir_ = dir_.File("md");
    mpop::testing::MakeMaildir(maildir_);
    mpop::testing::WriteFile(maildir_ + "/new/m1", "S: 1\n\nbody\n");
  }
  ConnectionOutcome Run(ScriptTransport& transport, std::size_t max_line = kMaxCommandLine) {
    Session session(gate_, log_);
    return RunConnection(transport, session, max_line);
  }

  mpop::testing::ScopedTempDir dir_;
  std::string maildir_;
  OpenGate gate_{dir_.File("md")};
  NullLog log_;
};

const std::string kPipelined = "USER a\r\nPASS pw\r\nSTAT\nUIDL 1\r\nRETR 1\r\nDELE 1\r\nQUIT\r\n";
const std::string kAnswers =
    "+OK mpopd ready.\r\n+OK send PASS\r\n+OK 1 messages (14 octets)\r\n+OK 1 14\r\n"
    "+OK 1 m1\r\n+OK 14 octets\r\nS: 1\r\n\r\nbody\r\n.\r\n+OK message 1 deleted\r\n"
    "+OK mpopd signing off (1 messages deleted)\r\n";

TEST_F(ConnectionTest, PipelinedCommandsInAnyPieces) {
  for (std::size_t chunk : {1, 2, 3, 7, 1000}) {
    mpop::testing::WriteFile(maildir_ + "/new/m1", "S: 1\n\nbody\n");
    ScriptTransport transport(kPipelined, chunk, false);
    ConnectionOutcome outcome = Run(transport);
    EXPECT_EQ(outcome.end, ConnectionEnd::kQuit) << chunk;
    EXPECT_EQ(transport.written, kAnswers) << chunk;
    EXPECT_FALSE(std::filesystem::exists(maildir_ + "/new/m1"));
  }
}

TEST_F(ConnectionTest, RepliesToABatchGoOutTogether) {
  ScriptTransport transport(kPipelined, 1000, false);
  Run(transport);
  // The greeting, then one write for all seven replies.
  ASSERT_EQ(transport.writes.size(), 2u);
  EXPECT_EQ(transport.writes[0], "+OK mpopd ready.\r\n");
}

TEST_F(ConnectionTest, EndOfStreamWithoutQuitRemovesNothing) {
  ScriptTransport transport("USER a\r\nPASS pw\r\nDELE 1\r\n", 5, false);
  ConnectionOutcome outcome = Run(transport);
  EXPECT_EQ(outcome.end, ConnectionEnd::kClientClosed);
  EXPECT_TRUE(std::filesystem::exists(maildir_ + "/new/m1"));
  EXPECT_TRUE(transport.written.ends_with("+OK message 1 deleted\r\n"));
}

TEST_F(ConnectionTest, IdleTimeoutSaysGoodbyeAndRemovesNothing) {
  ScriptTransport transport("USER a\r\nPASS pw\r\nDELE 1\r\nNOOP", 100, true);
  ConnectionOutcome outcome = Run(transport);
  EXPECT_EQ(outcome.end, ConnectionEnd::kTimedOut);
  EXPECT_EQ(outcome.detail, kTimeout);
  EXPECT_TRUE(transport.written.ends_with(
      "+OK message 1 deleted\r\n-ERR [SYS/TEMP] idle timeout, closing connection\r\n"));
  EXPECT_TRUE(std::filesystem::exists(maildir_ + "/new/m1"));
}

TEST_F(ConnectionTest, LongLinesEndTheConnection) {
  const std::string at_limit = "NOOP " + std::string(kMaxCommandLine - 7, 'x') + "\r\n";
  ASSERT_EQ(at_limit.size(), kMaxCommandLine);
  ScriptTransport ok(at_limit + "QUIT\r\n", 4096, false);
  EXPECT_EQ(Run(ok).end, ConnectionEnd::kQuit);
  EXPECT_EQ(ok.written,
            "+OK mpopd ready.\r\n-ERR log in first (USER and PASS)\r\n+OK mpopd signing off\r\n");

  const std::string over = "NOOP " + std::string(kMaxCommandLine - 6, 'x') + "\r\nQUIT\r\n";
  ScriptTransport complete(over, 1 << 20, false);
  EXPECT_EQ(Run(complete).end, ConnectionEnd::kLineTooLong);
  EXPECT_EQ(complete.written, "+OK mpopd ready.\r\n-ERR line too long\r\n");

  // A megabyte without a line end: refused after about one line's worth, not buffered.
  ScriptTransport endless(std::string(1 << 20, 'A'), 512, false);
  EXPECT_EQ(Run(endless).end, ConnectionEnd::kLineTooLong);
  EXPECT_EQ(endless.written, "+OK mpopd ready.\r\n-ERR line too long\r\n");
  EXPECT_LE(endless.reads, 3);
}

TEST_F(ConnectionTest, BareLfAndEmptyLines) {
  ScriptTransport transport("\n\r\nCAPA\nQUIT\n", 1000, false);
  EXPECT_EQ(Run(transport).end, ConnectionEnd::kQuit);
  EXPECT_TRUE(transport.written.starts_with(
      "+OK mpopd ready.\r\n-ERR unknown command\r\n-ERR unknown command\r\n+OK capability"));
}

TEST_F(ConnectionTest, BytesAfterQuitAreIgnored) {
  ScriptTransport transport("QUIT\r\nUSER a\r\nPASS pw\r\n", 1000, false);
  EXPECT_EQ(Run(transport).end, ConnectionEnd::kQuit);
  EXPECT_EQ(transport.written, "+OK mpopd ready.\r\n+OK mpopd signing off\r\n");
}

TEST_F(ConnectionTest, LargeMailIsWrittenInPieces) {
  std::string mail = "S: big\n\n";
  for (int i = 0; i < 20000; ++i) mail += "line " + std::to_string(i) + "\n";
  mpop::testing::WriteFile(maildir_ + "/new/m1", mail);
  ScriptTransport transport("USER a\r\nPASS pw\r\nRETR 1\r\nQUIT\r\n", 1000, false);
  EXPECT_EQ(Run(transport).end, ConnectionEnd::kQuit);
  EXPECT_GT(transport.writes.size(), 3u);
  for (const std::string& write : transport.writes) EXPECT_LE(write.size(), 2u * 65536);
}

}  // namespace
}  // namespace mpop::server
