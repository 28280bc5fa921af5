// The real mpop stopped by SIGTERM/SIGINT while it is still connecting: to a host that
// does not answer (the SYN goes unanswered) and during the SOCKS5 handshake with a proxy
// that never replies. With `timeout 60` it must still end at once, with the stop's exit
// status (EX_TEMPFAIL) and message, as SignalTest in crash_test.cpp expects mid-retrieval.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "net/listener.hpp"
#include "support/hanging_listener.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/wait_until.hpp"

namespace mpop::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr int kExitTempFail = 75;
// How long mpop may take from the signal to its exit. Its connect timeout is 60 s.
constexpr milliseconds kPromptly{3000};

std::string Account(int port, const std::string& maildir, const std::string& extra = "") {
  return "account default\nhost 127.0.0.1\nport " + std::to_string(port) +
         "\ntimeout 60\nuser alice\npassword alicepw\nauth user\ndelivery maildir " + maildir +
         "\n" + extra;
}

// True once some socket is in SYN_SENT towards 127.0.0.1:port (/proc/net/tcp), i.e.
// mpop's connect has begun and hangs. Checked until a 10 s deadline.
bool WaitForSynSent(int port) {
  char wanted[32];
  std::snprintf(wanted, sizeof wanted, "0100007F:%04X 02", static_cast<unsigned>(port));
  return WaitUntil([&] {
    std::ifstream table("/proc/net/tcp");
    std::string line;
    while (std::getline(table, line)) {
      // "sl local_address rem_address st ...": the remote address, then the state.
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (remote + " " + state == wanted) return true;
    }
    return false;
  });
}

struct Stopped {
  RunResult status;
  Clock::duration took;
};

// Waits until the process sleeps in the kernel (in the wait the test is about), then
// stops it with the signal and measures how long the stop took.
Stopped StopWhileWaiting(BackgroundProcess& process, int signal_number) {
  EXPECT_TRUE(WaitUntil([&] { return BlockedInKernel(process.pid()); })) << "mpop never waited";
  const auto start = Clock::now();
  RunResult status = process.Stop(signal_number, std::chrono::seconds(20));
  return {status, Clock::now() - start};
}

TEST(SignalDuringConnectTest, StopEndsAConnectToAHostThatDoesNotAnswer) {
  Result<HangingTcpPort> hanging = HangingTcpPort::Open();
  ASSERT_TRUE(hanging.has_value()) << hanging.error().message;
  for (int signal_number : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(signal_number);
    MpopHome home;
    home.WriteConfig(Account(hanging->port(), home.MakeMaildir("Mail")));
    const std::string log = home.home() + "/mpop.log";
    Command command{.argv = {MPOP_BIN, "-q"}, .env = {{"HOME", home.home()}}};
    auto process = BackgroundProcess::Start(command, log);
    ASSERT_TRUE(process) << process.error().message;
    ASSERT_TRUE(WaitForSynSent(hanging->port())) << "mpop never began to connect";
    Stopped stopped = StopWhileWaiting(*process, signal_number);
    EXPECT_EQ(stopped.status.exit_code, kExitTempFail) << stopped.status.Describe() << "\n"
                                                       << ReadFile(log);
    EXPECT_LT(stopped.took, kPromptly);
    EXPECT_NE(ReadFile(log).find(std::string("operation aborted by signal SIG") +
                                 sigabbrev_np(signal_number)),
              std::string::npos)
        << ReadFile(log);
  }
}

TEST(SignalDuringConnectTest, SigtermEndsTheHandshakeWithASilentSocksProxy) {
  // Connections complete into the backlog; the proxy accepts but never says a word.
  Result<net::Listener> proxy = net::Listener::OpenLoopback();
  ASSERT_TRUE(proxy.has_value()) << proxy.error().message;
  MpopHome home;
  home.WriteConfig(
      Account(110, home.MakeMaildir("Mail"),
              "proxy_host 127.0.0.1\nproxy_port " + std::to_string(proxy->port()) + "\n"));
  const std::string log = home.home() + "/mpop.log";
  Command command{.argv = {MPOP_BIN, "-q"}, .env = {{"HOME", home.home()}}};
  auto process = BackgroundProcess::Start(command, log);
  ASSERT_TRUE(process) << process.error().message;
  auto accepted = proxy->Accept(std::chrono::seconds(10));
  ASSERT_TRUE(accepted && *accepted) << "mpop never reached the proxy";
  // mpop's method offer (RFC 1928: version 5, one method, "no authentication"): it now
  // waits for the proxy's choice.
  char greeting[3] = {};
  ASSERT_EQ(::recv((*accepted)->fd.get(), greeting, sizeof greeting, MSG_WAITALL), 3);
  EXPECT_EQ(std::string(greeting, 3), std::string("\x05\x01\x00", 3));
  Stopped stopped = StopWhileWaiting(*process, SIGTERM);
  EXPECT_EQ(stopped.status.exit_code, kExitTempFail) << stopped.status.Describe() << "\n"
                                                     << ReadFile(log);
  EXPECT_LT(stopped.took, kPromptly);
  EXPECT_NE(ReadFile(log).find("operation aborted by signal SIGTERM"), std::string::npos)
      << ReadFile(log);
}

}  // namespace
}  // namespace mpop::testing
