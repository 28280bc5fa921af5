// UidTable: the compact UID -> first-seen table of the UIDLs store (issue 17).
#include "uidls/uid_table.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace mpop::uidls {
namespace {

std::vector<std::string> Uids(const UidTable& table) {
  std::vector<std::string> uids;
  for (const auto& [uid, first_seen] : table) uids.emplace_back(uid);
  return uids;
}

TEST(UidTableTest, TheFirstAddedWinsAndIterationIsInByteOrder) {
  UidTable table;
  table.emplace("b", 1);
  table.emplace("\xc3\xa4", 2);  // above every ASCII byte, as strcmp orders it
  table.emplace("a", 3);
  table.emplace("b", 4);
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(Uids(table), (std::vector<std::string>{"a", "b", "\xc3\xa4"}));
  EXPECT_EQ(table.Find("b"), 1);
  EXPECT_EQ(table.Find("c"), std::nullopt);
  EXPECT_TRUE(table.contains("a"));
  table.emplace("c", 5);
  EXPECT_EQ(table.Find("c"), 5);
  EXPECT_EQ(table, (UidTable{{"a", 3}, {"b", 1}, {"c", 5}, {"\xc3\xa4", 2}}));
}

TEST(UidTableTest, UidsFromTheTextAreNotCopiedAndMixWithAddedOnes) {
  auto text = std::make_shared<const FileText>("x 1\ny 2\n");
  UidTable table;
  table.EmplaceFromText(text, 4, 1);
  table.EmplaceFromText(text, 0, 1);
  table.emplace("w", 7);
  table.emplace("y", 9);
  EXPECT_EQ(table, (UidTable{{"w", 7}, {"x", 1}, {"y", 2}}));
  EXPECT_EQ(table.begin()->first, "w");
  EXPECT_EQ((++table.begin())->first.data(), text->data());
}

TEST(UidTableTest, CopiesAreIndependent) {
  UidTable table{{"a", 1}};
  UidTable copy = table;
  copy.emplace("b", 2);
  EXPECT_EQ(table.size(), 1u);
  EXPECT_EQ(copy.size(), 2u);
}

}  // namespace
}  // namespace mpop::uidls
