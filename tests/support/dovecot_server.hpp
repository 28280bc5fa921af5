#pragma once
// DovecotServer: a private Dovecot 2.3 POP3 server on 127.0.0.1 for integration tests.
//
// Everything lives in a fresh ScopedTempDir: dovecot.conf, the passwd-file, run/ (sockets,
// master.pid), state/, the log, certs/ and one maildir per user. /etc/dovecot is never
// read. The master runs as root in the foreground (`dovecot -F`) as our child, in its own
// process group; internal processes run as root (default_internal_user = root), login
// processes and mail access as nobody/nogroup, so no packaged dovecot/dovenull users are
// needed. Maildirs are owned by nobody:nogroup and the instance directory is mode 755.
//
// Fixed settings: listen on 127.0.0.1 only (imap listeners port 0), passwords stored as
// {PLAIN} (so every mechanism works, APOP included), disable_plaintext_auth = no,
// pop3_uidl_format = %08Xu%08Xv, auth_failure_delay = 0 (tests need no brute-force
// protection; override with extra_conf to test it), auth_mechanisms plain login cram-md5 digest-md5
// scram-sha-1 scram-sha-256 apop external oauthbearer xoauth2. OAUTHBEARER/XOAUTH2 tokens
// are checked like passwords (Dovecot 2.3 passdb behaviour): give a user the token as
// password. Dovecot signals APOP only by the <...> timestamp in its greeting.
//
// Typical use:
//   DovecotServer server;
//   MPOP_REQUIRE(server.Start({.users = {{"alice", "alicepw", MakeMails(3, {})}}}));
//   ... connect to server.pop3_port() ...
//   EXPECT_EQ(server.CountMails("alice"), 0u);

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "util/result.hpp"

namespace mpop::testing {

struct DovecotUser {
  std::string name{};      // no ':' (passwd-file syntax)
  std::string password{};  // no ':' or newline; also the OAUTHBEARER/XOAUTH2 token
  // Stored in new/ in this order, byte for byte; Dovecot gives them UIDs (and so POP3
  // message numbers) in this order. See mail_factory.hpp for the line-end rules.
  std::vector<std::string> mails{};
};

struct DovecotOptions {
  std::vector<DovecotUser> users{};
  // STLS on the POP3 port and a pop3s port, with certificates from tests/scripts/mkcerts.sh
  // (ca_cert(), server cert for localhost/127.0.0.1). The server asks for a client
  // certificate and accepts SASL EXTERNAL for client_cert() (CN=alice); clients without a
  // certificate can still connect.
  bool tls = false;
  // pop3_no_flag_updates = yes: RETR/TOP do not mark mails as seen (no move to cur/).
  bool pop3_no_flag_updates = false;
  // login_greeting; empty keeps Dovecot's "Dovecot (Debian) ready.".
  std::string login_greeting{};
  // Appended verbatim to dovecot.conf (later settings win), e.g.
  // "pop3_client_workarounds = outlook-no-nuls" or "auth_debug = yes".
  std::vector<std::string> extra_conf{};
  // Start fails (with the log) if the server does not greet within this time.
  std::chrono::milliseconds start_timeout{std::chrono::seconds(10)};
  // Directory holding mkcerts.sh; empty: tests/scripts/ of the source tree this file was
  // compiled from.
  std::string scripts_dir{};
};

class DovecotServer {
 public:
  static constexpr const char* kBinary = "/usr/sbin/dovecot";

  DovecotServer();
  ~DovecotServer();  // Stop()
  DovecotServer(const DovecotServer&) = delete;
  DovecotServer& operator=(const DovecotServer&) = delete;

  // Creates the instance and starts it; returns once the POP3 port has sent its greeting
  // (and the pop3s port accepts connections). Ports are picked automatically; a port
  // taken by someone else in between is retried with new ports. Errors: kUnavailable
  // (skip: dovecot not installed, or not running as root), anything else with the
  // Dovecot log in the message. Call once per object.
  Status Start(DovecotOptions options);
  // SIGTERM to the master's process group (the master is our child, its pid is also in
  // run/master.pid), waits up to 0.1 s, then SIGKILLs what is left. Idempotent; the
  // maildirs and the log stay readable until the object is destroyed.
  void Stop();

  uint16_t pop3_port() const { return pop3_port_; }
  uint16_t pop3s_port() const { return pop3s_port_; }  // 0 without tls
  const std::string& dir() const { return dir_; }
  std::string conf_path() const { return dir_ + "/dovecot.conf"; }
  std::string ca_cert() const { return dir_ + "/certs/ca.crt"; }
  std::string client_cert() const { return dir_ + "/certs/client.crt"; }
  std::string client_key() const { return dir_ + "/certs/client.key"; }
  std::string maildir_of(std::string_view user) const;

  // Adds a mail to the end of the user's mailbox while the server runs (written to tmp/,
  // renamed into new/, owned by nobody). The next POP3 session sees it.
  Status AddMail(std::string_view user, std::string_view mail);
  // Mails left on the server: files in new/ and cur/.
  std::size_t CountMails(std::string_view user) const;
  // Their contents, in delivery order (by file name, whose prefix is a sequence number).
  std::vector<std::string> Mails(std::string_view user) const;
  // dovecot.log plus the master's own stdout/stderr (early fatal errors go there).
  std::string Log() const;
  // Dovecot's log process writes a little after the event: waits until Log() contains
  // text, up to timeout. False if it never appeared.
  bool WaitForLog(std::string_view text,
                  std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

 private:
  Status Prepare(const DovecotOptions& options);
  Status Launch(const DovecotOptions& options);
  Status WriteMail(const std::string& user, std::string_view mail);

  std::unique_ptr<ScopedTempDir> temp_dir_;
  std::string dir_;
  uint16_t pop3_port_ = 0;
  uint16_t pop3s_port_ = 0;
  uid_t mail_uid_ = 0;
  gid_t mail_gid_ = 0;
  unsigned next_mail_ = 0;
  std::optional<BackgroundProcess> master_;
};

}  // namespace mpop::testing
