// The accept loop in-process: the session cap turns clients away at once, and the stop
// signal ends every session without removing anything.

#include "server/server.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <filesystem>
#include <optional>
#include <thread>

#include "server/authenticator.hpp"
#include "server/log.hpp"
#include "support/loopback.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

namespace mpop::server {
namespace {

using ::mpop::testing::ConnectLoopback;
using ::mpop::testing::ScopedTempDir;
using ::mpop::testing::WriteFile;

// Reads one line (without CRLF) within 10 s; "" at end of stream.
std::string ReadLine(int fd) {
  std::string line;
  char c;
  while (line.size() < 1000) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0 || ::recv(fd, &c, 1, 0) != 1) return line;
    if (c == '\n') break;
    line.push_back(c);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string Command(int fd, const std::string& line) {
  const std::string bytes = line + "\r\n";
  ::mpop::testing::SendAll(fd, bytes);
  return ReadLine(fd);
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    maildir_ = dir_.File("md");
    mpop::testing::MakeMaildir(maildir_);
    WriteFile(maildir_ + "/new/m1", "Subject: one\n\nbody\n");
    std::vector<MailboxAccount> accounts;
    accounts.push_back({"alice", auth::SecretString(std::string_view("pw")), maildir_});
    authenticator_ = std::make_unique<Authenticator>(std::move(accounts));
  }

  // Starts the server on a loopback port in a thread.
  void Start(ServerLimits limits) {
    Result<net::Listener> listener = net::Listener::OpenLoopback();
    ASSERT_TRUE(listener.has_value()) << listener.error().message;
    port_ = listener->port();
    server_ = std::make_unique<Server>(limits, *authenticator_, throttle_, log_, nullptr);
    Result<net::AbortSource> stop = net::AbortSource::Create();
    ASSERT_TRUE(stop.has_value()) << stop.error().message;
    stop_.emplace(std::move(*stop));
    thread_ = std::thread([this, l = std::move(*listener)]() mutable {
      EXPECT_TRUE(server_->Run(std::move(l), stop_->signal()).has_value());
    });
  }
  // Triggered from this thread, as mpopd's signal handler may run in any thread.
  void Stop() {
    if (!thread_.joinable()) return;
    stop_->Trigger();
    thread_.join();
  }
  void TearDown() override { Stop(); }

  UniqueFd Connect() {
    Result<UniqueFd> fd = ConnectLoopback(static_cast<uint16_t>(port_));
    EXPECT_TRUE(fd.has_value());
    return fd ? std::move(*fd) : UniqueFd();
  }

  ScopedTempDir dir_;
  std::string maildir_;
  std::unique_ptr<Authenticator> authenticator_;
  AuthThrottle throttle_{{}};
  NullLog log_;
  int port_ = 0;
  std::unique_ptr<Server> server_;
  std::optional<net::AbortSource> stop_;
  std::thread thread_;
};

TEST_F(ServerTest, ClientsBeyondTheCapAreTurnedAwayAtOnce) {
  Start({std::chrono::milliseconds(10000), 2});
  UniqueFd first = Connect();
  UniqueFd second = Connect();
  EXPECT_EQ(ReadLine(first.get()), "+OK mpopd ready.");
  EXPECT_EQ(ReadLine(second.get()), "+OK mpopd ready.");
  UniqueFd third = Connect();
  EXPECT_EQ(ReadLine(third.get()), "-ERR [SYS/TEMP] too many sessions, try again later");
  EXPECT_EQ(ReadLine(third.get()), "");  // closed
  // A place becomes free when a session ends.
  EXPECT_EQ(Command(first.get(), "QUIT"), "+OK mpopd signing off");
  EXPECT_EQ(ReadLine(first.get()), "");
  std::string greeting;
  EXPECT_TRUE(::mpop::testing::WaitUntil([&] {  // the first session's thread is ending
    UniqueFd next = Connect();
    greeting = ReadLine(next.get());
    return greeting != "-ERR [SYS/TEMP] too many sessions, try again later";
  })) << "no place became free";
  EXPECT_EQ(greeting, "+OK mpopd ready.");
}

TEST_F(ServerTest, StopEndsSessionsWithoutRemovingAnything) {
  Start({std::chrono::milliseconds(10000), 4});
  UniqueFd client = Connect();
  ASSERT_EQ(ReadLine(client.get()), "+OK mpopd ready.");
  EXPECT_EQ(Command(client.get(), "USER alice"), "+OK send PASS");
  EXPECT_EQ(Command(client.get(), "PASS pw"), "+OK 1 messages (22 octets)");
  EXPECT_EQ(Command(client.get(), "DELE 1"), "+OK message 1 deleted");
  UniqueFd idle = Connect();
  ASSERT_EQ(ReadLine(idle.get()), "+OK mpopd ready.");
  const auto stop_begins = std::chrono::steady_clock::now();
  Stop();  // returns only when every session thread has ended
  // The stop wakes the accept wait at once, not on the loop's 500 ms tick.
  EXPECT_LT(std::chrono::steady_clock::now() - stop_begins, std::chrono::milliseconds(400));
  EXPECT_EQ(ReadLine(client.get()), "");
  EXPECT_EQ(ReadLine(idle.get()), "");
  EXPECT_TRUE(std::filesystem::exists(maildir_ + "/new/m1"));
  // Nobody listens any more.
  EXPECT_FALSE(ConnectLoopback(static_cast<uint16_t>(port_)).has_value());
}

TEST_F(ServerTest, IdleSessionsTimeOut) {
  Start({std::chrono::milliseconds(200), 4});
  UniqueFd client = Connect();
  ASSERT_EQ(ReadLine(client.get()), "+OK mpopd ready.");
  EXPECT_EQ(ReadLine(client.get()), "-ERR [SYS/TEMP] idle timeout, closing connection");
  EXPECT_EQ(ReadLine(client.get()), "");
}

}  // namespace
}  // namespace mpop::server
