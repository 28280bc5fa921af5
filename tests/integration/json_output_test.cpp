// --json (issue 19): JSON Lines instead of the human text, for every mode, against a real
// Dovecot and the scripted server. Every line is checked against doc/mpop-json.schema.json
// by a real validator (python3-jsonschema); a failing account's error object carries the
// exit code; nothing goes to stderr; README's jq example runs as written.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/dovecot_server.hpp"
#include "support/fake_pop3_server.hpp"
#include "support/json_objects.hpp"
#include "support/mail_factory.hpp"
#include "support/mpop_runner.hpp"
#include "support/process.hpp"
#include "support/scripted_server.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {
namespace {

const std::string kSourceDir = MPOP_SOURCE_DIR;
const std::string kSchema = kSourceDir + "/doc/mpop-json.schema.json";
const std::string kValidator = kSourceDir + "/tests/scripts/validate_json_lines.py";

// The validator's verdict on `lines`: its exit status and what it said.
RunResult Validate(const std::string& lines) {
  ScopedTempDir dir;
  WriteFile(dir.File("lines.jsonl"), lines);
  return RunToResult({.argv = {"python3", kValidator, kSchema, dir.File("lines.jsonl")}});
}

std::vector<std::string> Types(const std::vector<nlohmann::json>& objects) {
  std::vector<std::string> types;
  for (const nlohmann::json& object : objects) types.push_back(object["type"]);
  return types;
}

std::vector<nlohmann::json> OfType(const std::vector<nlohmann::json>& objects,
                                   const std::string& type) {
  std::vector<nlohmann::json> found;
  for (const nlohmann::json& object : objects) {
    if (object["type"] == type) found.push_back(object);
  }
  return found;
}

// The run's stdout, after checking that every line passes the schema and stderr is empty.
std::vector<nlohmann::json> CheckedLines(const RunResult& run) {
  EXPECT_EQ(run.err, "");
  RunResult valid = Validate(run.out);
  EXPECT_TRUE(valid.ok()) << valid.out << valid.err << "\n" << run.out;
  return ParseJsonLines(run.out);
}

class JsonDovecotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MPOP_REQUIRE(server_.Start(
        {.users = {{"alice", "alicepw", MakeMails(3, {})}, {"bob", "bobpw", MakeMails(2, {})}}}));
    alice_box_ = home_.MakeMaildir("alice");
    bob_box_ = home_.MakeMaildir("bob");
    home_.WriteConfig(DovecotAccount("alice", server_.pop3_port(), "alice", "alicepw", alice_box_) +
                      DovecotAccount("bob", server_.pop3_port(), "bob", "bobpw", bob_box_) +
                      DovecotAccount("wrong", server_.pop3_port(), "bob", "not-bobs", bob_box_));
  }

  DovecotServer server_;
  MpopHome home_;
  std::string alice_box_;
  std::string bob_box_;
};

TEST_F(JsonDovecotTest, RetrievalReportsEveryMailAndTheAccountsInOrder) {
  RunResult run = home_.Run({"--json", "-j3", "alice", "wrong", "bob"});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  const std::vector<nlohmann::json> lines = CheckedLines(run);
  EXPECT_EQ(Types(lines), (std::vector<std::string>{"account_start", "status", "mail", "mail",
                                                    "mail", "account_end", "account_start", "error",
                                                    "account_end", "account_start", "status",
                                                    "mail", "mail", "account_end", "run_end"}));
  const std::vector<nlohmann::json> mails = OfType(lines, "mail");
  for (const nlohmann::json& mail : mails) {
    EXPECT_EQ(mail["action"], "delivered");
    EXPECT_EQ(mail["deleted"], true);
    EXPECT_EQ(mail["kept"], false);
    EXPECT_EQ(mail["reason"], nullptr);
  }
  EXPECT_EQ(mails[0]["delivered_to"], "maildir " + alice_box_);
  EXPECT_EQ(mails[4]["delivered_to"], "maildir " + bob_box_);
  EXPECT_EQ(mails[2]["number"], 3);

  const std::vector<nlohmann::json> ends = OfType(lines, "account_end");
  EXPECT_EQ(ends[0]["account"], "alice");
  EXPECT_EQ(ends[0]["retrieved"], 3);
  EXPECT_EQ(ends[0]["deleted"], 3);
  EXPECT_EQ(ends[0]["code"], 0);
  std::uint64_t sizes = 0;
  for (int i = 0; i < 3; ++i) sizes += mails[i]["size"].get<std::uint64_t>();
  EXPECT_EQ(ends[0]["bytes"], sizes);

  // The failing account: its error and its end carry the exit status of the run.
  const nlohmann::json error = OfType(lines, "error").at(0);
  EXPECT_EQ(error["account"], "wrong");
  EXPECT_EQ(error["code"], run.exit_code);
  EXPECT_EQ(error["code_name"], "EX_NOPERM");
  EXPECT_EQ(error["message"],
            "POP3 server rejected PASS: \"-ERR [AUTH] Authentication failed.\" (the credentials "
            "were rejected; check the user name and password)");
  EXPECT_EQ(ends[1]["code"], run.exit_code);
  EXPECT_EQ(ends[1]["error"], error["message"]);
  EXPECT_EQ(lines.back()["code"], run.exit_code);
  EXPECT_EQ(lines.back()["failed"], 1);
  EXPECT_EQ(FilesIn(alice_box_ + "/new").size(), 3u);
}

// A kept mailbox: the mails fetched by an earlier run stay on the server and are not
// printed again on every run; a new one is, with its deletion held back.
TEST_F(JsonDovecotTest, KeptOldMailsAreNotPrintedAgain) {
  RunResult first = home_.Run({"--json", "--keep=on", "alice"});
  ASSERT_TRUE(first.ok()) << first.Describe();
  std::vector<nlohmann::json> mails = OfType(CheckedLines(first), "mail");
  ASSERT_EQ(mails.size(), 3u);
  EXPECT_EQ(mails[0]["kept"], true);
  EXPECT_EQ(mails[0]["deleted"], false);

  ASSERT_TRUE(server_.AddMail("alice", MakeMail({}, 4)));
  RunResult second = home_.Run({"--json", "--keep=on", "alice"});
  ASSERT_TRUE(second.ok()) << second.Describe();
  const std::vector<nlohmann::json> lines = CheckedLines(second);
  mails = OfType(lines, "mail");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0]["number"], 4);
  EXPECT_EQ(mails[0]["action"], "delivered");
  EXPECT_EQ(OfType(lines, "account_end").at(0)["retrieved"], 1);
  EXPECT_EQ(server_.CountMails("alice"), 4u);
}

TEST_F(JsonDovecotTest, StatusOnlyServerInfoAuthOnlyDryRunAndMarkSeen) {
  RunResult status = home_.Run({"--json", "--status-only", "alice"});
  ASSERT_TRUE(status.ok()) << status.Describe();
  std::vector<nlohmann::json> lines = CheckedLines(status);
  EXPECT_EQ(Types(lines),
            (std::vector<std::string>{"account_start", "status", "account_end", "run_end"}));
  EXPECT_EQ(lines[1]["new_mails"], 3);
  EXPECT_EQ(lines[1]["mails"], 3);
  EXPECT_EQ(lines[0]["mode"], "status-only");

  RunResult info = home_.Run({"--json", "--serverinfo", "alice"});
  ASSERT_TRUE(info.ok()) << info.Describe();
  lines = CheckedLines(info);
  EXPECT_EQ(Types(lines),
            (std::vector<std::string>{"account_start", "serverinfo", "account_end", "run_end"}));
  EXPECT_EQ(lines[1]["port"], server_.pop3_port());
  EXPECT_EQ(lines[1]["authenticated"], true);
  EXPECT_EQ(lines[1]["capabilities"]["uidl"], true);
  EXPECT_TRUE(lines[1]["greeting"].get<std::string>().starts_with("Dovecot (Debian) ready. <"))
      << lines[1]["greeting"];

  RunResult auth = home_.Run({"--json", "--auth-only", "alice"});
  ASSERT_TRUE(auth.ok()) << auth.Describe();
  EXPECT_EQ(Types(CheckedLines(auth)),
            (std::vector<std::string>{"account_start", "account_end", "run_end"}));

  RunResult dry = home_.Run({"--json", "--dry-run", "--killsize=1", "alice"});
  ASSERT_TRUE(dry.ok()) << dry.Describe();
  lines = CheckedLines(dry);
  EXPECT_EQ(Types(lines),
            (std::vector<std::string>{"account_start", "status", "planned_mail", "planned_mail",
                                      "planned_mail", "dry_run", "account_end", "run_end"}));
  EXPECT_EQ(lines[2]["action"], "delete_unfetched");
  EXPECT_EQ(lines[2]["why"], "killsize");
  EXPECT_EQ(lines[5]["delete"], 3);

  RunResult seen = home_.Run({"--json", "--mark-seen", "alice"});
  ASSERT_TRUE(seen.ok()) << seen.Describe();
  lines = CheckedLines(seen);
  EXPECT_EQ(Types(lines),
            (std::vector<std::string>{"account_start", "status", "account_end", "run_end"}));
  EXPECT_EQ(lines[0]["mode"], "mark-seen");

  // Now every mail is old: a retrieval deletes them and says so.
  RunResult again = home_.Run({"--json", "alice"});
  ASSERT_TRUE(again.ok()) << again.Describe();
  lines = OfType(CheckedLines(again), "mail");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["action"], "old");
  EXPECT_EQ(lines[0]["deleted"], true);
  EXPECT_EQ(lines[0]["delivered_to"], nullptr);
}

TEST_F(JsonDovecotTest, ReadmeJqExampleRuns) {
  // The example is the line after the marker in README.md; it is run as written, with the
  // mpop under test first in PATH.
  std::ifstream readme(kSourceDir + "/README.md");
  std::string line;
  std::string example;
  while (std::getline(readme, line)) {
    if (line.find("<!-- tested: json jq example -->") != std::string::npos) {
      while (std::getline(readme, line)) {
        line.erase(0, line.find_first_not_of(' '));
        if (!line.empty() && !line.starts_with("```")) break;
      }
      example = line;
      break;
    }
  }
  ASSERT_TRUE(example.starts_with("mpop --json")) << example;
  ScopedTempDir bin;
  ASSERT_EQ(::symlink(MPOP_BIN, bin.File("mpop").c_str()), 0);
  RunResult run = RunToResult(
      {.argv = {"/bin/sh", "-c", example},
       .env = {{"HOME", home_.home()}, {"PATH", bin.path().string() + ":/usr/bin:/bin"}},
       .unset_env = {"MPOPRC"}});
  EXPECT_EQ(run.out,
            "alice: 3 new, 3 retrieved, exit 0\nbob: 2 new, 2 retrieved, exit 0\n"
            "wrong: 0 new, 0 retrieved, exit 77\n")
      << run.Describe();
}

TEST(JsonOutputTest, ErrorsBeforeAnyAccountAreJsonToo) {
  MpopHome home;
  home.WriteConfig("account a\nhost 127.0.0.1\n");
  RunResult run = home.Run({"--json", "nosuch"});
  EXPECT_EQ(run.exit_code, 78);
  const std::vector<nlohmann::json> lines = CheckedLines(run);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["account"], nullptr);
  EXPECT_EQ(lines[0]["code"], 78);
  EXPECT_EQ(lines[0]["message"], home.home() + "/.mpoprc: no account nosuch");

  // A usage error stays human: --json does not take effect before the command line is read.
  RunResult usage = home.Run({"--json", "--debug", "a"});
  EXPECT_EQ(usage.exit_code, 64);
  EXPECT_EQ(usage.out, "");
  EXPECT_EQ(usage.err, "mpop: cannot use both --json and --debug\n");
}

TEST(JsonOutputTest, TheSchemaRejectsWhatItDoesNotDescribe) {
  RunResult valid = Validate(
      "{\"type\":\"run_end\",\"schema\":1,\"accounts\":1,\"failed\":0,\"code\":0,"
      "\"code_name\":\"EX_OK\"}\n");
  EXPECT_TRUE(valid.ok()) << valid.out;
  RunResult wrong = Validate(
      "{\"type\":\"run_end\",\"schema\":1,\"accounts\":1,\"failed\":0,\"code\":3,"
      "\"code_name\":\"EX_OK\"}\n");
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out;
  RunResult unknown = Validate("{\"type\":\"mail\",\"schema\":2}\n");
  EXPECT_EQ(unknown.exit_code, 1) << unknown.out;
}

// The scripted server: failures in the middle of a retrieval.
class JsonScriptedTest : public ::testing::Test {
 protected:
  JsonScriptedTest() : server_(scripted_.Greeting(), scripted_.SocketResponder()) {
    scripted_.SetMails({"Subject: one\n\nbody\n", "Subject: two\n\nbody\n"});
    maildir_ = home_.MakeMaildir("Mail");
    home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server_.port()) +
                      "\nuser joe\npassword secret\nauth user\ntls off\ndelivery maildir " +
                      maildir_ + "\n");
  }

  ScriptedServer scripted_;
  FakePop3Server server_;
  MpopHome home_;
  std::string maildir_;
};

TEST_F(JsonScriptedTest, AFailedRetrReportsWhatWasDeliveredAndTheExitCode) {
  scripted_.overrides["RETR 2"] = "-ERR disk on fire\r\n";
  RunResult run = home_.Run({"--json"});
  EXPECT_EQ(run.exit_code, 76) << run.Describe();
  const std::vector<nlohmann::json> lines = CheckedLines(run);
  const std::vector<nlohmann::json> mails = OfType(lines, "mail");
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[0]["action"], "delivered");
  EXPECT_EQ(mails[0]["deleted"], false);  // no QUIT after an error: the server keeps it
  EXPECT_EQ(mails[0]["uid"], "uid-1");
  EXPECT_EQ(mails[1]["action"], "not_delivered");
  const nlohmann::json error = OfType(lines, "error").at(0);
  EXPECT_EQ(error["code"], 76);
  EXPECT_EQ(error["message"], "POP3 server rejected RETR 2: \"-ERR disk on fire\"");
  EXPECT_EQ(OfType(lines, "account_end").at(0)["retrieved"], 1);
  EXPECT_EQ(lines.back()["code"], 76);
}

TEST_F(JsonScriptedTest, ARejectedLoginCarriesItsCode) {
  scripted_.overrides["PASS secret"] = "-ERR [IN-USE] mailbox locked by another session\r\n";
  RunResult run = home_.Run({"--json"});
  ASSERT_NE(run.exit_code, 0) << run.Describe();
  const std::vector<nlohmann::json> lines = CheckedLines(run);
  const nlohmann::json error = OfType(lines, "error").at(0);
  EXPECT_EQ(error["code"], run.exit_code);
  EXPECT_EQ(OfType(lines, "account_end").at(0)["code"], run.exit_code);
  EXPECT_EQ(error["server_message"], "-ERR [IN-USE] mailbox locked by another session");
}

}  // namespace
}  // namespace mpop::testing
