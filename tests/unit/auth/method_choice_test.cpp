#include "auth/method_choice.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mpop::auth {
namespace {

// What a build with GNU SASL supports, and one without it (doc/COMPAT.md 4.2).
const std::vector<std::string_view> kWithGsasl(std::begin(kKnownMethods), std::end(kKnownMethods));
const std::vector<std::string_view> kWithoutGsasl = {
    "USER", "APOP", "PLAIN", "LOGIN", "CRAM-MD5", "EXTERNAL", "OAUTHBEARER", "XOAUTH2"};
const std::vector<std::string_view> kScramOnly = {"SCRAM-SHA-256"};
const std::vector<std::string_view> kBuiltin(std::begin(kBuiltinMethods),
                                             std::end(kBuiltinMethods));

struct Case {
  std::string name;
  std::string configured;
  bool tls;
  bool binding;
  bool capa;
  std::vector<std::string> sasl;
  bool apop;
  const std::vector<std::string_view>* supported;
  std::string expected;  // the method, or the whole error message
  ExitCode code = ExitCode::kOk;
};

const std::string kOffers = "the POP3 server offers ";
const std::string kUseTls = " without TLS (use TLS, or choose a method with 'auth')";
const std::string kNoSecure = "cannot use a secure authentication method: ";

std::vector<Case> Cases() {
  const ExitCode kUnavailable = ExitCode::kUnavailable;
  return {
      // Automatic, GNU SASL, TLS: the whole list in order.
      {"plus first",
       "",
       true,
       true,
       true,
       {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"},
       true,
       &kWithGsasl,
       "SCRAM-SHA-256-PLUS"},
      {"sha1 plus before sha256",
       "",
       true,
       true,
       true,
       {"SCRAM-SHA-256", "SCRAM-SHA-1-PLUS"},
       false,
       &kWithGsasl,
       "SCRAM-SHA-1-PLUS"},
      {"plus needs binding",
       "",
       true,
       false,
       true,
       {"SCRAM-SHA-256-PLUS", "SCRAM-SHA-1"},
       false,
       &kWithGsasl,
       "SCRAM-SHA-1"},
      {"sha256 before sha1",
       "on",
       true,
       false,
       true,
       {"SCRAM-SHA-1", "SCRAM-SHA-256"},
       false,
       &kWithGsasl,
       "SCRAM-SHA-256"},
      {"plain before apop",
       "ON",
       true,
       false,
       true,
       {"CRAM-MD5", "PLAIN"},
       true,
       &kWithGsasl,
       "PLAIN"},
      {"apop before user", "", true, false, true, {"CRAM-MD5", "LOGIN"}, true, &kWithGsasl, "APOP"},
      {"user is assumed",
       "",
       true,
       false,
       true,
       {"CRAM-MD5", "DIGEST-MD5", "LOGIN", "NTLM"},
       false,
       &kWithGsasl,
       "USER"},
      {"never automatic",
       "",
       true,
       true,
       true,
       {"GSSAPI", "EXTERNAL", "OAUTHBEARER", "XOAUTH2"},
       false,
       &kWithGsasl,
       "USER"},
      // Automatic, GNU SASL, no TLS: SCRAM without -PLUS only.
      {"no tls scram",
       "",
       false,
       false,
       true,
       {"PLAIN", "SCRAM-SHA-1"},
       true,
       &kWithGsasl,
       "SCRAM-SHA-1"},
      {"no tls nothing secure",
       "",
       false,
       false,
       true,
       {"PLAIN", "CRAM-MD5"},
       true,
       &kWithGsasl,
       kNoSecure + kOffers + "USER, APOP, PLAIN, CRAM-MD5; automatic choice accepts " +
           "SCRAM-SHA-256, SCRAM-SHA-1" + kUseTls,
       kUnavailable},
      {"no tls plus only",
       "",
       false,
       true,
       true,
       {"SCRAM-SHA-256-PLUS"},
       false,
       &kWithGsasl,
       kNoSecure + kOffers + "USER, SCRAM-SHA-256-PLUS; automatic choice accepts " +
           "SCRAM-SHA-256, SCRAM-SHA-1" + kUseTls,
       kUnavailable},
      // Automatic without GNU SASL: PLAIN, APOP, USER, CRAM-MD5, LOGIN with TLS; none without.
      {"no gsasl plain",
       "",
       true,
       true,
       true,
       {"SCRAM-SHA-256", "PLAIN"},
       true,
       &kWithoutGsasl,
       "PLAIN"},
      {"no gsasl apop",
       "",
       true,
       true,
       true,
       {"SCRAM-SHA-256", "CRAM-MD5"},
       true,
       &kWithoutGsasl,
       "APOP"},
      {"no gsasl user",
       "",
       true,
       true,
       true,
       {"SCRAM-SHA-256", "CRAM-MD5", "LOGIN"},
       false,
       &kWithoutGsasl,
       "USER"},
      {"no gsasl no tls",
       "",
       false,
       false,
       true,
       {"SCRAM-SHA-256", "PLAIN"},
       true,
       &kWithoutGsasl,
       kNoSecure + kOffers + "USER, APOP, SCRAM-SHA-256, PLAIN; automatic choice accepts none" +
           kUseTls,
       kUnavailable},
      {"builtin with tls", "", true, false, true, {}, true, &kBuiltin, "APOP"},
      {"builtin without tls",
       "",
       false,
       false,
       true,
       {},
       false,
       &kBuiltin,
       kNoSecure + kOffers + "USER; automatic choice accepts none" + kUseTls,
       kUnavailable},
      // With TLS only a build without USER can find nothing.
      {"tls nothing usable",
       "",
       true,
       false,
       true,
       {"PLAIN"},
       false,
       &kScramOnly,
       "cannot find a usable authentication method: " + kOffers +
           "USER, PLAIN; automatic choice accepts SCRAM-SHA-256",
       kUnavailable},
      // Without CAPA the automatic choice only trusts the greeting and USER.
      {"no capa apop", "", true, true, false, {}, true, &kWithGsasl, "APOP"},
      {"no capa user", "", true, true, false, {}, false, &kWithGsasl, "USER"},
      {"no capa no tls",
       "",
       false,
       false,
       false,
       {},
       true,
       &kWithGsasl,
       kNoSecure + kOffers + "USER, APOP (no CAPA: SASL methods unknown); automatic choice " +
           "accepts SCRAM-SHA-256, SCRAM-SHA-1" + kUseTls,
       kUnavailable},
      // Explicit methods: no TLS check, but the server must offer them.
      {"explicit plain without tls",
       "plain",
       false,
       false,
       true,
       {"PLAIN"},
       false,
       &kWithGsasl,
       "PLAIN"},
      {"explicit user", "user", false, false, true, {}, false, &kBuiltin, "USER"},
      {"explicit apop", "APOP", false, false, true, {}, true, &kBuiltin, "APOP"},
      {"explicit apop missing",
       "apop",
       true,
       false,
       true,
       {"PLAIN"},
       false,
       &kWithGsasl,
       "POP3 server does not support authentication method APOP (it offers USER, PLAIN)",
       kUnavailable},
      {"explicit not offered",
       "cram-md5",
       true,
       false,
       true,
       {"PLAIN", "LOGIN"},
       true,
       &kWithGsasl,
       "POP3 server does not support authentication method CRAM-MD5 (it offers USER, APOP, "
       "PLAIN, LOGIN)",
       kUnavailable},
      {"explicit never-automatic",
       "external",
       false,
       false,
       true,
       {"EXTERNAL"},
       false,
       &kWithGsasl,
       "EXTERNAL"},
      {"explicit without capa", "gssapi", true, false, false, {}, false, &kWithGsasl, "GSSAPI"},
      {"explicit not compiled in",
       "scram-sha-256",
       true,
       false,
       true,
       {"SCRAM-SHA-256"},
       false,
       &kBuiltin,
       "support for authentication method SCRAM-SHA-256 is not compiled in",
       kUnavailable},
      {"explicit unknown",
       "kerberos4",
       true,
       false,
       true,
       {"KERBEROS4"},
       false,
       &kWithGsasl,
       "unknown authentication method 'kerberos4'",
       ExitCode::kConfig},
      {"explicit plus without binding",
       "scram-sha-1-plus",
       true,
       false,
       true,
       {"SCRAM-SHA-1-PLUS"},
       false,
       &kWithGsasl,
       "authentication method SCRAM-SHA-1-PLUS needs TLS channel binding, which this "
       "connection lacks",
       kUnavailable},
      {"explicit plus",
       "scram-sha-1-plus",
       true,
       true,
       true,
       {"SCRAM-SHA-1-PLUS"},
       false,
       &kWithGsasl,
       "SCRAM-SHA-1-PLUS"},
  };
}

TEST(ChooseMethodTest, Table) {
  for (const Case& c : Cases()) {
    MethodChoiceInput input;
    input.configured = c.configured;
    input.tls_active = c.tls;
    input.channel_binding = c.binding;
    input.capa_supported = c.capa;
    input.sasl_mechanisms = c.sasl;
    input.apop_available = c.apop;
    input.supported = *c.supported;
    Result<std::string> method = ChooseMethod(input);
    if (c.code == ExitCode::kOk) {
      ASSERT_TRUE(method) << c.name << ": " << method.error().message;
      EXPECT_EQ(*method, c.expected) << c.name;
    } else {
      ASSERT_FALSE(method) << c.name << ": chose " << *method;
      EXPECT_EQ(method.error(), (Error{c.code, c.expected, {}})) << c.name;
    }
  }
}

TEST(ChooseMethodTest, DefaultSupportIsTheBuiltinMethods) {
  MethodChoiceInput input;
  input.tls_active = true;
  input.apop_available = true;
  EXPECT_EQ(*ChooseMethod(input), "APOP");
}

TEST(CheckMethodAvailableTest, BeforeConnecting) {
  EXPECT_TRUE(CheckMethodAvailable(""));
  EXPECT_TRUE(CheckMethodAvailable("on"));
  EXPECT_TRUE(CheckMethodAvailable("user"));
  EXPECT_EQ(CheckMethodAvailable("ntlm").error(),
            Error::Unavailable("support for authentication method NTLM is not compiled in"));
  EXPECT_EQ(CheckMethodAvailable("bogus").error(),
            Error::Config("unknown authentication method 'bogus'"));
}

TEST(MethodNeedsTest, PasswordAndUser) {
  for (std::string_view method : kKnownMethods) {
    EXPECT_EQ(MethodNeedsPassword(method), method != "GSSAPI" && method != "EXTERNAL") << method;
    EXPECT_EQ(MethodNeedsUser(method), method != "EXTERNAL") << method;
  }
}

}  // namespace
}  // namespace mpop::auth
