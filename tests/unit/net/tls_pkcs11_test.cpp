// Client keys on a PKCS#11 token (manual 4.1): a private SoftHSM2 token holds the client
// key; the PIN comes from TlsOptions::pin (the account's password mechanisms in mpop).
// Each scenario runs in a fresh process (a "threadsafe" death test re-executes this
// binary), because GnuTLS loads the PKCS#11 modules once per process, and SOFTHSM2_CONF
// must be set before that. Skipped without softhsm2 and p11tool.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "support/process.hpp"
#include "unit/net/tls_test_util.hpp"

namespace mpop::net::testing {
namespace {

using mpop::testing::Command;
using mpop::testing::RunCommand;
using mpop::testing::ScopedTempDir;

constexpr char kKeyUri[] = "pkcs11:token=testtok;object=client;type=private";

class TlsPkcs11Test : public TlsTest {
 protected:
  void SetUp() override {
    if (::access("/usr/bin/softhsm2-util", X_OK) != 0 || ::access("/usr/bin/p11tool", X_OK) != 0) {
      GTEST_SKIP() << "softhsm2-util or p11tool is not installed (packages softhsm2, gnutls-bin)";
    }
    conf_ = dir_.File("softhsm2.conf");
    mpop::testing::WriteFile(conf_, "directories.tokendir = " + dir_.File("tokens") +
                                        "\nobjectstore.backend = file\nlog.level = ERROR\n");
    Command command;
    command.argv = {"/bin/sh", "-ec",
                    "mkdir -p \"$0/tokens\"\n"
                    "softhsm2-util --init-token --free --label testtok --pin 1234 "
                    "--so-pin 5678 >/dev/null\n"
                    "GNUTLS_PIN=1234 p11tool --login --write --label client --load-privkey "
                    "\"$1\" pkcs11:token=testtok >/dev/null",
                    dir_.path().string(), certs_->Path("client.key")};
    command.env = {{"SOFTHSM2_CONF", conf_}};
    auto made = RunCommand(command);
    ASSERT_TRUE(made.has_value()) << made.error().message;
    ASSERT_TRUE(made->ok()) << made->Describe();
  }

  // In the child process: handshake with the key on the token, PIN from the callback.
  // Exits 0 when the server saw the client certificate, else prints the error and exits 3.
  void Scenario(const std::string& pin, bool pin_fails) {
    ::setenv("SOFTHSM2_CONF", conf_.c_str(), 1);
    SocketPair pair = MakeSocketPair();
    TlsServerOptions server_options = Server("server");
    server_options.client_ca_file = certs_->Path("ca.crt");
    std::string client_dn;
    ServerThread server(std::move(pair.server), server_options,
                        [&](TlsServerEnd& end) { client_dn = end.ClientCertificateDn(); });
    TlsOptions options = TrustCa();
    options.cert_file = certs_->Path("client.crt");
    options.key_file = kKeyUri;
    int asked = 0;
    options.pin = [&](const std::string& token) -> Result<std::string> {
      ++asked;
      if (token != "testtok") return Error::Software("unexpected token " + token);
      if (pin_fails) return Error::Config("cannot get the password: passwordeval failed");
      return pin;
    };
    auto tls = StartTls(*library_, *pair.client, options);
    if (!tls) {
      pair.client.reset();
      std::fprintf(stderr, "code %d asked %d: %s\n", static_cast<int>(tls.error().code), asked,
                   tls.error().message.c_str());
      std::exit(3);
    }
    server.Join();
    std::fprintf(stderr, "asked %d dn %s\n", asked, client_dn.c_str());
    std::exit(client_dn == "CN=alice" && asked == 1 ? 0 : 4);
  }

  ScopedTempDir dir_;
  std::string conf_;
};

TEST_F(TlsPkcs11Test, KeyOnTokenWithPinFromCallback) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(Scenario("1234", false), ::testing::ExitedWithCode(0), "asked 1 dn CN=alice");
}

TEST_F(TlsPkcs11Test, WrongPinIsNotRetried) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(Scenario("9999", false), ::testing::ExitedWithCode(3),
              "code 66 asked 1: cannot load TLS client certificate .*client.crt with key "
              "pkcs11:token=testtok;object=client;type=private: ");
}

TEST_F(TlsPkcs11Test, PinCallbackErrorIsReported) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(Scenario("", true), ::testing::ExitedWithCode(3),
              "code 78 asked 1: cannot get the password: passwordeval failed");
}

}  // namespace
}  // namespace mpop::net::testing
