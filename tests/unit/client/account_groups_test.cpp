#include "client/account_groups.hpp"

#include <gtest/gtest.h>

namespace mpop::client {
namespace {

using Groups = std::vector<std::vector<int>>;

TEST(GroupConflictingAccounts, IndependentAccountsRunApart) {
  EXPECT_EQ(GroupConflictingAccounts({{"/u/a", "maildir:/m/a"}, {"/u/b", "maildir:/m/b"}}),
            (Groups{{0}, {1}}));
}

TEST(GroupConflictingAccounts, SharedUidlsFileOrTargetSerialises) {
  EXPECT_EQ(GroupConflictingAccounts({{"/u/a", "maildir:/m/a"},
                                      {"/u/b", "maildir:/m/b"},
                                      {"/u/a", "maildir:/m/c"},
                                      {"/u/d", "maildir:/m/b"}}),
            (Groups{{0, 2}, {1, 3}}));
}

TEST(GroupConflictingAccounts, ChainsMergeTransitively) {
  EXPECT_EQ(GroupConflictingAccounts(
                {{"/u/a", "mbox:/x"}, {"/u/b", "mbox:/y"}, {"/u/b", "mbox:/x"}, {"/u/c", ""}}),
            (Groups{{0, 1, 2}, {3}}));
}

}  // namespace
}  // namespace mpop::client
