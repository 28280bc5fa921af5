// Kills a delivering process at random moments (SIGKILL: no cleanup runs) and checks the
// promise of doc/ARCHITECTURE.md "Durability": new/ only ever holds complete mails, and every mail
// whose token reached the journal can be finished by Recover().

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "delivery/maildir.hpp"
#include "support/temp_dir.hpp"

namespace mpop::delivery {
namespace {

namespace fs = std::filesystem;
using ::mpop::testing::ReadFile;
using ::mpop::testing::ScopedTempDir;

constexpr int kMaxBatch = 3;

// Mail number `id`: its size varies from a few bytes to ~150 KiB, so kills land inside
// writes too. Self-describing, so a file can be checked without knowing its id.
std::string MailText(std::uint64_t id) {
  std::string text = "Message-Id: <" + std::to_string(id) + ">\n\n";
  std::uint64_t lines = (id * 7919) % 3000;
  for (std::uint64_t i = 0; i < lines; ++i) {
    text += "mail " + std::to_string(id) + " line " + std::to_string(i) + " .............\n";
  }
  return text + "End-Of-Mail: " + std::to_string(id) + "\n";
}

bool IsCompleteMail(const std::string& content) {
  std::istringstream in(content);
  std::string first;
  std::getline(in, first);
  const std::string prefix = "Message-Id: <";
  if (first.rfind(prefix, 0) != 0) return false;
  std::uint64_t id = std::stoull(first.substr(prefix.size()));
  return content == MailText(id);
}

// The child: delivers batches like the retrieval client does (write, Sync, journal,
// Publish) until it is killed, writing one byte to `progress` per published batch.
[[noreturn]] void DeliverForever(const std::string& maildir, const std::string& journal,
                                 int progress) {
  auto delivery = OpenMaildir(maildir);
  int journal_fd = open(journal.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (!delivery || journal_fd < 0) _exit(2);
  std::uint64_t id = 0;
  for (int batch = 0;; ++batch) {
    std::vector<std::string> tokens;
    std::string records;
    for (int i = 0; i < 1 + batch % kMaxBatch; ++i) {
      std::string text = MailText(++id);
      auto writer = (*delivery)->Begin({});
      if (!writer) _exit(3);
      for (std::size_t at = 0; at < text.size(); at += 4000) {
        if (!(*writer)->Write(std::string_view(text).substr(at, 4000))) _exit(4);
      }
      auto token = (*writer)->Finish();
      if (!token) _exit(5);
      tokens.push_back(*token);
      records += *token + "\n";
    }
    if (!(*delivery)->Sync()) _exit(6);
    if (write(journal_fd, records.data(), records.size()) != static_cast<long>(records.size()) ||
        fdatasync(journal_fd) != 0) {
      _exit(7);
    }
    if (!(*delivery)->Publish(tokens)) _exit(8);
    if (write(progress, "+", 1) != 1) _exit(9);
  }
}

std::set<std::string> List(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

// Complete lines of the journal: the tokens the "client" recorded.
std::set<std::string> JournalTokens(const std::string& journal) {
  std::string content = ReadFile(journal);
  content.resize(content.rfind('\n') == std::string::npos ? 0 : content.rfind('\n') + 1);
  std::set<std::string> tokens;
  std::istringstream in(content);
  for (std::string line; std::getline(in, line);) tokens.insert(line);
  return tokens;
}

TEST(MaildirCrashTest, SigkillAtRandomMomentsNeverLeavesPartialMailsInNew) {
  unsigned seed = static_cast<unsigned>(::testing::UnitTest::GetInstance()->random_seed());
  SCOPED_TRACE("--gtest_random_seed=" + std::to_string(seed));
  std::mt19937 random(seed);
  for (int round = 0; round < 10; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    ScopedTempDir dir;
    std::string maildir = dir.File("Mail");
    for (const char* sub : {"", "/tmp", "/new", "/cur"}) fs::create_directory(maildir + sub);
    std::string journal = dir.File("journal");

    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(pipe_fds[0]);
      DeliverForever(maildir, journal, pipe_fds[1]);
    }
    close(pipe_fds[1]);
    // Let a few batches through, then kill at a random point of the next one.
    int batches = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < batches; ++i) {
      char byte;
      ASSERT_EQ(read(pipe_fds[0], &byte, 1), 1) << "the child died on its own";
    }
    // A random pause (not a synchronisation): where in the batch the kill lands.
    volatile std::uint32_t spin = random() % 3000000;
    while (spin > 0) spin = spin - 1;
    kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    close(pipe_fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the child exited with status " << WEXITSTATUS(status);

    std::set<std::string> journaled = JournalTokens(journal);
    for (const std::string& name : List(maildir + "/new")) {
      EXPECT_TRUE(IsCompleteMail(ReadFile(maildir + "/new/" + name))) << name;
      EXPECT_TRUE(journaled.count(name)) << "published before being journaled: " << name;
    }
    int unjournaled = 0;
    for (const std::string& name : List(maildir + "/tmp")) unjournaled += !journaled.count(name);
    EXPECT_LE(unjournaled, kMaxBatch);

    // Recovery, as the next run of the client would do it.
    auto delivery = OpenMaildir(maildir);
    ASSERT_TRUE(delivery);
    for (const std::string& token : journaled) {
      ASSERT_TRUE((*delivery)->Recover(token)) << token;
      EXPECT_TRUE(IsCompleteMail(ReadFile(maildir + "/new/" + token))) << token;
      EXPECT_FALSE(fs::exists(maildir + "/tmp/" + token)) << token;
    }
    EXPECT_EQ(List(maildir + "/new"), journaled);
  }
}

}  // namespace
}  // namespace mpop::delivery
