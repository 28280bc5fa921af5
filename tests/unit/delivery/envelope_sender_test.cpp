#include "delivery/envelope_sender.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace mpop::delivery {
namespace {

struct AddressCase {
  std::string value;
  std::optional<std::string> address;
};

TEST(ParseSenderAddressTest, Table) {
  const std::vector<AddressCase> cases = {
      {" <joe@example.org>", "joe@example.org"},
      {"joe@example.org", "joe@example.org"},
      {"  joe@example.org  \r\n", "joe@example.org"},
      {" <>", std::nullopt},
      {" < >", std::nullopt},
      {"", std::nullopt},
      {"   ", std::nullopt},
      {"(just a comment)", std::nullopt},
      {" \"Joe Q. Public\" <joe@example.org>", "joe@example.org"},
      {" Joe <joe@example.org>, Ann <ann@example.org>", "joe@example.org"},
      {" joe@example.org, ann@example.org", "joe@example.org"},
      {" joe@example.org; ann@example.org", "joe@example.org"},
      {" joe@example.org (Joe (the (nested) one))", "joe@example.org"},
      {" (comment <fake@example.org>) <real@example.org>", "real@example.org"},
      {" \"quoted <fake@example.org>\" <real@example.org>", "real@example.org"},
      {" \"a \\\" b <fake@x>\" <real@x>", "real@x"},
      {" (a \\) b <fake@x>) <real@x>", "real@x"},
      {" <joe@example.org> <second@example.org>", "joe@example.org"},
      {" <@relay.example,@r2.example:joe@example.org>", "joe@example.org"},
      {" <joe@example.org", "joe@example.org"},           // unterminated: what there is
      {" Joe\r\n <joe@example.org>", "joe@example.org"},  // folded
      {" joe\\@x@example.org", "joe@x@example.org"},
      {" \"unterminated <x@y>", std::nullopt},
      {" (unterminated <x@y>", std::nullopt},
      // A quoted local part is the address's, kept without its quotes (issue 15 item 3).
      {" <\"q u\"@ex.org>", "q u@ex.org"},
      {" \"q\\\"u\"@ex.org", "q\"u@ex.org"},
      {" Joe <\"joe.\"@example.org>", "joe.@example.org"},
  };
  for (const AddressCase& c : cases) {
    EXPECT_EQ(ParseSenderAddress(c.value), c.address) << "value: " << c.value;
  }
}

TEST(SanitizeEnvelopeSenderTest, Table) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"joe@example.org", "joe@example.org"},
      {"Joe.Q+tag/x_y-z@Example.ORG", "Joe.Q+tag/x_y-z@Example.ORG"},
      {"", "MAILER-DAEMON"},
      {"a b\tc", "a-b-c"},
      {"$(rm -rf ~)@x", "__rm--rf-__@x"},
      {"`id`;|&'\"<>*?!", "_id___________"},
      {"-oQ/tmp/x@evil", "_oQ/tmp/x@evil"},
      {"--help", "_-help"},
      {"../../etc/passwd", "_./._/etc/passwd"},
      {"a/../b", "a/._/b"},
      {"a..b...c", "a._b._.c"},
      {"/etc/passwd", "_etc/passwd"},
      {".hidden", "_hidden"},
      {"..", "_."},
      {"\xc3\xa9t\xc3\xa9@x", "__t__@x"},
      {std::string("nul\0byte", 8), "nul_byte"},
  };
  for (const auto& [in, out] : cases) {
    EXPECT_EQ(SanitizeEnvelopeSender(in), out) << "address: " << in;
  }
}

struct ScanCase {
  std::string mail;
  std::string sender;
  std::size_t header_size;  // bytes up to and including the empty line
};

std::vector<ScanCase> ScanCases() {
  return {
      {"Return-Path: <joe@example.org>\nSubject: x\n\nbody\n", "joe@example.org", 43},
      {"return-path:<joe@example.org>\n\n", "joe@example.org", 31},
      {"RETURN-PATH : joe@example.org\n\nb", "joe@example.org", 31},
      {"Sender: ann@example.org\nReturn-Path: <joe@example.org>\n\n", "ann@example.org", 56},
      {"Return-Path: <>\nSender: ann@example.org\n\n", "ann@example.org", 41},
      {"From: joe@example.org\nSubject: hi\n\n", "MAILER-DAEMON", 35},
      {"Subject: x\n\nReturn-Path: <body@example.org>\n", "MAILER-DAEMON", 12},
      {"Return-Path: <joe@example.org>\r\nSubject: x\r\n\r\nbody\r\n", "joe@example.org", 46},
      // Folded values.
      {"Sender: Joe\n <joe@example.org>\n\n", "joe@example.org", 32},
      {"Sender:\n\t<joe@example.org>\nX: y\n\n", "joe@example.org", 33},
      // A continuation of another field is not a sender.
      {"X-Note: a\n Return-Path: <fake@x>\n\n", "MAILER-DAEMON", 34},
      // Similar names do not count.
      {"X-Sender: <fake@x>\nReturn-Paths: <fake@x>\nResent-Sender: <fake@x>\n\n", "MAILER-DAEMON",
       67},
      // The Received header the client writes first.
      {"Received: from pop.example.org\n\tby host (mpop-1.4.23) with POP3\n\tfor <joe>; "
       "date\nReturn-Path: <joe@example.org>\n\n",
       "joe@example.org", 113},
      // Hostile senders are sanitized.
      {"Return-Path: <$(touch /tmp/pwned)@x>\n\n", "_@x", 38},  // (...) is a comment
      {"Return-Path: <`id`$HOME|x'y&z@w>\n\n", "_id__HOME_x_y_z@w", 34},
      {"Return-Path: <-oQ/tmp/;`id`@x>\n\n", "_oQ/tmp/__id_@x", 32},
      {"Return-Path: <../../../home/joe/.ssh/x>\n\n", "_./._/._/home/joe/.ssh/x", 41},
      // No empty line: the whole mail is header.
      {"Return-Path: <joe@example.org>", "joe@example.org", 30},
      {"Subject: no end\n", "MAILER-DAEMON", 16},
      {"", "MAILER-DAEMON", 0},
      // An empty first line: no header at all.
      {"\nReturn-Path: <joe@x>\n", "MAILER-DAEMON", 1},
      // A line starting with CR that is not CRLF ends the field before it.
      {"Return-Path:\n\rjunk\n <joe@x>\n\n", "MAILER-DAEMON", 29},
      // Lines without a colon.
      {"From joe@x Mon Jan  1 00:00:00 2024\nSender: <s@x>\n\n", "s@x", 51},
  };
}

// Feeds `mail` in chunks of `step` bytes (0: whole), as the gate does: stops feeding
// once done.
std::pair<std::string, std::size_t> Scan(const std::string& mail, std::size_t step) {
  EnvelopeSenderScanner scanner;
  std::size_t header = 0;
  std::string_view rest = mail;
  while (!rest.empty() && !scanner.done()) {
    std::size_t n = step == 0 ? rest.size() : std::min(step, rest.size());
    std::size_t used = scanner.Feed(rest.substr(0, n));
    EXPECT_LE(used, n);
    if (!scanner.done()) {
      EXPECT_EQ(used, n);
    }
    header += used;
    rest.remove_prefix(n);
  }
  if (scanner.done()) {
    EXPECT_EQ(scanner.Feed("more"), 0u);
  }
  return {scanner.Sender(), header};
}

TEST(EnvelopeSenderScannerTest, TableInTrickles) {
  for (const ScanCase& c : ScanCases()) {
    for (std::size_t step : {1, 2, 3, 0}) {
      auto [sender, header] = Scan(c.mail, step);
      EXPECT_EQ(sender, c.sender) << "mail: " << c.mail << " step " << step;
      EXPECT_EQ(header, c.header_size) << "mail: " << c.mail << " step " << step;
    }
  }
}

TEST(EnvelopeSenderScannerTest, LongValueIsBounded) {
  std::string mail = "Return-Path: <joe@example.org>" + std::string(100000, ' ') + "x\n\n";
  EXPECT_EQ(Scan(mail, 0).first, "joe@example.org");
  std::string huge = "Sender: " + std::string(100000, 'a') + "\n\n";
  EXPECT_EQ(Scan(huge, 4096).first,
            std::string(EnvelopeSenderScanner::kMaxValue - 1, 'a'));  // the space counts
}

// Collects what a SenderGate does.
// Records what a SenderGate does: the senders it opened with and the bytes it let through.
struct GateLog {
  std::vector<std::string> opened;
  std::string sunk;
  std::string sunk_before_open;

  SenderGate::Open Opener() {
    return [this](const std::string& sender) {
      opened.push_back(sender);
      return Status();
    };
  }
  SenderGate::Sink Sinker() {
    return [this](std::string_view bytes) {
      if (opened.empty()) sunk_before_open.append(bytes);
      sunk.append(bytes);
      return Status();
    };
  }
};

TEST(SenderGateTest, HoldsTheHeaderUntilItEndsThenStreams) {
  for (std::size_t step : {1, 2, 3, 7, 1000}) {
    GateLog log;
    SenderGate gate(log.Opener(), log.Sinker());
    const std::string mail = "Subject: x\nSender: <s@example.org>\n\nFrom body\n\nmore\n";
    for (std::size_t i = 0; i < mail.size(); i += step) {
      ASSERT_TRUE(gate.Write(std::string_view(mail).substr(i, step)));
      // Nothing passes before the header has ended.
      if (i + step < 36) {
        EXPECT_TRUE(log.opened.empty());
      }
    }
    ASSERT_TRUE(gate.Finish());
    EXPECT_EQ(log.opened, std::vector<std::string>{"s@example.org"});
    EXPECT_EQ(log.sunk, mail);
    EXPECT_EQ(log.sunk_before_open, "");
    EXPECT_FALSE(gate.spilled());
  }
}

TEST(SenderGateTest, MailWithoutBodyOpensAtFinish) {
  GateLog log;
  SenderGate gate(log.Opener(), log.Sinker());
  ASSERT_TRUE(gate.Write("Return-Path: <r@x>\nSubject: no body"));
  EXPECT_TRUE(log.opened.empty());
  ASSERT_TRUE(gate.Finish());
  EXPECT_EQ(log.opened, std::vector<std::string>{"r@x"});
  EXPECT_EQ(log.sunk, "Return-Path: <r@x>\nSubject: no body");
}

TEST(SenderGateTest, LargeHeadersGoToATemporaryFile) {
  ::mpop::testing::ScopedTempDir dir;
  GateLog log;
  SenderGate gate(log.Opener(), log.Sinker(), /*memory_limit=*/100, dir.path().string());
  std::string mail;
  for (int i = 0; i < 2000; ++i) mail += "X-Header-" + std::to_string(i) + ": value\n";
  mail += "Sender: <late@example.org>\n\nbody\n";
  for (std::size_t i = 0; i < mail.size(); i += 333) {
    ASSERT_TRUE(gate.Write(std::string_view(mail).substr(i, 333)));
  }
  ASSERT_TRUE(gate.Finish());
  EXPECT_TRUE(gate.spilled());
  EXPECT_EQ(log.opened, std::vector<std::string>{"late@example.org"});
  EXPECT_EQ(log.sunk, mail);
  // The temporary file has no name: nothing is left in the directory.
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(SenderGateTest, UnusableTemporaryDirectoryIsAnError) {
  SenderGate gate([](const std::string&) { return Status(); },
                  [](std::string_view) { return Status(); }, 10, "/nonexistent/dir");
  Status written = gate.Write("Subject: a header longer than ten bytes\n");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ExitCode::kIoErr);
  EXPECT_EQ(written.error().message,
            "cannot create temporary file for mail headers in /nonexistent/dir: No such file "
            "or directory");
}

TEST(SenderGateTest, ErrorsOfOpenAndSinkPassThrough) {
  SenderGate failing_open([](const std::string&) -> Status { return Error::IoErr("no MDA"); },
                          [](std::string_view) { return Status(); });
  Status written = failing_open.Write("A: b\n\nbody");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().message, "no MDA");

  SenderGate failing_sink([](const std::string&) { return Status(); },
                          [](std::string_view) -> Status { return Error::IoErr("disk full"); });
  written = failing_sink.Write("A: b\n\nbody");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().message, "disk full");
}

}  // namespace
}  // namespace mpop::delivery
