#include "config/overrides.hpp"

#include <gtest/gtest.h>

#include "config/setting_table.hpp"

namespace mpop::config {
namespace {

Account FileAccount() {
  Account a;
  a.name = "isp";
  a.config_file = "/home/joe/.mpoprc";
  a.host = "pop.isp.example";
  a.MarkSet(&Account::host);
  a.user = "joe";
  a.MarkSet(&Account::user);
  a.tls = true;
  a.MarkSet(&Account::tls);
  a.keep_seconds = kKeepForever;
  a.MarkSet(&Account::keep_seconds);
  a.delivery = {delivery::FindDeliveryKind("mbox"), "/home/joe/inbox"};
  a.MarkSet(&Account::delivery);
  return a;
}

TEST(ApplyOverridesTest, NothingSetChangesNothing) {
  Account target = FileAccount();
  Account overrides;
  overrides.host = "ignored: not marked";
  overrides.port = 1;
  ApplyOverrides(overrides, target);
  EXPECT_EQ(target, FileAccount());
}

TEST(ApplyOverridesTest, CopiesExactlyTheMarkedSettings) {
  Account overrides;
  overrides.user = std::nullopt;  // --user=
  overrides.MarkSet(&Account::user);
  overrides.tls = false;  // --tls=off
  overrides.MarkSet(&Account::tls);
  overrides.port = 995;  // --port=995
  overrides.MarkSet(&Account::port);
  overrides.tls_trust_file = "";  // --tls-trust-file=
  overrides.MarkSet(&Account::tls_trust_file);
  overrides.host = "not marked";
  overrides.keep_seconds = 0;  // default value, not marked: must not reset keep

  Account target = FileAccount();
  ApplyOverrides(overrides, target);

  Account expected = FileAccount();
  expected.user = std::nullopt;
  expected.tls = false;
  expected.port = 995;
  expected.MarkSet(&Account::port);
  expected.tls_trust_file = "";
  expected.MarkSet(&Account::tls_trust_file);
  EXPECT_EQ(target, expected);
}

TEST(ApplyOverridesTest, EverySettingTravels) {
  Account overrides;
  overrides.host = "h";
  overrides.port = 2;
  overrides.source_ip = "1.2.3.4";
  overrides.proxy_host = "p";
  overrides.proxy_port = 3;
  overrides.socket = "/s";
  overrides.timeout_seconds = 4;
  overrides.pipelining = Pipelining::kOff;
  overrides.auth = "PLAIN";
  overrides.user = "u";
  overrides.password = "pw";
  overrides.password_eval = "e";
  overrides.ntlm_domain = "d";
  overrides.tls = true;
  overrides.tls_starttls = false;
  overrides.tls_trust_file = "/t";
  overrides.tls_crl_file = "/c";
  overrides.tls_fingerprint = "AA";
  overrides.tls_key_file = "/k";
  overrides.tls_cert_file = "/cert";
  overrides.tls_certcheck = false;
  overrides.tls_priorities = "NORMAL";
  overrides.tls_host_override = "o";
  overrides.tls_min_dh_prime_bits = 512;
  overrides.delivery = {delivery::FindDeliveryKind("mda"), "cat"};
  overrides.uidls_file = "/u";
  overrides.only_new = false;
  overrides.keep_seconds = 60;
  overrides.killsize = 5;
  overrides.skipsize = 6;
  overrides.filter = "f";
  overrides.received_header = false;
  for (const SettingRow& row : SettingRows()) MarkSet(row, overrides);

  Account target = FileAccount();
  ApplyOverrides(overrides, target);
  Account expected = overrides;
  expected.name = "isp";
  expected.config_file = "/home/joe/.mpoprc";
  EXPECT_EQ(target, expected);
}

}  // namespace
}  // namespace mpop::config
