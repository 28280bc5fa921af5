#include "net/tls_info.hpp"

#include <gtest/gtest.h>

#include <clocale>

namespace mpop::net {
namespace {

TEST(FormatTlsInfoTest, LayoutOfCompat5) {
  TlsInfo info;
  info.session_parameters = "(TLS1.3)-(ECDHE-X25519)-(RSA-PSS-RSAE-SHA256)-(AES-256-GCM)";
  info.subject_dn = "CN=pop.example.com";
  info.issuer_dn = "C=US,O=Let's Encrypt,CN=R11";
  info.activation_time = 1000;
  info.expiration_time = 2000;
  info.sha256 = std::vector<unsigned char>(32, 0xab);
  info.sha1 = std::vector<unsigned char>(20, 0x01);
  auto format_time = [](std::time_t t) { return "time " + std::to_string(t); };
  EXPECT_EQ(FormatTlsInfo(info, format_time),
            "TLS session parameters:\n"
            "    (TLS1.3)-(ECDHE-X25519)-(RSA-PSS-RSAE-SHA256)-(AES-256-GCM)\n"
            "TLS certificate information:\n"
            "    Subject:\n"
            "        CN=pop.example.com\n"
            "    Issuer:\n"
            "        C=US,O=Let's Encrypt,CN=R11\n"
            "    Validity:\n"
            "        Activation time: time 1000\n"
            "        Expiration time: time 2000\n"
            "    Fingerprints:\n"
            "        SHA256: AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:"
            "AB:AB:AB:AB:AB:AB:AB:AB:AB\n"
            "        SHA1 (deprecated): 01:01:01:01:01:01:01:01:01:01:01:01:01:01:01:01:01:01:01:"
            "01\n");
}

TEST(FormatLocalTimeTest, CLocaleLooksLikeCtime) {
  // In the C locale %c is ctime()'s layout; compare with ctime_r for the same instant.
  std::setlocale(LC_TIME, "C");
  std::time_t t = 1700000000;
  char buffer[64];
  std::string expected = ctime_r(&t, buffer);
  expected.pop_back();  // ctime's newline
  EXPECT_EQ(FormatLocalTime(t), expected);
}

}  // namespace
}  // namespace mpop::net
