// FinishAccount() defaults and consistency checks; texts and order as Debian's mpop
// 1.4.18 prints them ("mpop: account a from FILE: ...").

#include "config/finish.hpp"

#include <gtest/gtest.h>

#include <string>

#include "config/config_file.hpp"
#include "scoped_env.hpp"

namespace mpop::config {
namespace {

using testing::ScopedEnv;

Account FromText(std::string_view text) {
  Result<ConfigFile> file = ParseConfig(text, "t.rc");
  EXPECT_TRUE(file.has_value()) << file.error().message;
  if (!file || file->accounts.empty()) return {};
  return file->accounts.back();
}

struct CheckCase {
  std::string text;
  Purpose purpose;
  std::string message;  // empty: must succeed
};

TEST(FinishAccountTest, Checks) {
  const std::string base = "account a\nhost x\ndelivery mda x\n";
  const CheckCase cases[] = {
      {base, Purpose::kRetrieval, ""},
      {"account a\nhost x\n", Purpose::kRetrieval,
       "account a from t.rc: no delivery information: say where mail goes with the delivery "
       "command (such as delivery maildir ~/Mail) or with --delivery=METHOD,ARGUMENT"},
      {"account a\nhost x\n", Purpose::kServerInfo, ""},
      {"account a\nhost x\n", Purpose::kStatusOnly, ""},
      {"account a\nhost x\n", Purpose::kAuthOnly, ""},
      {"account a\ndelivery mda x\n", Purpose::kRetrieval, "account a from t.rc: host not set"},
      {"account a\n", Purpose::kServerInfo, "account a from t.rc: host not set"},
      {"account a\nsocket /s\ndelivery mda x\n", Purpose::kRetrieval, ""},
      {"account a\nsocket /s\ntls\n", Purpose::kServerInfo, "account a from t.rc: host not set"},
      {"account a\nsocket /s\ntls\ntls_host_override h\n", Purpose::kServerInfo, ""},
      {base + "tls_key_file k\n", Purpose::kRetrieval,
       "account a from t.rc: tls_key_file requires tls_cert_file"},
      {base + "tls_cert_file c\n", Purpose::kRetrieval,
       "account a from t.rc: tls_cert_file requires tls_key_file"},
      {base + "tls_key_file k\ntls_cert_file c\n", Purpose::kRetrieval, ""},
      {base + "tls\ntls_trust_file\n", Purpose::kRetrieval,
       "account a from t.rc: tls requires either tls_trust_file (highly recommended) or "
       "tls_fingerprint or a disabled tls_certcheck"},
      {base + "tls\ntls_trust_file\ntls_certcheck off\n", Purpose::kRetrieval, ""},
      {base + "tls\ntls_trust_file\ntls_fingerprint "
              "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\n",
       Purpose::kRetrieval, ""},
      {base + "tls\n", Purpose::kRetrieval, ""},             // trust file "system"
      {base + "tls_trust_file\n", Purpose::kRetrieval, ""},  // no TLS, no need
      {base + "tls_crl_file c\ntls_trust_file\n", Purpose::kRetrieval,
       "account a from t.rc: tls_crl_file requires tls_trust_file"},
      {base + "tls_crl_file c\n", Purpose::kRetrieval, ""},
      // Order: host, key/cert, trust, CRL, delivery.
      {"account a\ntls_key_file k\ntls_crl_file c\ntls_trust_file\ntls\n", Purpose::kRetrieval,
       "account a from t.rc: host not set"},
      {"account a\nhost x\ntls_key_file k\ntls_crl_file c\ntls_trust_file\ntls\n",
       Purpose::kRetrieval, "account a from t.rc: tls_key_file requires tls_cert_file"},
      {"account a\nhost x\ntls_crl_file c\ntls_trust_file\ntls\n", Purpose::kRetrieval,
       "account a from t.rc: tls requires either tls_trust_file (highly recommended) or "
       "tls_fingerprint or a disabled tls_certcheck"},
      {"account a\nhost x\ntls_crl_file c\ntls_trust_file\n", Purpose::kRetrieval,
       "account a from t.rc: tls_crl_file requires tls_trust_file"},
      // An explicitly empty trust file in defaults counts (doc/COMPAT.md 10).
      {"defaults\ntls_trust_file\naccount a\nhost x\ntls\n", Purpose::kServerInfo,
       "account a from t.rc: tls requires either tls_trust_file (highly recommended) or "
       "tls_fingerprint or a disabled tls_certcheck"},
      // OAuth2: the settings belong together; a token only goes with the token methods.
      {base + "oauth2_issuer google\noauth2_client_id c\n", Purpose::kRetrieval, ""},
      {base + "oauth2_issuer google\noauth2_client_id c\nauth xoauth2\n", Purpose::kRetrieval, ""},
      {"account a\nhost x\noauth2_issuer google\noauth2_client_id c\n", Purpose::kAuthorize, ""},
      {base + "oauth2_issuer google\n", Purpose::kRetrieval,
       "account a from t.rc: oauth2_issuer requires oauth2_client_id (the id of the "
       "application registered with the provider)"},
      {base + "oauth2_client_id c\n", Purpose::kRetrieval,
       "account a from t.rc: oauth2_client_id requires oauth2_issuer"},
      {base + "oauth2_flow browser\n", Purpose::kRetrieval,
       "account a from t.rc: oauth2_flow requires oauth2_issuer"},
      {base + "oauth2_issuer google\noauth2_client_id c\nauth plain\n", Purpose::kRetrieval,
       "account a from t.rc: oauth2_issuer requires auth on, oauthbearer or xoauth2, not PLAIN"},
      // An empty oauth2_issuer switches OAuth2 off again, for an account inheriting it.
      {"defaults\noauth2_issuer google\noauth2_client_id c\naccount a\nhost x\n"
       "oauth2_issuer\noauth2_client_id\n",
       Purpose::kServerInfo, ""},
  };
  for (const CheckCase& c : cases) {
    Account account = FromText(c.text);
    Status st = FinishAccount(account, c.purpose);
    if (c.message.empty()) {
      EXPECT_TRUE(st.has_value()) << c.text << ": " << st.error().message;
    } else {
      ASSERT_FALSE(st.has_value()) << c.text;
      EXPECT_EQ(st.error().message, c.message) << c.text;
      EXPECT_EQ(st.error().code, ExitCode::kConfig) << c.text;
    }
  }
}

TEST(FinishAccountTest, HostAccountMessageHasNoPrefix) {
  Account account;  // as made by --host=... on the command line
  account.host = "x";
  Status st = FinishAccount(account, Purpose::kRetrieval);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().message,
            "no delivery information: say where mail goes with the delivery command (such as "
            "delivery maildir ~/Mail) or with --delivery=METHOD,ARGUMENT");
}

TEST(FinishAccountTest, BadFingerprintFromElsewhere) {
  Account account;
  account.host = "x";
  account.tls_fingerprint = "00:11";
  Status st = FinishAccount(account, Purpose::kServerInfo);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().message, "invalid tls_fingerprint 00:11");
}

TEST(FinishAccountTest, Defaults) {
  ScopedEnv home("HOME", "/home/joe");
  struct Case {
    std::string settings;
    int port;
    int proxy_port;
    std::string trust_file;
  } cases[] = {
      {"", 110, 0, "system"},
      {"tls\n", 110, 0, "system"},
      {"tls\ntls_starttls off\n", 995, 0, "system"},
      {"tls_starttls off\n", 110, 0, "system"},  // no TLS: plain pop3
      {"tls\ntls_starttls off\nport 1995\n", 1995, 0, "system"},
      {"proxy_host p\n", 110, 1080, "system"},
      {"proxy_host p\nproxy_port 9050\n", 110, 9050, "system"},
      {"proxy_port 9050\n", 110, 9050, "system"},
      {"tls_trust_file /ca\n", 110, 0, "/ca"},
      {"tls_trust_file\ntls_certcheck off\n", 110, 0, ""},
  };
  for (const Case& c : cases) {
    Account account = FromText("account a\nhost x\n" + c.settings);
    ASSERT_TRUE(FinishAccount(account, Purpose::kServerInfo).has_value()) << c.settings;
    EXPECT_EQ(account.port, c.port) << c.settings;
    EXPECT_EQ(account.proxy_port, c.proxy_port) << c.settings;
    EXPECT_EQ(account.tls_trust_file, c.trust_file) << c.settings;
    EXPECT_EQ(account.uidls_file, "/home/joe/.mpop_uidls/%U_at_%H") << c.settings;
  }
}

TEST(FinishAccountTest, IsIdempotent) {
  Account account = FromText("account a\nhost x\ntls\ntls_starttls off\nproxy_host p\n");
  ASSERT_TRUE(FinishAccount(account, Purpose::kServerInfo).has_value());
  Account again = account;
  ASSERT_TRUE(FinishAccount(again, Purpose::kServerInfo).has_value());
  EXPECT_EQ(again, account);
}

TEST(ExpandUidlsFileTest, Table) {
  struct Case {
    std::optional<std::string> user, host, socket;
    std::string pattern, expected;
  } cases[] = {
      {"joe", "pop.example", std::nullopt, "/u/%U_at_%H", "/u/joe_at_pop.example"},
      {std::nullopt, "h", std::nullopt, "/u/%U_at_%H", "/u/_at_h"},
      {"joe", std::nullopt, "/tmp/s", "/u/%U_at_%H", "/u/joe_at_/tmp/s"},
      {"a/b", "h", std::nullopt, "/u/%U", "/u/a/b"},  // no sanitising, as upstream
      {"joe", "h", std::nullopt, "/u/%%-%U%U-%X-%", "/u/%%-joejoe-%X-%"},
      {"%H", "h", std::nullopt, "/u/%U", "/u/%H"},  // replaced text is not scanned again
      {"joe", "h", std::nullopt, "/plain", "/plain"},
  };
  for (const Case& c : cases) {
    Account account;
    account.user = c.user;
    account.host = c.host;
    account.socket = c.socket;
    account.uidls_file = c.pattern;
    EXPECT_EQ(ExpandUidlsFile(account), c.expected) << c.pattern;
  }
}

}  // namespace
}  // namespace mpop::config
