#include "client/human_size.hpp"

#include <gtest/gtest.h>

namespace mpop::client {
namespace {

TEST(FormatHumanSize, EachUnit) {
  EXPECT_EQ(FormatHumanSize(0), "0 bytes");
  EXPECT_EQ(FormatHumanSize(1), "1 byte");
  EXPECT_EQ(FormatHumanSize(1023), "1023 bytes");
  EXPECT_EQ(FormatHumanSize(1024), "1.00 KiB");
  EXPECT_EQ(FormatHumanSize(3584), "3.50 KiB");
  EXPECT_EQ(FormatHumanSize(1258291), "1.20 MiB");
  EXPECT_EQ(FormatHumanSize(1073741824), "1.00 GiB");
}

TEST(FormatStatus, EmptyMailboxPrintsOnlyNoMessages) {
  EXPECT_EQ(FormatStatus("joe", "pop.example.com", 0, 0, 0, 0),
            "joe at pop.example.com:\nno messages\n");
}

TEST(FormatStatus, NewAndTotal) {
  EXPECT_EQ(FormatStatus("joe", "pop.example.com", 2, 3584, 5, 1258291),
            "joe at pop.example.com:\n"
            "new: 2 messages in 3.50 KiB, total: 5 messages in 1.20 MiB\n");
  EXPECT_EQ(FormatStatus("joe", "h", 0, 0, 1, 1),
            "joe at h:\nnew: no messages, total: 1 message in 1 byte\n");
}

}  // namespace
}  // namespace mpop::client
