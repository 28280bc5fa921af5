#include "client/configure.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace mpop::client {
namespace {

using net::SrvRecord;

constexpr const char* kPrefix = "automatic configuration based on SRV records failed: ";

// A fake DNS: name -> records (in answer order), or an error; records every query.
struct FakeDns {
  std::map<std::string, std::vector<SrvRecord>> records;
  std::map<std::string, Error> errors;
  std::vector<std::string> queries;

  SrvLookup Lookup() {
    return [this](std::string_view name) -> Result<std::vector<SrvRecord>> {
      queries.emplace_back(name);
      if (auto it = errors.find(std::string(name)); it != errors.end()) return it->second;
      auto it = records.find(std::string(name));
      if (it == records.end()) return std::vector<SrvRecord>{};
      return it->second;
    };
  }
};

TEST(SplitMailAddressTest, SplitsAtTheLastAt) {
  struct Case {
    std::string address;
    MailAddress expected;
  };
  const Case cases[] = {
      {"joe@example.org", {"joe", "example.org"}},
      {"\"j@e\"@example.org", {"\"j@e\"", "example.org"}},
      {"a@b@c", {"a@b", "c"}},
      {"x@bücher.example", {"x", "bücher.example"}},
  };
  for (const Case& c : cases) {
    auto parts = SplitMailAddress(c.address);
    ASSERT_TRUE(parts.has_value()) << c.address;
    EXPECT_EQ(*parts, c.expected) << c.address;
  }
}

TEST(SplitMailAddressTest, RejectsEmptyParts) {
  for (const std::string address : {"", "joe", "@example.org", "joe@", "@", "a@b@"}) {
    auto parts = SplitMailAddress(address);
    ASSERT_FALSE(parts.has_value()) << address;
    EXPECT_EQ(parts.error().code, ExitCode::kDataErr) << address;
    EXPECT_EQ(parts.error().message, std::string(kPrefix) + "invalid mail address") << address;
  }
}

TEST(HostMatchesDomainTest, DomainOrSubDomain) {
  struct Case {
    std::string host;
    std::string domain;
    bool matches;
  };
  const Case cases[] = {
      {"example.org", "example.org", true},
      {"pop.example.org", "example.org", true},
      {"POP.Example.ORG", "example.org", true},
      {"a.b.example.org", "example.org", true},
      {"xexample.org", "example.org", false},
      {"example.org.evil", "example.org", false},
      {"mail.other.org", "example.org", false},
      {".example.org", "example.org", false},
      {"org", "example.org", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(HostMatchesDomain(c.host, c.domain), c.matches) << c.host << " " << c.domain;
  }
}

TEST(FormatGeneratedAccountTest, SecretToolHint) {
  GeneratedAccount account{"joe@example.org", "joe", "example.org", "pop.example.org", 995, false};
  EXPECT_EQ(FormatGeneratedAccount(account, "/home/joe/.mpoprc", PasswordHint::kSecretTool),
            "# - copy this to your configuration file /home/joe/.mpoprc\n"
            "# - add your password to the key ring:\n"
            "#   secret-tool store --label=mpop host pop.example.org service pop3 user joe\n"
            "# - adjust the delivery command\n"
            "account joe@example.org\n"
            "host pop.example.org\n"
            "port 995\n"
            "tls on\n"
            "tls_starttls off\n"
            "user joe\n"
            "delivery mbox ~/MAIL\n");
}

TEST(FormatGeneratedAccountTest, KeychainHintAndStarttls) {
  GeneratedAccount account{"joe@example.org", "joe", "example.org", "pop.example.org", 110, true};
  EXPECT_EQ(FormatGeneratedAccount(account, "/Users/joe/.mpoprc", PasswordHint::kKeychain),
            "# - copy this to your configuration file /Users/joe/.mpoprc\n"
            "# - add your password to the key ring:\n"
            "#   security add-internet-password -s pop.example.org -r pop3 -a joe -w\n"
            "# - adjust the delivery command\n"
            "account joe@example.org\n"
            "host pop.example.org\n"
            "port 110\n"
            "tls on\n"
            "tls_starttls on\n"
            "user joe\n"
            "delivery mbox ~/MAIL\n");
}

TEST(FormatGeneratedAccountTest, GpgHintAndHostWarning) {
  GeneratedAccount account{"joe@example.org",   "joe", "example.org",
                           "mail.provider.net", 995,   false};
  EXPECT_EQ(FormatGeneratedAccount(account, "/h/.mpoprc", PasswordHint::kGpg),
            "# - copy this to your configuration file /h/.mpoprc\n"
            "# - warning: the host does not match the mail domain; please check\n"
            "# - encrypt your password:\n"
            "#   gpg -e -o ~/.mpop-password.gpg\n"
            "# - adjust the delivery command\n"
            "account joe@example.org\n"
            "host mail.provider.net\n"
            "port 995\n"
            "tls on\n"
            "tls_starttls off\n"
            "user joe\n"
            "passwordeval gpg --no-tty -q -d ~/.mpop-password.gpg\n"
            "delivery mbox ~/MAIL\n");
}

TEST(FindAccountForAddressTest, Pop3sIsPreferred) {
  FakeDns dns;
  dns.records["_pop3s._tcp.example.org"] = {{0, 1, 995, "pop.example.org"}};
  dns.records["_pop3._tcp.example.org"] = {{0, 1, 110, "plain.example.org"}};
  auto account = FindAccountForAddress("joe@example.org", dns.Lookup());
  ASSERT_TRUE(account.has_value()) << account.error().message;
  EXPECT_EQ(*account, (GeneratedAccount{"joe@example.org", "joe", "example.org", "pop.example.org",
                                        995, false}));
  EXPECT_EQ(dns.queries, (std::vector<std::string>{"_pop3s._tcp.example.org"}));
}

TEST(FindAccountForAddressTest, Pop3WithStarttlsAsFallback) {
  FakeDns dns;
  dns.records["_pop3._tcp.example.org"] = {
      {10, 1, 110, "b.example.org"}, {5, 1, 1110, "a.example.org"}, {5, 9, 2110, "c.example.org"}};
  auto account = FindAccountForAddress("joe@example.org", dns.Lookup());
  ASSERT_TRUE(account.has_value()) << account.error().message;
  EXPECT_EQ(*account, (GeneratedAccount{"joe@example.org", "joe", "example.org", "c.example.org",
                                        2110, true}));
  EXPECT_EQ(dns.queries,
            (std::vector<std::string>{"_pop3s._tcp.example.org", "_pop3._tcp.example.org"}));
}

TEST(FindAccountForAddressTest, IdnDomainIsQueriedInAsciiForm) {
  FakeDns dns;
  dns.records["_pop3s._tcp.xn--bcher-kva.example"] = {{0, 0, 995, "pop.xn--bcher-kva.example"}};
  auto account = FindAccountForAddress("jörg@bücher.example", dns.Lookup());
  ASSERT_TRUE(account.has_value()) << account.error().message;
  EXPECT_EQ(*account, (GeneratedAccount{"jörg@bücher.example", "jörg", "xn--bcher-kva.example",
                                        "pop.xn--bcher-kva.example", 995, false}));
  // The SRV host is a sub-domain of the converted mail domain: no warning.
  std::string text = FormatGeneratedAccount(*account, "/c", PasswordHint::kSecretTool);
  EXPECT_EQ(text.find("warning"), std::string::npos) << text;
  EXPECT_NE(text.find("account jörg@bücher.example\n"), std::string::npos) << text;
}

TEST(FindAccountForAddressTest, Errors) {
  struct Case {
    std::string address;
    ExitCode code;
    std::string message;
  };
  FakeDns dns;
  dns.errors.emplace("_pop3s._tcp.flaky.example",
                     Error::TempFail("DNS lookup of _pop3s._tcp.flaky.example failed: "
                                     "temporary failure in name resolution"));
  dns.records["_pop3._tcp.flaky.example"] = {{0, 0, 110, "pop.flaky.example"}};
  const Case cases[] = {
      {"nobody@example.org", ExitCode::kNoHost,
       "no SRV records for _pop3s._tcp.example.org or _pop3._tcp.example.org"},
      {"joe", ExitCode::kDataErr, "invalid mail address"},
      {"joe@", ExitCode::kDataErr, "invalid mail address"},
      // A temporary failure of the preferred lookup is no reason to fall back to STARTTLS.
      {"joe@flaky.example", ExitCode::kTempFail,
       "DNS lookup of _pop3s._tcp.flaky.example failed: temporary failure in name resolution"},
      {"joe@a\xff.example", ExitCode::kDataErr, ""},
  };
  for (const Case& c : cases) {
    auto account = FindAccountForAddress(c.address, dns.Lookup());
    ASSERT_FALSE(account.has_value()) << c.address;
    EXPECT_EQ(account.error().code, c.code) << c.address;
    if (c.message.empty()) {
      EXPECT_EQ(account.error().message.rfind(std::string(kPrefix) + "cannot convert host name", 0),
                0u)
          << account.error().message;
    } else {
      EXPECT_EQ(account.error().message, kPrefix + c.message) << c.address;
    }
  }
}

TEST(GenerateConfigurationTest, WholeOutput) {
  FakeDns dns;
  dns.records["_pop3._tcp.example.org"] = {{0, 0, 110, "pop.example.org"}};
  auto text = GenerateConfiguration(
      "joe@example.org",
      {.config_path = "/root/.mpoprc", .hint = PasswordHint::kSecretTool, .lookup = dns.Lookup()});
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_EQ(*text,
            "# - copy this to your configuration file /root/.mpoprc\n"
            "# - add your password to the key ring:\n"
            "#   secret-tool store --label=mpop host pop.example.org service pop3 user joe\n"
            "# - adjust the delivery command\n"
            "account joe@example.org\n"
            "host pop.example.org\n"
            "port 110\n"
            "tls on\n"
            "tls_starttls on\n"
            "user joe\n"
            "delivery mbox ~/MAIL\n");
}

}  // namespace
}  // namespace mpop::client
