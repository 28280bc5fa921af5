// --pretend output compared with Debian's mpop 1.4.18 (`/usr/bin/mpop --pretend`): the
// golden texts below were printed by that program for the same files, with
// HOME=/tmp/mpop-golden and a `gpg2` on PATH that prints "secret" (upstream runs
// passwordeval before printing, hence "password = *").

#include "config/pretend.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config_file.hpp"
#include "config/finish.hpp"
#include "scoped_env.hpp"

namespace mpop::config {
namespace {

using testing::ScopedEnv;

// The example configuration file of the manual, section 9.1, verbatim.
constexpr std::string_view kManualExample =
    R"golden(# Example for a user configuration file ~/.mpoprc
#
# This file focusses on TLS, authentication, and the mail delivery method.
# Features not used here include mail filtering, timeouts, SOCKS proxies,
# TLS parameters, and more.

# Set default values for all following accounts.
defaults

# Always use TLS.
tls on

# Set a list of trusted CAs for TLS. The default is to use system settings, but
# you can select your own file.
#tls_trust_file /etc/ssl/certs/ca-certificates.crt

# Deliver mail to an MBOX mail file:
delivery mbox ~/Mail/inbox
# Deliver mail to a maildir folder:
#delivery maildir ~/Mail/incoming
# Deliver mail via procmail:
#delivery mda "/usr/bin/procmail -f '%F' -d $USER"
# Deliver mail via the local SMTP server:
#delivery mda "/usr/bin/msmtp --host=localhost --from='%F' -- $USER"
# Deliver mail to an Exchange pickup directory:
#delivery exchange c:\exchange\pickup

# Use an UIDLS file in ~/.local/share instead of ~/.mpop_uidls
uidls_file ~/.local/share/%U_at_%H

# A freemail service
account freemail

# Host name of the POP3 server
host pop.freemail.example

# As an alternative to tls_trust_file, you can use tls_fingerprint
# to pin a single certificate. You have to update the fingerprint when the
# server certificate changes, but an attacker cannot trick you into accepting
# a fraudulent certificate. Get the fingerprint with
# $ mpop --serverinfo --tls --tls-certcheck=off --host=pop.freemail.example
#tls_fingerprint 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33

# Authentication. The password is given using one of five methods, see below.
user joe.smith

# Password method 1: Add the password to the system keyring, and let mpop get
# it automatically. To set the keyring password using Gnome's libsecret:
# $ secret-tool store --label=mpop \
#   host pop.freemail.example \
#   service pop3 \
#   user joe.smith

# Password method 2: Store the password in an encrypted file, and tell mpop
# which command to use to decrypt it. This is usually used with GnuPG, as in
# this example. Usually gpg-agent will ask once for the decryption password.
passwordeval gpg2 --no-tty -q -d ~/.mpop-password.gpg

# Password method 3: Store the password directly in this file. Usually it is not
# a good idea to store passwords in cleartext files. If you do it anyway, at
# least make sure that this file can only be read by yourself.
#password secret123

# Password method 4: Store the password in ~/.netrc. This method is probably not
# relevant anymore.

# Password method 5: Do not specify a password. Mpop will then prompt you for
# it. This means you need to be able to type into a terminal when mpop runs.

# A second mail box at the same freemail service
account freemail2 : freemail
user joey

# The POP3 server of your ISP
account isp
host mail.isp.example
auth on
user 12345
# Your ISP runs SpamAssassin, so test each mail for the "X-Spam-Status: Yes"
# header, and delete all mails with this header before downloading them.
filter if [ "`grep "^X-Spam-Status: Yes"`" ]; then exit 1; else exit 0; fi

# Set a default account
account default : freemail
)golden";

constexpr std::string_view kManualExamplePretendAll =
    R"golden(using account freemail from /tmp/mpop-golden/.mpoprc
host = pop.freemail.example
port = 110
source ip = (not set)
proxy host = (not set)
proxy port = 0
socket = (not set)
timeout = 180 seconds
pipelining = auto
received_header = on
auth = choose
user = joe.smith
password = *
passwordeval = gpg2 --no-tty -q -d ~/.mpop-password.gpg
ntlmdomain = (not set)
tls = on
tls_starttls = on
tls_trust_file = system
tls_crl_file = (not set)
tls_fingerprint = (not set)
tls_key_file = (not set)
tls_cert_file = (not set)
tls_certcheck = on
tls_min_dh_prime_bits = (not set)
tls_priorities = (not set)
tls_host_override = (not set)
delivery = mbox /tmp/mpop-golden/Mail/inbox
uidls file = /tmp/mpop-golden/.local/share/joe.smith_at_pop.freemail.example
only_new = on
keep = off
killsize = off
skipsize = off
filter = (not set)
using account freemail2 from /tmp/mpop-golden/.mpoprc
host = pop.freemail.example
port = 110
source ip = (not set)
proxy host = (not set)
proxy port = 0
socket = (not set)
timeout = 180 seconds
pipelining = auto
received_header = on
auth = choose
user = joey
password = *
passwordeval = gpg2 --no-tty -q -d ~/.mpop-password.gpg
ntlmdomain = (not set)
tls = on
tls_starttls = on
tls_trust_file = system
tls_crl_file = (not set)
tls_fingerprint = (not set)
tls_key_file = (not set)
tls_cert_file = (not set)
tls_certcheck = on
tls_min_dh_prime_bits = (not set)
tls_priorities = (not set)
tls_host_override = (not set)
delivery = mbox /tmp/mpop-golden/Mail/inbox
uidls file = /tmp/mpop-golden/.local/share/joey_at_pop.freemail.example
only_new = on
keep = off
killsize = off
skipsize = off
filter = (not set)
using account isp from /tmp/mpop-golden/.mpoprc
host = mail.isp.example
port = 110
source ip = (not set)
proxy host = (not set)
proxy port = 0
socket = (not set)
timeout = 180 seconds
pipelining = auto
received_header = on
auth = choose
user = 12345
password = (not set)
passwordeval = (not set)
ntlmdomain = (not set)
tls = on
tls_starttls = on
tls_trust_file = system
tls_crl_file = (not set)
tls_fingerprint = (not set)
tls_key_file = (not set)
tls_cert_file = (not set)
tls_certcheck = on
tls_min_dh_prime_bits = (not set)
tls_priorities = (not set)
tls_host_override = (not set)
delivery = mbox /tmp/mpop-golden/Mail/inbox
uidls file = /tmp/mpop-golden/.local/share/12345_at_mail.isp.example
only_new = on
keep = off
killsize = off
skipsize = off
filter = if [ "`grep "^X-Spam-Status: Yes"`" ]; then exit 1; else exit 0; fi
using account default from /tmp/mpop-golden/.mpoprc
host = pop.freemail.example
port = 110
source ip = (not set)
proxy host = (not set)
proxy port = 0
socket = (not set)
timeout = 180 seconds
pipelining = auto
received_header = on
auth = choose
user = joe.smith
password = *
passwordeval = gpg2 --no-tty -q -d ~/.mpop-password.gpg
ntlmdomain = (not set)
tls = on
tls_starttls = on
tls_trust_file = system
tls_crl_file = (not set)
tls_fingerprint = (not set)
tls_key_file = (not set)
tls_cert_file = (not set)
tls_certcheck = on
tls_min_dh_prime_bits = (not set)
tls_priorities = (not set)
tls_host_override = (not set)
delivery = mbox /tmp/mpop-golden/Mail/inbox
uidls file = /tmp/mpop-golden/.local/share/joe.smith_at_pop.freemail.example
only_new = on
keep = off
killsize = off
skipsize = off
filter = (not set)
)golden";

constexpr std::string_view kManualExamplePretendServerInfoIsp =
    R"golden(using account isp from /tmp/mpop-golden/.mpoprc
host = mail.isp.example
port = 110
source ip = (not set)
proxy host = (not set)
proxy port = 0
socket = (not set)
timeout = 180 seconds
pipelining = auto
received_header = on
auth = choose
user = 12345
password = (not set)
passwordeval = (not set)
ntlmdomain = (not set)
tls = on
tls_starttls = on
tls_trust_file = system
tls_crl_file = (not set)
tls_fingerprint = (not set)
tls_key_file = (not set)
tls_cert_file = (not set)
tls_certcheck = on
tls_min_dh_prime_bits = (not set)
tls_priorities = (not set)
tls_host_override = (not set)
)golden";

// A file that sets every command to a non-default value (and a few edge cases: port in
// hex, quoted values with spaces, keep with an empty argument).
constexpr std::string_view kEverySetting = R"golden(account a
host h.example
port 0x3e3
source_ip 10.0.0.1
proxy_host 127.0.0.1
socket /tmp/sock
timeout 1
pipelining off
received_header off
auth cram-md5
user "joe smith"
password   "x y"  
ntlmdomain DOM
tls
tls_starttls off
tls_trust_file ~/ca.pem
tls_crl_file ~/crl.pem
tls_fingerprint aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd
tls_key_file ~/k
tls_cert_file ~/c
tls_certcheck off
tls_min_dh_prime_bits 512
tls_priorities NORMAL
tls_host_override other.example
delivery maildir ~/Maildir
uidls_file /tmp/u/%U-%H-%%
only_new off
keep
killsize 10k
skipsize 2m
filter cat
account b
host h
timeout off
pipelining on
delivery mda "procmail -d %F"
tls_starttls off
tls on
keep off
killsize 0
account c
socket /tmp/s
delivery exchange ~/ex
proxy_host p
proxy_port 9050
)golden";

constexpr std::string_view kEverySettingPretend =
    R"golden(using account a from /tmp/mpop-golden/all.rc
host = h.example
port = 995
source ip = 10.0.0.1
proxy host = 127.0.0.1
proxy port = 1080
socket = /tmp/sock
timeout = 1 second
pipelining = off
received_header = off
auth = CRAM-MD5
user = joe smith
password = *
passwordeval = (not set)
ntlmdomain = DOM
tls = on
tls_starttls = off
tls_trust_file = /tmp/mpop-golden/ca.pem
tls_crl_file = /tmp/mpop-golden/crl.pem
tls_fingerprint = AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD
tls_key_file = /tmp/mpop-golden/k
tls_cert_file = /tmp/mpop-golden/c
tls_certcheck = off
tls_min_dh_prime_bits = 512
tls_priorities = NORMAL
tls_host_override = other.example
delivery = maildir /tmp/mpop-golden/Maildir
uidls file = /tmp/u/joe smith-h.example-%%
only_new = off
keep = on
killsize = 10240
skipsize = 2097152
filter = cat
using account b from /tmp/mpop-golden/all.rc
host = h
port = 995
source ip = (not set)
proxy host = (not set)
proxy port = 0
socket = (not set)
timeout = off
pipelining = on
received_header = on
auth = choose
user = (not set)
password = (not set)
passwordeval = (not set)
ntlmdomain = (not set)
tls = on
tls_starttls = off
tls_trust_file = system
tls_crl_file = (not set)
tls_fingerprint = (not set)
tls_key_file = (not set)
tls_cert_file = (not set)
tls_certcheck = on
tls_min_dh_prime_bits = (not set)
tls_priorities = (not set)
tls_host_override = (not set)
delivery = mda procmail -d %F
uidls file = /tmp/mpop-golden/.mpop_uidls/_at_h
only_new = on
keep = off
killsize = 0
skipsize = off
filter = (not set)
using account c from /tmp/mpop-golden/all.rc
host = (not set)
port = 110
source ip = (not set)
proxy host = p
proxy port = 9050
socket = /tmp/s
timeout = 180 seconds
pipelining = auto
received_header = on
auth = choose
user = (not set)
password = (not set)
passwordeval = (not set)
ntlmdomain = (not set)
tls = off
tls_starttls = on
tls_trust_file = system
tls_crl_file = (not set)
tls_fingerprint = (not set)
tls_key_file = (not set)
tls_cert_file = (not set)
tls_certcheck = on
tls_min_dh_prime_bits = (not set)
tls_priorities = (not set)
tls_host_override = (not set)
delivery = exchange /tmp/mpop-golden/ex
uidls file = /tmp/mpop-golden/.mpop_uidls/_at_/tmp/s
only_new = on
keep = off
killsize = off
skipsize = off
filter = (not set)
)golden";

// What mpop does for --pretend: finish every account, run passwordeval, format.
std::string Pretend(std::string_view text, const std::string& path,
                    const std::vector<std::string>& names, Purpose purpose) {
  Result<ConfigFile> file = ParseConfig(text, path);
  EXPECT_TRUE(file.has_value()) << file.error().message;
  if (!file) return {};
  std::string out;
  for (const std::string& name : names) {
    const Account* found = FindAccount(*file, name);
    EXPECT_NE(found, nullptr) << name;
    if (found == nullptr) continue;
    Account account = *found;
    Status finished = FinishAccount(account, purpose);
    EXPECT_TRUE(finished.has_value()) << finished.error().message;
    if (!account.password && account.password_eval) account.password = "secret";
    out += FormatPretend(account, purpose != Purpose::kServerInfo);
  }
  return out;
}

class PretendTest : public ::testing::Test {
 protected:
  ScopedEnv home_{"HOME", "/tmp/mpop-golden"};
};

TEST_F(PretendTest, ManualExampleAllAccountsMatchesUpstream) {
  EXPECT_EQ(Pretend(kManualExample, "/tmp/mpop-golden/.mpoprc",
                    {"freemail", "freemail2", "isp", "default"}, Purpose::kRetrieval),
            kManualExamplePretendAll);
}

TEST_F(PretendTest, ManualExampleServerInfoOmitsRetrievalLines) {
  EXPECT_EQ(Pretend(kManualExample, "/tmp/mpop-golden/.mpoprc", {"isp"}, Purpose::kServerInfo),
            kManualExamplePretendServerInfoIsp);
}

TEST_F(PretendTest, EverySettingMatchesUpstream) {
  EXPECT_EQ(Pretend(kEverySetting, "/tmp/mpop-golden/all.rc", {"a", "b", "c"}, Purpose::kRetrieval),
            kEverySettingPretend);
}

// Only the value column of `key = value` for `key`, or "" if the key is missing.
std::string ValueOf(const std::string& block, const std::string& key) {
  std::string prefix = key + " = ";
  std::size_t pos = block.rfind("\n" + prefix);
  if (pos == std::string::npos) {
    if (block.compare(0, prefix.size(), prefix) != 0) return "";
    pos = 0;
  } else {
    pos += 1;
  }
  pos += prefix.size();
  return block.substr(pos, block.find('\n', pos) - pos);
}

Account Finished(Account account, Purpose purpose = Purpose::kRetrieval) {
  Status st = FinishAccount(account, purpose);
  EXPECT_TRUE(st.has_value()) << st.error().message;
  return account;
}

TEST_F(PretendTest, HostAccountHasNoUsingLine) {
  Account account;
  account.host = "pop.example";
  account.delivery = {delivery::FindDeliveryKind("mbox"), "/m"};
  std::string out = FormatPretend(Finished(account), true);
  EXPECT_EQ(out.substr(0, out.find('\n')), "host = pop.example");
  EXPECT_EQ(ValueOf(out, "uidls file"), "/tmp/mpop-golden/.mpop_uidls/_at_pop.example");
}

TEST_F(PretendTest, TimeoutWording) {
  Account account;
  account.host = "h";
  account.timeout_seconds = 0;
  EXPECT_EQ(ValueOf(FormatPretend(Finished(account, Purpose::kServerInfo), false), "timeout"),
            "off");
  account.timeout_seconds = 1;
  EXPECT_EQ(ValueOf(FormatPretend(Finished(account, Purpose::kServerInfo), false), "timeout"),
            "1 second");
  account.timeout_seconds = 2;
  EXPECT_EQ(ValueOf(FormatPretend(Finished(account, Purpose::kServerInfo), false), "timeout"),
            "2 seconds");
}

TEST_F(PretendTest, KeepWording) {
  struct Case {
    std::int64_t seconds;
    std::string text;
  } cases[] = {{0, "off"}, {kKeepForever, "on"}, {129600, "129600 seconds"}, {1, "1 seconds"}};
  for (const Case& c : cases) {
    Account account;
    account.host = "h";
    account.delivery = {delivery::FindDeliveryKind("mda"), "cat"};
    account.keep_seconds = c.seconds;
    EXPECT_EQ(ValueOf(FormatPretend(Finished(account), true), "keep"), c.text) << c.seconds;
  }
}

TEST_F(PretendTest, EmptyPasswordStillPrintsAsterisk) {
  Account account;
  account.host = "h";
  account.password = "";
  EXPECT_EQ(ValueOf(FormatPretend(Finished(account, Purpose::kServerInfo), false), "password"),
            "*");
}

TEST_F(PretendTest, EmptyTrustFileIsNotSet) {
  Account account;
  account.host = "h";
  account.tls_trust_file = "";
  EXPECT_EQ(
      ValueOf(FormatPretend(Finished(account, Purpose::kServerInfo), false), "tls_trust_file"),
      "(not set)");
}

TEST_F(PretendTest, RetrievalLinesOnlyWhenAsked) {
  Account account;
  account.host = "h";
  std::string out = FormatPretend(Finished(account, Purpose::kStatusOnly), false);
  EXPECT_EQ(out.find("delivery"), std::string::npos);
  EXPECT_EQ(out.substr(out.rfind('\n', out.size() - 2) + 1), "tls_host_override = (not set)\n");
  out = FormatPretend(Finished(account, Purpose::kStatusOnly), true);
  EXPECT_EQ(ValueOf(out, "delivery"), "(not set)");
  EXPECT_EQ(out.substr(out.rfind('\n', out.size() - 2) + 1), "filter = (not set)\n");
}

}  // namespace
}  // namespace mpop::config
