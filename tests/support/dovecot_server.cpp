#include "support/dovecot_server.hpp"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "support/loopback.hpp"
#include "support/wait_until.hpp"

namespace mpop::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kStartAttempts = 5;
constexpr std::chrono::milliseconds kStopGrace{100};

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Status WriteWhole(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Error::IoErr("cannot write " + path);
  return {};
}

Status MakeDir(const std::string& path, uid_t uid, gid_t gid) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) return Error::IoErr("cannot create " + path + ": " + error.message());
  if (::chown(path.c_str(), uid, gid) != 0 || ::chmod(path.c_str(), 0755) != 0)
    return Error::IoErr("cannot set owner of " + path + ": " + ErrnoText(errno));
  return {};
}

// Login processes and mail access run as nobody, which must reach the instance directory.
Status CheckTraversable(const fs::path& dir) {
  for (fs::path p = dir.parent_path(); !p.empty() && p != p.root_path(); p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0 || (st.st_mode & S_IXOTH) == 0)
      return Error::Config("Dovecot test instance: " + p.string() +
                           " is not traversable by nobody (set TMPDIR elsewhere)");
  }
  return {};
}

std::string DefaultScriptsDir() {
  // This file is tests/support/dovecot_server.cpp; the scripts are beside support/.
  return (fs::path(__FILE__).parent_path().parent_path() / "scripts").string();
}

std::string TlsConf(const std::string& dir) {
  return "ssl = yes\n"
         "ssl_cert = <" +
         dir +
         "/certs/server.crt\n"
         "ssl_key = <" +
         dir +
         "/certs/server.key\n"
         "ssl_ca = <" +
         dir +
         "/certs/ca.crt\n"
         "ssl_min_protocol = TLSv1.2\n"
         "ssl_verify_client_cert = yes\n"
         "# the test CA has no CRL; without this no client certificate counts as valid\n"
         "ssl_require_crl = no\n"
         "auth_ssl_username_from_cert = yes\n"
         "# EXTERNAL: the certificate's CN is the user, there is no password to compare\n"
         "passdb {\n"
         "  driver = static\n"
         "  args = nopassword=y\n"
         "  mechanisms = external\n"
         "}\n";
}

std::string DovecotConf(const DovecotOptions& options, const std::string& dir, uint16_t pop3_port,
                        uint16_t pop3s_port) {
  std::string conf =
      "# private test instance written by tests/support/dovecot_server.cpp\n"
      "instance_name = mpop-test-" +
      fs::path(dir).filename().string() +
      "\n"
      "protocols = pop3\n"
      "listen = 127.0.0.1\n"
      "base_dir = " +
      dir +
      "/run\n"
      "state_dir = " +
      dir +
      "/state\n"
      "log_path = " +
      dir +
      "/dovecot.log\n"
      "# root may run everything but the login processes ('must not be run as root')\n"
      "# and mail access ('userdb returned 0 as uid'): those use nobody/nogroup\n"
      "default_internal_user = root\n"
      "default_internal_group = root\n"
      "default_login_user = nobody\n"
      "mail_location = maildir:" +
      dir +
      "/mail/%u\n"
      "disable_plaintext_auth = no\n"
      "auth_mechanisms = plain login cram-md5 digest-md5 scram-sha-1 scram-sha-256 apop "
      "external oauthbearer xoauth2\n"
      "auth_verbose = yes\n"
      "# failed logins answer at once instead of after 2 s\n"
      "auth_failure_delay = 0\n"
      "pop3_uidl_format = %08Xu%08Xv\n";
  conf += options.tls ? TlsConf(dir) : "ssl = no\n";
  conf +=
      "passdb {\n"
      "  driver = passwd-file\n"
      "  args = scheme=PLAIN username_format=%u " +
      dir +
      "/users\n"
      "}\n"
      "userdb {\n"
      "  driver = passwd-file\n"
      "  args = username_format=%u " +
      dir +
      "/users\n"
      "  default_fields = uid=nobody gid=nogroup\n"
      "}\n"
      "service pop3-login {\n"
      "  inet_listener pop3 {\n"
      "    address = 127.0.0.1\n"
      "    port = " +
      std::to_string(pop3_port) +
      "\n"
      "  }\n"
      "  inet_listener pop3s {\n"
      "    address = 127.0.0.1\n"
      "    port = " +
      std::to_string(pop3s_port) +
      "\n"
      "    ssl = yes\n"
      "  }\n"
      "}\n"
      "service imap-login {\n"
      "  inet_listener imap {\n"
      "    port = 0\n"
      "  }\n"
      "  inet_listener imaps {\n"
      "    port = 0\n"
      "  }\n"
      "}\n";
  if (options.pop3_no_flag_updates) conf += "pop3_no_flag_updates = yes\n";
  if (!options.login_greeting.empty()) conf += "login_greeting = " + options.login_greeting + "\n";
  for (const auto& line : options.extra_conf) conf += line + "\n";
  return conf;
}

bool PortCollision(const std::string& log) {
  return log.find("Address already in use") != std::string::npos;
}

}  // namespace

DovecotServer::DovecotServer() = default;

DovecotServer::~DovecotServer() { Stop(); }

std::string DovecotServer::maildir_of(std::string_view user) const {
  return dir_ + "/mail/" + std::string(user);
}

Status DovecotServer::Start(DovecotOptions options) {
  MPOP_TRY(RequireExecutable(kBinary));
  MPOP_TRY(RequireRoot("a private Dovecot instance runs its master as root"));
  const passwd* nobody = ::getpwnam("nobody");
  const group* nogroup = ::getgrnam("nogroup");
  if (nobody == nullptr || nogroup == nullptr)
    return Error::Unavailable("component missing: user nobody or group nogroup");
  mail_uid_ = nobody->pw_uid;
  mail_gid_ = nogroup->gr_gid;

  temp_dir_ = std::make_unique<ScopedTempDir>();
  dir_ = temp_dir_->path().string();
  MPOP_TRY(CheckTraversable(temp_dir_->path()));
  MPOP_TRY(Prepare(options));
  Status launched = Error::Software("not started");
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    launched = Launch(options);
    if (launched || !PortCollision(Log())) break;
  }
  return launched;
}

Status DovecotServer::Prepare(const DovecotOptions& options) {
  if (::chmod(dir_.c_str(), 0755) != 0)
    return Error::IoErr("chmod " + dir_ + ": " + ErrnoText(errno));
  for (const char* sub : {"/run", "/state", "/mail", "/home"}) MPOP_TRY(MakeDir(dir_ + sub, 0, 0));
  if (options.tls) {
    std::string scripts = options.scripts_dir.empty() ? DefaultScriptsDir() : options.scripts_dir;
    auto made = RunCommand({.argv = {scripts + "/mkcerts.sh", dir_ + "/certs"}});
    if (!made) return std::move(made).error();
    if (!made->ok()) return Error::Software("mkcerts.sh failed: " + made->Describe());
  }
  std::string users;
  for (const DovecotUser& user : options.users) {
    users += user.name + ":{PLAIN}" + user.password + "::::" + dir_ + "/home/" + user.name + "::\n";
    MPOP_TRY(MakeDir(dir_ + "/home/" + user.name, mail_uid_, mail_gid_));
    for (const char* sub : {"", "/cur", "/new", "/tmp"})
      MPOP_TRY(MakeDir(maildir_of(user.name) + sub, mail_uid_, mail_gid_));
    for (const std::string& mail : user.mails) MPOP_TRY(WriteMail(user.name, mail));
  }
  return WriteWhole(dir_ + "/users", users);
}

Status DovecotServer::Launch(const DovecotOptions& options) {
  Stop();
  auto pop3 = PickFreePort();
  if (!pop3) return std::move(pop3).error();
  pop3_port_ = *pop3;
  pop3s_port_ = 0;
  if (options.tls) {
    auto pop3s = PickFreePort();
    if (!pop3s) return std::move(pop3s).error();
    pop3s_port_ = *pop3s;
  }
  MPOP_TRY(WriteWhole(conf_path(), DovecotConf(options, dir_, pop3_port_, pop3s_port_)));
  // A fresh log per attempt, so a retry decision sees only this attempt's errors.
  MPOP_TRY(WriteWhole(dir_ + "/dovecot.log", ""));
  MPOP_TRY(WriteWhole(dir_ + "/master.out", ""));
  auto master =
      BackgroundProcess::Start({.argv = {kBinary, "-F", "-c", conf_path()}}, dir_ + "/master.out");
  if (!master) return std::move(master).error();
  master_.emplace(std::move(*master));

  auto alive = [this] { return master_->Running(); };
  auto greeting = WaitForGreeting(pop3_port_, options.start_timeout, alive);
  if (greeting && greeting->rfind("+OK", 0) != 0)
    greeting = Error::Protocol("unexpected greeting \"" + *greeting + "\"");
  if (greeting && pop3s_port_ != 0) {
    auto pop3s_connection = ConnectLoopback(pop3s_port_);
    if (!pop3s_connection) greeting = std::move(pop3s_connection).error();
  }
  if (!greeting) {
    Stop();
    return Error::Software("Dovecot did not start: " + greeting.error().message + "\n--- log of " +
                           dir_ + " ---\n" + Log());
  }
  return {};
}

void DovecotServer::Stop() {
  if (!master_) return;
  // SIGTERM to the whole group usually ends Dovecot in a few milliseconds (the master
  // alone would wait about a second for its children). Right after Start() a login
  // process still busy with the readiness check can hold the master up for seconds,
  // hence the short grace before SIGKILL; the log is complete either way in practice.
  master_->Stop(SIGTERM, kStopGrace);
  master_.reset();
}

Status DovecotServer::WriteMail(const std::string& user, std::string_view mail) {
  // Names sort like Dovecot orders new mails: seconds, then the microsecond part.
  char name[64];
  std::snprintf(name, sizeof name, "%u.M%06uP1.mpoptest", 1'000'000'000 + next_mail_, next_mail_);
  ++next_mail_;
  const std::string tmp = maildir_of(user) + "/tmp/" + name;
  const std::string target = maildir_of(user) + "/new/" + name;
  MPOP_TRY(WriteWhole(tmp, mail));
  if (::chown(tmp.c_str(), mail_uid_, mail_gid_) != 0 || ::chmod(tmp.c_str(), 0600) != 0 ||
      ::rename(tmp.c_str(), target.c_str()) != 0)
    return Error::IoErr("cannot store mail " + target + ": " + ErrnoText(errno));
  return {};
}

Status DovecotServer::AddMail(std::string_view user, std::string_view mail) {
  if (!fs::is_directory(maildir_of(user) + "/new"))
    return Error::Usage("no maildir for user " + std::string(user));
  return WriteMail(std::string(user), mail);
}

namespace {

// Mail files of a maildir (new/ and cur/), sorted by name.
std::vector<fs::path> MailFiles(const std::string& maildir) {
  std::vector<fs::path> files;
  for (const char* sub : {"/new", "/cur"}) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(maildir + sub, error))
      if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  return files;
}

}  // namespace

std::vector<std::string> DovecotServer::Mails(std::string_view user) const {
  std::vector<std::string> mails;
  for (const auto& file : MailFiles(maildir_of(user))) mails.push_back(ReadWhole(file.string()));
  return mails;
}

std::size_t DovecotServer::CountMails(std::string_view user) const {
  return MailFiles(maildir_of(user)).size();
}

bool DovecotServer::WaitForLog(std::string_view text, std::chrono::milliseconds timeout) const {
  // The log process writes asynchronously and offers nothing to wait on but the file.
  return WaitUntil([&] { return Log().find(text) != std::string::npos; }, timeout);
}

std::string DovecotServer::Log() const {
  return ReadWhole(dir_ + "/dovecot.log") + ReadWhole(dir_ + "/master.out");
}

}  // namespace mpop::testing
