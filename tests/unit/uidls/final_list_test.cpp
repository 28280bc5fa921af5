// Store::FinalList and the UidTable operations under it (issue 17): the final list of a
// session marks the stored UIDs it keeps instead of copying them.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "uidls/store.hpp"

namespace mpop::uidls {
namespace {

using mpop::testing::ReadFile;
using mpop::testing::ScopedTempDir;
using mpop::testing::WriteFile;

constexpr std::int64_t kNow = 1760000000;

Store OpenOrDie(const std::string& path) {
  Result<Store> store = Store::Open(path, "h", "u", kNow);
  EXPECT_TRUE(store) << store.error().message;
  return std::move(store).value();
}

TEST(UidTableTest, IndexOfCountsInUidOrder) {
  UidTable table{{"c", 3}, {"a", 1}, {"b", 2}};
  EXPECT_EQ(table.IndexOf("a"), 0u);
  EXPECT_EQ(table.IndexOf("c"), 2u);
  EXPECT_EQ(table.IndexOf("bb"), std::nullopt);
}

TEST(UidTableTest, RetainKeepsTheMarkedPositions) {
  UidTable table{{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}};
  table.Retain({true, false, false, true});
  EXPECT_EQ(table, (UidTable{{"a", 1}, {"d", 4}}));
  table.emplace("b", 9);
  EXPECT_EQ(table, (UidTable{{"a", 1}, {"b", 9}, {"d", 4}}));
}

TEST(UidTableTest, AddedUidsMergeIntoASortedRunAndTheFirstAddedWins) {
  UidTable table;
  for (int i = 0; i < 100; i += 2) table.emplace(std::to_string(1000 + i), i);
  table.emplace("1051", 1);
  table.emplace("1002", 99);  // present: the first added wins
  table.emplace("0999", 2);
  table.emplace("1051", 98);
  EXPECT_EQ(table.size(), 52u);
  EXPECT_EQ(table.Find("1002"), 2);
  EXPECT_EQ(table.Find("1051"), 1);
  EXPECT_EQ(table.IndexOf("0999"), 0u);
  std::string last;
  for (const auto& [uid, first_seen] : table) {
    EXPECT_LT(last, uid);
    last = uid;
  }
}

TEST(StoreFinalListTest, KeepsStoredTimesDropsTheRestAndAddsNewUids) {
  ScopedTempDir dir;
  const std::string path = dir.File("uidls");
  WriteFile(path, FormatUidls(UidlsData{
                      {{"h", "u", {{"a", 1}, {"b", 2}, {"c", 3}}}, {"h", "other", {{"z", 7}}}}}));
  Store store = OpenOrDie(path);
  ASSERT_TRUE(store.Record("n", kNow));
  Store::FinalList final_list = store.StartFinalList();
  final_list.Add("c", 99);  // stored: keeps 3
  final_list.Add("n", kNow);
  final_list.Add("m", 5);  // neither stored nor recorded (a killed mail the server kept)
  final_list.Add("a", 1);
  ASSERT_TRUE(store.Commit(std::move(final_list)));
  EXPECT_EQ(ReadFile(path),
            FormatUidls(UidlsData{{{"h", "u", {{"a", 1}, {"c", 3}, {"m", 5}, {"n", kNow}}},
                                   {"h", "other", {{"z", 7}}}}}));
}

TEST(StoreFinalListTest, TheSameListWritesNothing) {
  ScopedTempDir dir;
  const std::string path = dir.File("uidls");
  WriteFile(path, FormatUidls(UidlsData{{{"h", "u", {{"a", 1}, {"b", 2}}}}}));
  struct stat before {};
  ASSERT_EQ(::stat(path.c_str(), &before), 0);
  Store store = OpenOrDie(path);
  Store::FinalList final_list = store.StartFinalList();
  final_list.Add("b", 2);
  final_list.Add("a", 1);
  ASSERT_TRUE(store.Commit(std::move(final_list)));
  struct stat after {};
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino);
  EXPECT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
  EXPECT_EQ(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
}

TEST(StoreFinalListTest, AnEmptyFinalListEmptiesTheAccountsList) {
  ScopedTempDir dir;
  const std::string path = dir.File("uidls");
  WriteFile(path, FormatUidls(UidlsData{{{"h", "u", {{"a", 1}}}, {"h", "other", {{"z", 7}}}}}));
  Store store = OpenOrDie(path);
  ASSERT_TRUE(store.Commit(store.StartFinalList()));
  EXPECT_EQ(ReadFile(path), FormatUidls(UidlsData{{{"h", "other", {{"z", 7}}}}}));
}

}  // namespace
}  // namespace mpop::uidls

namespace mpop::uidls {
namespace {

TEST(UidTableTest, LookupsFromACursorAgreeWithPlainOnesInAnyOrder) {
  UidTable table;
  std::vector<std::string> present;
  for (int i = 0; i < 300; i += 3) present.push_back(std::to_string(10000 + i));
  for (const std::string& uid : present) table.emplace(uid, 1);
  std::vector<std::string> queries;
  for (int i = -5; i < 310; ++i) queries.push_back(std::to_string(10000 + i));
  std::mt19937 random(17);
  for (int round = 0; round < 4; ++round) {
    // Ascending, descending, then shuffled twice.
    if (round == 1) std::reverse(queries.begin(), queries.end());
    if (round >= 2) std::shuffle(queries.begin(), queries.end(), random);
    UidTable::Cursor cursor;
    for (const std::string& uid : queries) {
      ASSERT_EQ(table.IndexOf(uid, cursor), table.IndexOf(uid)) << uid << " round " << round;
    }
  }
  UidTable empty;
  UidTable::Cursor cursor{5};
  EXPECT_EQ(empty.IndexOf("a", cursor), std::nullopt);
}

TEST(UidTableTest, IndexOfFindsEveryPresentUidByBinarySearch) {
  UidTable table;
  for (int i = 0; i < 1000; i += 2) table.emplace(std::to_string(100000 + i), i);
  for (int i = 0; i < 1000; ++i) {
    const std::optional<std::size_t> index = table.IndexOf(std::to_string(100000 + i));
    if (i % 2 == 0) {
      EXPECT_EQ(index, static_cast<std::size_t>(i / 2));
    } else {
      EXPECT_EQ(index, std::nullopt);
    }
  }
}

}  // namespace
}  // namespace mpop::uidls

namespace mpop::uidls {
namespace {

// The same list in a file not written as we write it (a pre-1.4.23 line, an old comment,
// unsorted UIDs): the file is rewritten, so the next run finds it canonical.
TEST(StoreFinalListTest, TheSameListInAFileWrittenOtherwiseIsRewrittenOnce) {
  const std::string canonical = FormatUidls(UidlsData{{{"h", "u", {{"a", 1}, {"b", 2}}}}});
  for (const std::string& text : {std::string("# old comment\n 2 h u\nb 2\na 1\n"),
                                  std::string("# old comment\n 2 h u\na 1\nb 2\n"),
                                  canonical.substr(0, canonical.size() - 1)}) {
    ScopedTempDir dir;
    const std::string path = dir.File("uidls");
    WriteFile(path, text);
    {
      Store store = OpenOrDie(path);
      Store::FinalList final_list = store.StartFinalList();
      final_list.Add("a", 1);
      final_list.Add("b", 2);
      ASSERT_TRUE(store.Commit(std::move(final_list)));
    }
    EXPECT_EQ(ReadFile(path), canonical) << text;
  }
}

}  // namespace
}  // namespace mpop::uidls
