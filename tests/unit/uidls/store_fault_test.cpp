// The UIDLs store through a fault-injecting file system: a journal that cannot be synced,
// a disk that fills during the append, a rewrite whose rename fails. Each must fail with
// one clear line and lose nothing that an earlier Sync() made durable.
#include <errno.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "support/faulty_file_system.hpp"
#include "support/temp_dir.hpp"
#include "uidls/store.hpp"

namespace mpop::uidls {
namespace {

using ::mpop::testing::Call;
using ::mpop::testing::FaultyFileSystem;
using ::mpop::testing::ReadFile;
using ::mpop::testing::ScopedTempDir;
using ::mpop::testing::WriteFile;
using std::chrono::milliseconds;

constexpr std::int64_t kNow = 1760000000;
constexpr char kOldFile[] = " 1 h u\nold 1759999999\n";

LockOptions Short() { return LockOptions{milliseconds(200), milliseconds(5), {}}; }

class StoreFaultTest : public ::testing::Test {
 protected:
  void SetUp() override { WriteFile(path_, kOldFile); }

  Store Open(const util::FileSystem& fs) {
    Result<Store> store = Store::Open(path_, "h", "u", kNow, Short(), fs);
    EXPECT_TRUE(store) << store.error().message;
    return std::move(store).value();
  }

  // What a later session (on the real file system) finds.
  UidMap Reopened() {
    Result<Store> store = Store::Open(path_, "h", "u", kNow, Short());
    EXPECT_TRUE(store) << store.error().message;
    return store ? store->uids() : UidMap{};
  }

  ScopedTempDir dir_;
  std::string path_ = dir_.File("uidls");
  std::string journal_ = path_ + ".journal";
  FaultyFileSystem faulty_;
};

TEST_F(StoreFaultTest, JournalSyncFailsWithOneLineAndStaysFailed) {
  Store store = Open(faulty_);
  ASSERT_TRUE(store.Record("a", kNow));
  faulty_.FailNth(Call::kFdatasync, 1, EIO);
  Status synced = store.Sync();
  ASSERT_FALSE(synced);
  EXPECT_EQ(synced.error().code, ExitCode::kIoErr);
  EXPECT_EQ(synced.error().message, "cannot sync " + journal_ + ": Input/output error");
  // The caller must not send DELE for "a"; and nothing later may pretend it was durable.
  Status recorded = store.Record("b", kNow);
  ASSERT_FALSE(recorded);
  EXPECT_EQ(recorded.error().message, synced.error().message);
  ASSERT_FALSE(store.Sync());
  // The old list is untouched.
  EXPECT_EQ(ReadFile(path_), kOldFile);
}

TEST_F(StoreFaultTest, DiskFullDuringJournalAppendKeepsEarlierRecords) {
  {
    Store store = Open(faulty_);
    ASSERT_TRUE(store.Record("a", kNow));
    ASSERT_TRUE(store.Sync());
    ASSERT_TRUE(store.Record("b", kNow));
    faulty_.FailNth(Call::kWrite, 1, ENOSPC);
    Status synced = store.Sync();
    ASSERT_FALSE(synced);
    EXPECT_EQ(synced.error().code, ExitCode::kIoErr);
    EXPECT_EQ(synced.error().message, "cannot write " + journal_ + ": No space left on device");
  }
  // Killed here, the next session has what was durable: "old" and "a", not "b".
  EXPECT_EQ(Reopened(), (UidMap{{"old", 1759999999}, {"a", kNow}}));
}

TEST_F(StoreFaultTest, RenameOfRewriteFailsKeepsFileAndJournal) {
  {
    Store store = Open(faulty_);
    ASSERT_TRUE(store.Record("a", kNow));
    ASSERT_TRUE(store.Sync());
    faulty_.FailNth(Call::kRenameAt, 1, EIO);
    UidMap final_uids{{"old", 1759999999}, {"a", kNow}};
    Status committed = store.Commit(final_uids);
    ASSERT_FALSE(committed);
    EXPECT_EQ(committed.error().code, ExitCode::kIoErr);
    std::string prefix = "cannot rename " + path_ + ".";
    EXPECT_EQ(committed.error().message.substr(0, prefix.size()), prefix);
    EXPECT_EQ(committed.error().message.substr(prefix.size() + 6),
              " to " + path_ + ": Input/output error");
  }
  // The old file is intact, no temporary file is left, and the journal still has "a".
  EXPECT_EQ(ReadFile(path_), kOldFile);
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    names.insert(entry.path().filename().string());
  }
  EXPECT_EQ(names, (std::set<std::string>{"uidls", "uidls.journal", "uidls.lock"}));
  EXPECT_EQ((UidMap{{"old", 1759999999}, {"a", kNow}}), Reopened());
}

}  // namespace
}  // namespace mpop::uidls
