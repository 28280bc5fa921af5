// mpop against a real Dovecot, delivering to mbox (read back with Python's mailbox module
// as an independent reader), through real MDAs (procmail, maildrop), into an Exchange
// pickup directory; header filters with every exit code, keep and %F/%S; failing MDAs;
// a locked mbox; --mda mode.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "client/mda_mode.hpp"
#include "support/dovecot_server.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kPython[] = "/usr/bin/python3";
constexpr char kProcmail[] = "/usr/bin/procmail";
constexpr char kMaildrop[] = "/usr/bin/maildrop";

// Prints every message of an mbox as "<length>\n<bytes>", MBOXRD-unquoted, using Python's
// mailbox module to split the file: an mbox reader that is not ours.
constexpr char kMboxReader[] = R"PY(
import mailbox, re, sys
box = mailbox.mbox(sys.argv[1], create=False)
out = sys.stdout.buffer
for key in box.keys():
    data = box.get_bytes(key)
    lines = data.split(b'\n')
    lines = [l[1:] if re.match(rb'^>+From ', l) else l for l in lines]
    data = b'\n'.join(lines)
    out.write(b'%d\n' % len(data) + data)
out.write(b'FROMLINES\n')
for key in box.keys():
    out.write(box.get_message(key).get_from().encode('latin-1') + b'\n')
)PY";

struct MboxContents {
  std::vector<std::string> mails;
  std::vector<std::string> from_lines;  // without "From "
};

// The 200 tricky mails of the round trips: "From " and dot lines, 8-bit text, a long
// line of 2 MiB, lines over 8 KiB, a last line without newline, CRLF line ends, and a
// Return-Path for the envelope sender.
std::vector<std::string> TrickyMails() {
  MailOptions options{
      .seed = 11, .size = 1500, .from_lines = true, .dot_lines = true, .eight_bit = true};
  std::vector<std::string> mails = MakeMails(200, options);
  mails[3] = MakeMail({.seed = 12, .size = 40000, .long_lines = true}, 4);
  mails[5] = MakeMail({.seed = 12, .size = 700, .from_lines = true, .no_final_newline = true}, 6);
  mails[8] = MakeMail({.seed = 12, .size = 900, .crlf = true, .from_lines = true}, 9);
  mails[10] = "Return-Path: <sender@example.org>\n" + MakeMail({.seed = 12, .size = 600}, 11);
  mails[12] = MakeMail({.seed = 12, .size = 600}, 13) + "From the end\n>From\n";
  mails[14] = "Subject: a 2 MiB line\n\n" + std::string(2 << 20, 'L') + "\n";
  mails[16] = "Subject: ends in From\n\nFrom ";
  return mails;
}

class DeliveryTest : public ::testing::Test {
 protected:
  Status StartServer(std::vector<std::string> mails) {
    DovecotOptions options;
    options.users.push_back({"alice", "alicepw", std::move(mails)});
    return server_.Start(std::move(options));
  }
  // An account with the given delivery line (it comes after DovecotAccount's maildir line
  // and so wins).
  void Configure(const std::string& delivery, const std::string& extra = "") {
    home_.WriteConfig(DovecotAccount("default", server_.pop3_port(), "alice", "alicepw",
                                     unused_maildir_, delivery + "\n" + extra));
  }

  Result<MboxContents> ReadMbox(const std::string& path) {
    const std::string script = dir_.File("read_mbox.py");
    WriteFile(script, kMboxReader);
    auto run = RunCommand({.argv = {kPython, script, path}});
    if (!run) return std::move(run).error();
    if (!run->ok()) return Error::IoErr("python mailbox reader failed: " + run->Describe());
    MboxContents contents;
    std::string_view out = run->out;
    for (;;) {
      std::size_t newline = out.find('\n');
      if (newline == std::string_view::npos) return Error::DataErr("bad reader output");
      std::string_view head = out.substr(0, newline);
      out.remove_prefix(newline + 1);
      if (head == "FROMLINES") break;
      std::size_t length = std::stoul(std::string(head));
      contents.mails.emplace_back(out.substr(0, length));
      out.remove_prefix(length);
    }
    while (!out.empty()) {
      std::size_t newline = out.find('\n');
      contents.from_lines.emplace_back(out.substr(0, newline));
      out.remove_prefix(newline + 1);
    }
    return contents;
  }

  // Files named by mpop (maildir, exchange) in delivery order: by time, then by the
  // per-process sequence number after "P<pid>Q".
  static std::vector<std::string> DeliveredFiles(const std::string& dir) {
    std::vector<std::string> files = FilesIn(dir);
    auto key = [](const std::string& path) {
      static const std::regex kParts(R"((\d+)[.-]M\d+P\d+Q(\d+))");
      std::smatch match;
      std::string name = fs::path(path).filename().string();
      if (!std::regex_search(name, match, kParts)) return std::make_pair(0L, 0L);
      return std::make_pair(std::stol(match[1]), std::stol(match[2]));
    };
    std::sort(files.begin(), files.end(),
              [&](const std::string& a, const std::string& b) { return key(a) < key(b); });
    return files;
  }

  ScopedTempDir dir_;
  DovecotServer server_;
  MpopHome home_;
  std::string unused_maildir_ = home_.MakeMaildir("unused");
};

TEST_F(DeliveryTest, MboxRoundTripReadBackByPython) {
  MPOP_REQUIRE(RequireExecutable(kPython));
  const std::vector<std::string> mails = TrickyMails();
  MPOP_REQUIRE(StartServer(mails));
  const std::string mbox = dir_.File("mbox");
  WriteFile(mbox, "");
  Configure("delivery mbox " + mbox);
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(server_.CountMails("alice"), 0u);

  auto contents = ReadMbox(mbox);
  ASSERT_TRUE(contents) << contents.error().message;
  ASSERT_EQ(contents->mails.size(), mails.size());
  for (std::size_t i = 0; i < mails.size(); ++i) {
    // Python drops the empty line that ends each mail.
    EXPECT_TRUE(DeliveredMatches(contents->mails[i], mails[i])) << "mail " << i + 1;
  }
  for (std::size_t i = 0; i < mails.size(); ++i) {
    const std::string sender = i == 10 ? "sender@example.org" : "MAILER-DAEMON";
    EXPECT_EQ(contents->from_lines[i].substr(0, sender.size() + 1), sender + " ");
  }
  const std::string before = ReadFile(mbox);
  EXPECT_TRUE(before.ends_with("\n\n"));
  // A second run appends nothing.
  run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(ReadFile(mbox), before);
}

TEST_F(DeliveryTest, ExchangePickupRoundTrip) {
  const std::vector<std::string> mails = TrickyMails();
  MPOP_REQUIRE(StartServer(mails));
  const std::string pickup = dir_.File("pickup");
  fs::create_directory(pickup);
  Configure("delivery exchange " + pickup);
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  std::vector<std::string> files = DeliveredFiles(pickup);
  ASSERT_EQ(files.size(), mails.size());
  for (std::size_t i = 0; i < mails.size(); ++i) {
    const std::string name = fs::path(files[i]).filename().string();
    EXPECT_TRUE(name.starts_with("mpop-") && name.ends_with(".eml")) << name;
    const std::string data = ReadFile(files[i]);
    // Every line end is CRLF.
    EXPECT_EQ(ToCrlf(ToLf(data)), data) << name;
    EXPECT_TRUE(DeliveredMatches(ToLf(data), mails[i])) << "mail " << i + 1;
  }
}

// Prepares DIR for a real MDA delivering into the maildir DIR/md (as the recipes of
// COMPONENTS.md 3.5 do) and returns the `delivery mda` command.
std::string MdaCommand(const std::string& kind, const std::string& dir) {
  for (const char* sub : {"", "/md", "/md/cur", "/md/new", "/md/tmp"}) {
    fs::create_directory(dir + sub);
  }
  if (kind == "procmail") {
    // -m: this rc file only, never a fall-back to /var/mail. procmail refuses an rc file
    // others can write to.
    WriteFile(dir + "/procmailrc",
              "SHELL=/bin/sh\nMAILDIR=" + dir + "\nLOGFILE=" + dir + "/procmail.log\n:0\nmd/\n");
    fs::permissions(dir + "/procmailrc", fs::perms::owner_read | fs::perms::owner_write);
    return std::string(kProcmail) + " -f '%F' -m " + dir + "/procmailrc";
  }
  WriteFile(dir + "/mailfilter", "to \"" + dir + "/md/\"\n");
  fs::permissions(dir + "/mailfilter", fs::perms::owner_read | fs::perms::owner_write);
  return std::string(kMaildrop) + " -f '%F' " + dir + "/mailfilter";
}

class MdaRoundTripTest : public DeliveryTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(MdaRoundTripTest, EveryMailArrivesOnce) {
  const std::string kind = GetParam();
  MPOP_REQUIRE(RequireExecutable(kind == "procmail" ? kProcmail : kMaildrop));
  const std::vector<std::string> mails = TrickyMails();
  MPOP_REQUIRE(StartServer(mails));
  const std::string mda_dir = dir_.File(kind);
  const std::string command = MdaCommand(kind, mda_dir);
  ASSERT_FALSE(command.empty());
  Configure("delivery mda " + command);
  RunResult run = home_.Run({"-q"}, std::chrono::seconds(300));
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(server_.CountMails("alice"), 0u);
  std::vector<std::string> files = FilesIn(mda_dir + "/md/new");
  ASSERT_EQ(files.size(), mails.size());
  // MDAs name files their own way; match each original by its Message-ID/Subject line.
  std::vector<std::string> delivered;
  for (const std::string& file : files) delivered.push_back(ReadFile(file));
  for (std::size_t i = 0; i < mails.size(); ++i) {
    auto found = std::find_if(delivered.begin(), delivered.end(),
                              [&](const std::string& d) { return DeliveredMatches(d, mails[i]); });
    EXPECT_NE(found, delivered.end()) << "mail " << i + 1 << " not delivered intact";
  }
}

INSTANTIATE_TEST_SUITE_P(RealMdas, MdaRoundTripTest, ::testing::Values("procmail", "maildrop"));

TEST_F(DeliveryTest, HostileSenderRunsNothingAndWritesNowhere) {
  const std::vector<std::string> senders = {
      "<$(touch pwned1)x@y>",     "<`touch pwned2`@y>", "<x';touch pwned3;'@y>",
      "<-oQ/tmp/../../pwned4@y>", "<a|touch pwned5>",   "\"q\\\"uote\" <\"$(touch pwned6)\"@y>"};
  std::vector<std::string> mails;
  for (const std::string& sender : senders) {
    mails.push_back("Return-Path: " + sender + "\nSubject: hostile\n\nbody\n");
  }
  MPOP_REQUIRE(StartServer(mails));
  const std::string work = dir_.File("work");
  fs::create_directory(work);
  Configure("delivery mda cd " + work + " && printf '%s\\n' '%F' >> senders; cat > /dev/null");
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  const std::string log = ReadFile(work + "/senders");
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), static_cast<long>(senders.size())) << log;
  for (char c : log) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) ||
                std::string(".@_+/-\n").find(c) != std::string::npos)
        << log;
  }
  EXPECT_EQ(log.find(".."), std::string::npos) << log;
  for (std::size_t i = 1; i <= senders.size(); ++i) {
    EXPECT_FALSE(fs::exists(work + "/pwned" + std::to_string(i)));
    EXPECT_FALSE(fs::exists(home_.home() + "/pwned" + std::to_string(i)));
  }
  EXPECT_FALSE(fs::exists("/tmp/pwned4"));
}

// An MDA that fails, is killed or does not read: the mail stays on the server, nothing is
// recorded, the error is clear; the next run with a working MDA delivers it once.
TEST_F(DeliveryTest, FailingMdaKeepsTheMailOnTheServer) {
  const std::string big = "Subject: big\n\n" + std::string(1 << 20, 'b') + "\n";
  MPOP_REQUIRE(StartServer({"Subject: one\n\nbody\n", big}));
  const std::string out = dir_.File("out");
  struct Case {
    std::string command;
    std::string why;
    int exit_code;
  };
  const std::vector<Case> cases = {
      {"cat >/dev/null; exit 75", "exit status 75 (EX_TEMPFAIL: temporary failure)", 75},
      {"cat >/dev/null; exit 1", "exit status 1", 74},
      {"cat >/dev/null; kill -9 $$", "killed by signal 9 (Killed)", 74},
      {"exit 0", "the MDA did not read the mail", 74},  // mail 1 fits the pipe; mail 2 not
  };
  for (const Case& c : cases) {
    Configure("delivery mda " + c.command);
    RunResult run = home_.Run({"-q"});
    EXPECT_EQ(run.exit_code, c.exit_code) << c.command << ": " << run.Describe();
    EXPECT_NE(run.err.find("delivery to MDA '" + c.command + "' failed: " + c.why),
              std::string::npos)
        << run.err;
    if (c.command != "exit 0") {
      EXPECT_EQ(server_.CountMails("alice"), 2u) << c.command;
    }
  }
  // The "exit 0" case may have swallowed mail 1 (it fits into the pipe); mail 2 must stay.
  const std::size_t left = server_.CountMails("alice");
  EXPECT_GE(left, 1u);
  Configure("delivery mda cat >> " + out);
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(server_.CountMails("alice"), 0u);
  const std::string delivered = ReadFile(out);
  EXPECT_EQ(delivered.find(std::string(1 << 20, 'b')) != std::string::npos, true);
  // Delivered once: a second run adds nothing.
  run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(ReadFile(out), delivered);
}

TEST_F(DeliveryTest, LockedMboxWaitsThenFailsWithNothingWritten) {
  MPOP_REQUIRE(StartServer({"Subject: one\n\nbody\n"}));
  const std::string mbox = dir_.File("mbox");
  WriteFile(mbox, "From old Thu Jan  1 00:00:00 1970\nold\n\n");
  Configure("delivery mbox " + mbox);
  int ready[2], release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  pid_t holder = fork();
  if (holder == 0) {
    close(ready[0]);
    close(release[1]);
    int fd = open(mbox.c_str(), O_WRONLY);
    struct flock lock = {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    char c = fcntl(fd, F_SETLK, &lock) == 0 ? 'y' : 'n';
    (void)!write(ready[1], &c, 1);
    (void)!read(release[0], &c, 1);
    _exit(0);
  }
  close(ready[1]);
  close(release[0]);
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  const auto start = std::chrono::steady_clock::now();
  RunResult run = home_.Run({"-q"});
  const auto waited = std::chrono::steady_clock::now() - start;
  close(release[1]);
  waitpid(holder, nullptr, 0);
  EXPECT_EQ(run.exit_code, 74) << run.Describe();
  EXPECT_NE(run.err.find("cannot lock mbox file " + mbox +
                         ": locked by another process; gave up after 10 seconds"),
            std::string::npos)
      << run.err;
  EXPECT_GE(waited, std::chrono::seconds(10));
  EXPECT_EQ(ReadFile(mbox), "From old Thu Jan  1 00:00:00 1970\nold\n\n");
  EXPECT_EQ(server_.CountMails("alice"), 1u);
}

// Mails whose X-Exit header tells the filter what to answer.
std::vector<std::string> FilterMails() {
  return {"X-Exit: 0\nReturn-Path: <a@example.org>\nSubject: m1\n\nbody\n",
          "X-Exit: 1\nSubject: m2\n\nbody\n", "X-Exit: 2\nSubject: m3\n\nbody\n",
          "X-Exit: 0\nSubject: m4\n\nbody\n"};
}

constexpr char kFilter[] = "filter exit $(sed -n 's/^X-Exit: //p')\n";

TEST_F(DeliveryTest, FilterRetrievesDeletesAndSkips) {
  MPOP_REQUIRE(StartServer(FilterMails()));
  const std::string maildir = home_.MakeMaildir("Mail");
  Configure("delivery maildir " + maildir, kFilter);
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  std::vector<std::string> files = DeliveredFiles(maildir + "/new");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_TRUE(DeliveredMatches(ReadFile(files[0]), FilterMails()[0]));
  EXPECT_TRUE(DeliveredMatches(ReadFile(files[1]), FilterMails()[3]));
  // m2 deleted, m3 skipped (still there, not recorded: filtered again next time).
  ASSERT_EQ(server_.CountMails("alice"), 1u);
  EXPECT_NE(server_.Mails("alice")[0].find("Subject: m3"), std::string::npos);
  run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(server_.CountMails("alice"), 1u);
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 2u);
  // Without the filter the skipped mail is retrieved.
  run = home_.Run({"-q", "--filter="});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(server_.CountMails("alice"), 0u);
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 3u);
}

TEST_F(DeliveryTest, FilterDeleteWithKeepRecordsButLeavesTheMail) {
  MPOP_REQUIRE(StartServer(FilterMails()));
  const std::string maildir = home_.MakeMaildir("Mail");
  Configure("delivery maildir " + maildir, std::string(kFilter) + "keep on\n");
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(FilesIn(maildir + "/new").size(), 2u);
  EXPECT_EQ(server_.CountMails("alice"), 4u);
  // m2 is recorded as seen (not filtered again); m3 is not.
  const std::string log = dir_.File("filtered");
  Configure("delivery maildir " + maildir,
            "filter sed -n 's/^Subject: //p' >> " + log + "; exit 2\nkeep on\n");
  run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(ReadFile(log), "m3\n");
}

TEST_F(DeliveryTest, FilterErrorAbortsBeforeAnyRetrieval) {
  MPOP_REQUIRE(StartServer(FilterMails()));
  const std::string maildir = home_.MakeMaildir("Mail");
  Configure("delivery maildir " + maildir, "filter cat >/dev/null; exit 3\n");
  RunResult run = home_.Run({"-q"});
  EXPECT_EQ(run.exit_code, 74) << run.Describe();
  EXPECT_NE(run.err.find("filter 'cat >/dev/null; exit 3' failed for message 1: exit status 3"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(FilesIn(maildir + "/new").empty());
  EXPECT_EQ(server_.CountMails("alice"), 4u);
}

TEST_F(DeliveryTest, FilterGetsSenderAndSize) {
  MPOP_REQUIRE(StartServer(FilterMails()));
  const std::string maildir = home_.MakeMaildir("Mail");
  const std::string log = dir_.File("log");
  Configure("delivery maildir " + maildir,
            "filter printf '%s %s\\n' '%F' '%S' >> " + log + "; exit 2\n");
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  // LIST sizes count CRLF line ends.
  EXPECT_EQ(ReadFile(log),
            "a@example.org " + std::to_string(ToCrlf(FilterMails()[0]).size()) + "\n" +
                "MAILER-DAEMON " + std::to_string(ToCrlf(FilterMails()[1]).size()) + "\n" +
                "MAILER-DAEMON " + std::to_string(ToCrlf(FilterMails()[2]).size()) + "\n" +
                "MAILER-DAEMON " + std::to_string(ToCrlf(FilterMails()[3]).size()) + "\n");
}

TEST_F(DeliveryTest, KillsizeZeroWithKeepMarksEverythingSeen) {
  MPOP_REQUIRE(StartServer(MakeMails(5, {})));
  const std::string maildir = home_.MakeMaildir("Mail");
  Configure("delivery maildir " + maildir, "killsize 0\nkeep on\n");
  RunResult run = home_.Run({"-q"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_TRUE(FilesIn(maildir + "/new").empty());
  EXPECT_EQ(server_.CountMails("alice"), 5u);
  // Without killsize, nothing is new any more.
  run = home_.Run({"-q", "--killsize=off"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_TRUE(FilesIn(maildir + "/new").empty());
  EXPECT_EQ(server_.CountMails("alice"), 5u);
}

// --mda: the real binary reads one mail from stdin.
RunResult RunMda(const MpopHome& home, const std::vector<std::string>& args,
                 const std::string& mail) {
  Command command;
  command.argv = {MPOP_BIN};
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.env = {{"HOME", home.home()}};
  return RunToResult(command, {.stdin_bytes = mail});
}

TEST_F(DeliveryTest, MdaModeDeliversStdin) {
  const std::string mbox = dir_.File("mbox");
  const std::string crlf_mail = "Subject: via --mda\r\n\r\nFrom here\r\n.\r\nno newline";
  RunResult run = RunMda(home_, {"--mda", "--delivery=mbox," + mbox, "joe@example.org"}, crlf_mail);
  ASSERT_TRUE(run.ok()) << run.Describe();
  std::string data = ReadFile(mbox);
  ASSERT_TRUE(data.starts_with("From joe@example.org ")) << data;
  EXPECT_EQ(data.substr(data.find('\n') + 1),
            "Subject: via --mda\n\n>From here\n.\nno newline\n\n");

  const std::string maildir = home_.MakeMaildir("Md");
  run = RunMda(home_, {"--mda", "--delivery=maildir," + maildir}, "A: b\n\nc\n");
  ASSERT_TRUE(run.ok()) << run.Describe();
  std::vector<std::string> files = FilesIn(maildir + "/new");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(ReadFile(files[0]), "A: b\n\nc\n");  // no Received header

  const std::string sender_log = dir_.File("sender");
  run = RunMda(home_,
               {"--mda", "--delivery=mda,printf %s '%F' > " + sender_log + "; cat >/dev/null", "--",
                "-evil;$(x)@y"},
               "A: b\n\n");
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(ReadFile(sender_log), "_evil___x_@y");
}

TEST_F(DeliveryTest, MdaModeFunctionStreamsAndNormalizes) {
  // RunMdaMode itself, fed through a pipe in pieces.
  const std::string mbox = dir_.File("direct.mbox");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t writer = fork();
  if (writer == 0) {
    close(fds[0]);
    const std::string mail = "Subject: s\r\n\r\n>From a\r\nFrom b\r\n";
    for (char ch : mail) (void)!write(fds[1], &ch, 1);
    _exit(0);
  }
  close(fds[1]);
  Status delivered =
      client::RunMdaMode({delivery::FindDeliveryKind("mbox"), mbox}, std::nullopt, fds[0]);
  close(fds[0]);
  waitpid(writer, nullptr, 0);
  ASSERT_TRUE(delivered) << delivered.error().message;
  const std::string data = ReadFile(mbox);
  ASSERT_TRUE(data.starts_with("From MAILER-DAEMON ")) << data;
  EXPECT_EQ(data.substr(data.find('\n') + 1), "Subject: s\n\n>>From a\n>From b\n\n");

  Status no_delivery = client::RunMdaMode({}, std::nullopt, 0);
  ASSERT_FALSE(no_delivery);
  EXPECT_EQ(no_delivery.error().code, ExitCode::kUsage);
  EXPECT_EQ(no_delivery.error().message, "--mda requires --delivery");
}

}  // namespace
}  // namespace mpop::testing
