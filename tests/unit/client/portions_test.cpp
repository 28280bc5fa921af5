// When a session looks like a portion of a bigger mailbox (client/portions.hpp).
#include "client/portions.hpp"

#include <gtest/gtest.h>

namespace mpop::client {
namespace {

TEST(PortionsTest, OnlyAFullyNewBigFetchedListingIsAPortion) {
  EXPECT_TRUE(LooksLikePortion({.listed = 250, .new_mails = 250, .retrieved = 250}, true));
  EXPECT_TRUE(LooksLikePortion({.listed = 100, .new_mails = 100, .retrieved = 1}, true));
  EXPECT_FALSE(LooksLikePortion({.listed = 99, .new_mails = 99, .retrieved = 99}, true));
  EXPECT_FALSE(LooksLikePortion({.listed = 250, .new_mails = 249, .retrieved = 249}, true));
  EXPECT_FALSE(LooksLikePortion({.listed = 250, .new_mails = 250, .retrieved = 0}, true));
  EXPECT_FALSE(LooksLikePortion({}, true));
}

TEST(PortionsTest, WithoutKeepNothingIsAPortion) {
  EXPECT_FALSE(LooksLikePortion({.listed = 250, .new_mails = 250, .retrieved = 250}, false));
}

}  // namespace
}  // namespace mpop::client
