// mpop's own OAuth2 (issue 18), the real binary end to end: `mpop --authorize` against a
// real provider (oidc-provider, the test playing the user on its pages), then retrieval
// from a real Dovecot that checks each token with that provider (introspection).

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <regex>
#include <string>

#include "oauth2/curl_http_client.hpp"
#include "oauth2/curl_library.hpp"
#include "oauth2/discovery.hpp"
#include "oauth2/token_store.hpp"
#include "support/dovecot_oauth2.hpp"
#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/oauth2_server.hpp"
#include "support/process.hpp"
#include "support/socks_proxy.hpp"
#include "support/wait_until.hpp"

namespace mpop::testing {
namespace {

using std::chrono::seconds;

class OAuth2AuthorizeTest : public ::testing::Test {
 protected:
  // Starts the provider and a Dovecot holding `mails` mails for its user; false (skip or
  // failure recorded) when a component is missing or broken.
  bool Begin(OAuth2ServerOptions options = {}, int mails = 2) {
    Status started = provider_.Start(options);
    if (started) {
      started = dovecot_.Start(
          {.users = {{OAuth2TestServer::kTestUser, "not-the-token", MakeMails(mails, {})}},
           .extra_conf = DovecotOAuth2Conf(provider_, conf_dir_.File("oauth2.conf.ext"))});
    }
    if (!started) {
      if (started.error().code == ExitCode::kUnavailable) {
        skipped_ = started.error().message;
      } else {
        ADD_FAILURE() << started.error().message;
      }
      return false;
    }
    maildir_ = home_.MakeMaildir("Mail");
    WriteConfig("");
    return true;
  }

  void WriteConfig(const std::string& extra) {
    home_.WriteConfig("account default\nhost 127.0.0.1\nport " +
                      std::to_string(dovecot_.pop3_port()) + "\nuser " +
                      OAuth2TestServer::kTestUser + "\noauth2_issuer " + provider_.issuer() +
                      "\noauth2_client_id " + OAuth2TestServer::kClientId + "\ndelivery maildir " +
                      maildir_ + "\n" + extra);
  }

  // `mpop --authorize` in the background; the test reads its instructions from `log_`.
  Result<BackgroundProcess> StartAuthorize() {
    Command command{.argv = {MPOP_BIN, "--authorize"},
                    .env = {{"HOME", home_.home()}, {"USER", "tester"}},
                    .unset_env = {"XDG_CONFIG_HOME", "XDG_STATE_HOME", "DISPLAY", "WAYLAND_DISPLAY",
                                  "LOGNAME"}};
    return BackgroundProcess::Start(command, log_.File("authorize.log"));
  }

  std::string AuthorizeLog() { return ReadFile(log_.File("authorize.log")); }

  // The first match of `pattern`'s group 1 in the authorize log, once it is there.
  std::optional<std::string> WaitForInLog(const std::string& pattern) {
    const std::regex re(pattern);
    std::smatch match;
    std::string text;
    const bool found = WaitUntil(
        [&] {
          text = AuthorizeLog();
          return std::regex_search(text, match, re);
        },
        seconds(20));
    if (!found) return std::nullopt;
    return match[1].str();
  }

  // Runs the whole device flow: the user approves (or denies); mpop's exit result.
  static RunResult Failed(std::string why) {
    RunResult result;
    result.err = std::move(why);
    return result;
  }

  RunResult AuthorizeByDevice(bool deny = false) {
    Result<BackgroundProcess> mpop = StartAuthorize();
    if (!mpop) return Failed(mpop.error().message);
    std::optional<std::string> code = WaitForInLog("enter the code\\n  (\\S+)\\n");
    if (!code) return Failed("no user code in: " + AuthorizeLog());
    Result<std::string> user = provider_.ApproveDevice(*code, deny);
    if (!user) return Failed(user.error().message);
    if (!mpop->WaitForExit(seconds(30))) return Failed("still running: " + AuthorizeLog());
    RunResult result = mpop->Stop(SIGKILL, seconds(1));
    result.out = AuthorizeLog();
    return result;
  }

  std::string TokenPath() const {
    return home_.home() + "/.local/state/mpop/oauth2/" + std::string(OAuth2TestServer::kTestUser) +
           "_at_" + PercentEncoded(provider_.issuer()) + ".json";
  }
  static std::string PercentEncoded(const std::string& text) {
    oauth2::TokenFileStore store("");
    return store.PathFor(text).substr(1, store.PathFor(text).size() - 6);
  }
  std::optional<oauth2::StoredTokens> StoredTokens() const {
    return oauth2::ParseTokenFile(ReadFile(TokenPath()));
  }

  RunResult Fetch(const std::vector<std::string>& args = {"-q"}) { return home_.Run(args); }

  OAuth2TestServer provider_;
  ScopedTempDir conf_dir_;
  ScopedTempDir log_;
  DovecotServer dovecot_;
  MpopHome home_;
  std::string maildir_;
  std::string skipped_;
};

#define BEGIN(...)                                     \
  do {                                                 \
    if (!Begin(__VA_ARGS__)) {                         \
      if (!skipped_.empty()) GTEST_SKIP() << skipped_; \
      return;                                          \
    }                                                  \
  } while (0)

TEST_F(OAuth2AuthorizeTest, DeviceFlowThenFetchWithOauthbearerAndXoauth2) {
  BEGIN();
  // Before --authorize, the account says what to do.
  RunResult early = Fetch();
  EXPECT_EQ(early.exit_code, 77) << early.Describe();
  EXPECT_NE(early.err.find("run `mpop --authorize default`"), std::string::npos) << early.err;

  RunResult authorized = AuthorizeByDevice();
  ASSERT_TRUE(authorized.ok()) << authorized.Describe() << authorized.out << provider_.Log();
  EXPECT_NE(authorized.out.find("Account default is authorized"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat(TokenPath().c_str(), &st), 0) << TokenPath();
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // auth on: Dovecot offers both; a provider URL means the standard OAUTHBEARER.
  RunResult run = Fetch({"-d"});
  ASSERT_TRUE(run.ok()) << run.Describe() << run.out << dovecot_.Log();
  EXPECT_NE(run.out.find("--> AUTH OAUTHBEARER"), std::string::npos) << run.out;
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 2u);
  // --debug never shows a token.
  std::optional<oauth2::StoredTokens> tokens = StoredTokens();
  ASSERT_TRUE(tokens);
  EXPECT_EQ(run.out.find(tokens->access_token), std::string::npos);
  EXPECT_EQ(run.out.find(tokens->refresh_token), std::string::npos);
  EXPECT_NE(run.out.find("[OAuth2 token not shown]"), std::string::npos) << run.out;

  ASSERT_TRUE(dovecot_.AddMail(OAuth2TestServer::kTestUser, MakeMails(1, {})[0]));
  WriteConfig("auth xoauth2\n");
  run = Fetch();
  ASSERT_TRUE(run.ok()) << run.Describe() << dovecot_.Log();
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 3u);
}

TEST_F(OAuth2AuthorizeTest, ServerinfoSaysWhetherATokenIsStored) {
  BEGIN();
  RunResult before = Fetch({"--serverinfo"});
  EXPECT_NE(before.out.find("OAuth2:\n    Methods of this server:\n        OAUTHBEARER XOAUTH2\n"),
            std::string::npos)
      << before.Describe() << before.out;
  EXPECT_NE(before.out.find("none stored: run `mpop --authorize default`"), std::string::npos)
      << before.out;
  ASSERT_TRUE(AuthorizeByDevice().ok()) << AuthorizeLog();
  RunResult after = Fetch({"--serverinfo"});
  ASSERT_TRUE(after.ok()) << after.Describe();
  EXPECT_NE(after.out.find("stored in " + TokenPath() + ";\n        the access token expires "),
            std::string::npos)
      << after.out;
  std::optional<oauth2::StoredTokens> tokens = StoredTokens();
  ASSERT_TRUE(tokens);
  EXPECT_EQ(after.out.find(tokens->access_token), std::string::npos);
}

TEST_F(OAuth2AuthorizeTest, AccountsSharingATokenRenewItOnceAndBothFetch) {
  // Every login renews (60 s tokens) and the provider rotates the refresh token: two
  // renewals that presented the same refresh token would have the second refused and the
  // grant revoked. Both succeeding shows the lock made them take turns, each with the
  // refresh token the other left (that the library then refreshes just once when the
  // token is fresh is OAuth2ProviderTest.ConcurrentRenewalsRefreshOnceAndBothSucceed).
  BEGIN({.access_token_ttl_seconds = 60});
  ASSERT_TRUE(AuthorizeByDevice().ok()) << AuthorizeLog();
  const std::string second = home_.MakeMaildir("Second");
  WriteConfig("keep on\naccount other : default\ndelivery maildir " + second + "\nuidls_file " +
              home_.home() + "/other.uidls\n");
  std::optional<oauth2::StoredTokens> before = StoredTokens();
  ASSERT_TRUE(before);
  RunResult run = Fetch({"-q", "-j2", "default", "other"});
  ASSERT_TRUE(run.ok()) << run.Describe() << provider_.Log();
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 2u);
  EXPECT_EQ(FilesIn(second + "/new").size(), 2u);
  std::optional<oauth2::StoredTokens> after = StoredTokens();
  ASSERT_TRUE(after);
  EXPECT_NE(after->refresh_token, before->refresh_token);
}

TEST_F(OAuth2AuthorizeTest, BrowserFlowWithPkceThenFetch) {
  BEGIN();
  WriteConfig("oauth2_flow browser\n");
  Result<BackgroundProcess> mpop = StartAuthorize();
  ASSERT_TRUE(mpop) << mpop.error().message;
  std::optional<std::string> url = WaitForInLog("in a browser on this computer:\\n  (\\S+)\\n");
  ASSERT_TRUE(url) << AuthorizeLog();
  EXPECT_NE(url->find("code_challenge_method=S256"), std::string::npos) << *url;
  Result<std::string> user = provider_.ApproveBrowser(*url);
  ASSERT_TRUE(user) << user.error().message;
  ASSERT_TRUE(mpop->WaitForExit(seconds(30))) << AuthorizeLog();
  EXPECT_EQ(mpop->Stop(SIGKILL, seconds(1)).exit_code, 0) << AuthorizeLog();
  RunResult run = Fetch();
  ASSERT_TRUE(run.ok()) << run.Describe() << dovecot_.Log();
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 2u);
}

TEST_F(OAuth2AuthorizeTest, HoursLaterTheTokenRenewsItselfAndTheRotatedRefreshTokenIsKept) {
  // Access tokens live 60 s, less than mpop's safety margin: every run renews.
  BEGIN({.access_token_ttl_seconds = 60});
  ASSERT_TRUE(AuthorizeByDevice().ok()) << AuthorizeLog();
  std::optional<oauth2::StoredTokens> before = StoredTokens();
  ASSERT_TRUE(before);
  ASSERT_TRUE(provider_.AdvanceClock(seconds(3 * 3600)));
  RunResult run = Fetch();
  ASSERT_TRUE(run.ok()) << run.Describe() << provider_.Log();
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 2u);
  std::optional<oauth2::StoredTokens> after = StoredTokens();
  ASSERT_TRUE(after);
  EXPECT_NE(after->refresh_token, before->refresh_token);  // rotated, and kept
  EXPECT_NE(after->access_token, before->access_token);
  // The kept one works: another run renews with it.
  ASSERT_TRUE(dovecot_.AddMail(OAuth2TestServer::kTestUser, MakeMails(1, {})[0]));
  run = Fetch();
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 3u);
}

TEST_F(OAuth2AuthorizeTest, RevokedRefreshTokenEndsWithExit77AndTheHint) {
  BEGIN({.access_token_ttl_seconds = 60});
  ASSERT_TRUE(AuthorizeByDevice().ok()) << AuthorizeLog();
  std::optional<oauth2::StoredTokens> tokens = StoredTokens();
  ASSERT_TRUE(tokens);
  // The user revokes mpop's access at the provider.
  Result<oauth2::CurlLibrary> library = oauth2::CurlLibrary::Init();
  ASSERT_TRUE(library);
  oauth2::CurlHttpClient http(*library, {});
  Result<oauth2::ProviderMetadata> metadata = oauth2::Discover(http, provider_.issuer());
  ASSERT_TRUE(metadata && !metadata->revocation_endpoint.empty());
  Result<oauth2::HttpResponse> revoked =
      http.Send({metadata->revocation_endpoint,
                 {{"token", tokens->refresh_token}, {"client_id", OAuth2TestServer::kClientId}}});
  ASSERT_TRUE(revoked && revoked->status == 200) << (revoked ? revoked->body : "");
  RunResult run = Fetch();
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  EXPECT_NE(run.err.find("invalid_grant"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("run `mpop --authorize default`"), std::string::npos) << run.err;
  EXPECT_TRUE(FilesIn(maildir_ + "/new").empty());
}

TEST_F(OAuth2AuthorizeTest, DeniedAccessIsAClearError) {
  BEGIN();
  RunResult denied = AuthorizeByDevice(/*deny=*/true);
  EXPECT_EQ(denied.exit_code, 77) << denied.Describe() << denied.out;
  EXPECT_NE(denied.out.find("access_denied"), std::string::npos) << denied.out;
  struct stat st {};
  EXPECT_NE(::stat(TokenPath().c_str(), &st), 0);
}

TEST_F(OAuth2AuthorizeTest, ExpiredDeviceCodeIsAClearError) {
  BEGIN({.device_code_ttl_seconds = 2});
  Result<BackgroundProcess> mpop = StartAuthorize();
  ASSERT_TRUE(mpop) << mpop.error().message;
  ASSERT_TRUE(mpop->WaitForExit(seconds(30))) << AuthorizeLog();
  EXPECT_EQ(mpop->Stop(SIGKILL, seconds(1)).exit_code, 75);
  EXPECT_NE(AuthorizeLog().find("the user code expired"), std::string::npos) << AuthorizeLog();
}

TEST_F(OAuth2AuthorizeTest, ProviderDownIsATemporaryFailureAndNothingIsLost) {
  BEGIN({.access_token_ttl_seconds = 60});
  ASSERT_TRUE(AuthorizeByDevice().ok()) << AuthorizeLog();
  // The next run must renew, and the provider is gone: the POP3 server keeps the mail.
  provider_.Stop();
  RunResult run = Fetch();
  EXPECT_EQ(run.exit_code, 75) << run.Describe();
  EXPECT_TRUE(FilesIn(maildir_ + "/new").empty());
}

TEST_F(OAuth2AuthorizeTest, AWorldReadableTokenFileIsRefused) {
  BEGIN();
  ASSERT_TRUE(AuthorizeByDevice().ok()) << AuthorizeLog();
  ASSERT_EQ(::chmod(TokenPath().c_str(), 0644), 0);
  RunResult run = Fetch();
  EXPECT_EQ(run.exit_code, 78) << run.Describe();
  EXPECT_NE(run.err.find("must have no more than user read/write permissions"), std::string::npos)
      << run.err;
  EXPECT_TRUE(FilesIn(maildir_ + "/new").empty());
}

TEST_F(OAuth2AuthorizeTest, TheProviderIsReachedThroughTheAccountsSocksProxy) {
  BEGIN({.access_token_ttl_seconds = 60});
  SocksProxy proxy;
  MPOP_REQUIRE(proxy.Start({.kind = SocksKind::kMicrosocks}));
  WriteConfig("proxy_host 127.0.0.1\nproxy_port " + std::to_string(proxy.port()) + "\n");
  ASSERT_TRUE(AuthorizeByDevice().ok()) << AuthorizeLog();
  const std::string provider_port = provider_.issuer().substr(provider_.issuer().rfind(':') + 1);
  EXPECT_NE(proxy.Log().find(":" + provider_port), std::string::npos) << proxy.Log();
  RunResult run = Fetch();  // renews (60 s tokens), through the proxy too
  ASSERT_TRUE(run.ok()) << run.Describe() << proxy.Log();
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 2u);
}

TEST_F(OAuth2AuthorizeTest, HttpsProviderIsVerifiedWithTheTrustFile) {
  BEGIN({.tls = true});
  // Not signed by a CA the system trusts: refused, and nothing is stored.
  {
    Result<BackgroundProcess> untrusted = StartAuthorize();
    ASSERT_TRUE(untrusted) << untrusted.error().message;
    ASSERT_TRUE(untrusted->WaitForExit(seconds(30))) << AuthorizeLog();
    EXPECT_EQ(untrusted->Stop(SIGKILL, seconds(1)).exit_code, 69) << AuthorizeLog();
    EXPECT_NE(AuthorizeLog().find("certificate"), std::string::npos) << AuthorizeLog();
  }
  struct stat st {};
  EXPECT_NE(::stat(TokenPath().c_str(), &st), 0);
  WriteConfig("oauth2_trust_file " + provider_.trust_file() + "\n");
  RunResult authorized = AuthorizeByDevice();
  ASSERT_TRUE(authorized.ok()) << authorized.Describe() << authorized.out;
  RunResult run = Fetch();
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 2u);
}

// With a key ring (gnome-keyring in a private D-Bus session, COMPONENTS.md 2.4) the refresh
// token goes there, not into the file, and a later run that must renew reads it from there.
TEST_F(OAuth2AuthorizeTest, WithAKeyRingTheRefreshTokenIsKeptThere) {
  for (const char* tool :
       {"/usr/bin/dbus-run-session", "/usr/bin/gnome-keyring-daemon", "/usr/bin/secret-tool"}) {
    MPOP_REQUIRE(RequireExecutable(tool));
  }
  BEGIN({.access_token_ttl_seconds = 60});
  const std::string key = std::string(OAuth2TestServer::kTestUser) + "_at_" + provider_.issuer();
  Command command{
      .argv = {"/usr/bin/dbus-run-session", "--", "/bin/sh", "-c",
               "mkdir -p -m 700 \"$XDG_RUNTIME_DIR\"\n"
               "printf test-keyring-pw | gnome-keyring-daemon --unlock --components=secrets "
               ">/dev/null 2>&1\n"
               "\"$MPOP_UNDER_TEST\" --authorize; echo \"authorize-exit $?\"\n"
               "\"$MPOP_UNDER_TEST\" -q; echo \"fetch-exit $?\"\n"
               "echo \"keyring-token <$(secret-tool lookup service mpop-oauth2 key \"$KEY\")>\"\n"},
      .env = {{"HOME", home_.home()},
              {"USER", "tester"},
              {"XDG_RUNTIME_DIR", home_.home() + "/run"},
              {"MPOP_UNDER_TEST", MPOP_BIN},
              {"KEY", key}},
      .unset_env = {"XDG_CONFIG_HOME", "XDG_STATE_HOME", "DISPLAY", "WAYLAND_DISPLAY", "LOGNAME",
                    "DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL"}};
  Result<BackgroundProcess> session = BackgroundProcess::Start(command, log_.File("authorize.log"));
  ASSERT_TRUE(session) << session.error().message;
  std::optional<std::string> code = WaitForInLog("enter the code\\n  (\\S+)\\n");
  ASSERT_TRUE(code) << AuthorizeLog();
  ASSERT_TRUE(provider_.ApproveDevice(*code));
  ASSERT_TRUE(session->WaitForExit(seconds(60))) << AuthorizeLog();
  const std::string log = AuthorizeLog();
  EXPECT_NE(log.find("and the refresh token in the key ring"), std::string::npos) << log;
  EXPECT_NE(log.find("authorize-exit 0"), std::string::npos) << log;
  EXPECT_NE(log.find("fetch-exit 0"), std::string::npos) << log;
  EXPECT_EQ(FilesIn(maildir_ + "/new").size(), 2u);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(log, match, std::regex("keyring-token <([^>]*)>"))) << log;
  const std::string in_keyring = match[1].str();
  EXPECT_GT(in_keyring.size(), 10u) << log;
  const std::string file = ReadFile(TokenPath());
  EXPECT_EQ(file.find(in_keyring), std::string::npos) << file;
  EXPECT_NE(file.find("\"refresh_token_in\": \"keyring\""), std::string::npos) << file;
}

TEST_F(OAuth2AuthorizeTest, PretendShowsTheSettingsAndNoSecret) {
  BEGIN();
  WriteConfig("oauth2_client_secret s3cret-value\noauth2_flow browser\n");
  RunResult run = Fetch({"--pretend"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_NE(run.out.find("oauth2_issuer = " + provider_.issuer() + "\n"), std::string::npos);
  EXPECT_NE(run.out.find("oauth2_client_secret = *\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("oauth2_flow = browser\n"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("s3cret-value"), std::string::npos);
}

// --authorize needs no server and no delivery: --pretend shows the settings it would use,
// and an account without OAuth2 is a configuration error.
TEST(AuthorizeCommandLineTest, PretendAndAnAccountWithoutOAuth2) {
  MpopHome home;
  home.WriteConfig(
      "account mail\nhost pop.example.org\nuser joe\noauth2_issuer microsoft\n"
      "oauth2_client_id app-1\naccount plain\nhost pop.example.org\n");
  RunResult pretend = home.Run({"--authorize", "--pretend", "mail"});
  ASSERT_TRUE(pretend.ok()) << pretend.Describe();
  EXPECT_NE(pretend.out.find("oauth2_issuer = microsoft\n"), std::string::npos) << pretend.out;
  EXPECT_NE(pretend.out.find("oauth2_client_id = app-1\n"), std::string::npos) << pretend.out;
  RunResult plain = home.Run({"--authorize", "plain"});
  EXPECT_EQ(plain.exit_code, 78) << plain.Describe();
  EXPECT_NE(plain.err.find("account plain has no oauth2_issuer"), std::string::npos) << plain.err;
  RunResult both = home.Run({"--authorize", "--serverinfo", "mail"});
  EXPECT_EQ(both.exit_code, 64) << both.Describe();
}

}  // namespace
}  // namespace mpop::testing
