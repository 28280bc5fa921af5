#include "auth/apop.hpp"

#include <gtest/gtest.h>

namespace mpop::auth {
namespace {

TEST(ApopDigestTest, Rfc1939Example) {
  EXPECT_EQ(ApopDigest("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf"),
            "c4c9334bac560ecc979e58001b3e22fb");
}

TEST(ApopDigestTest, Rfc1321Vectors) {
  // MD5 of the concatenation, whichever way it is split.
  EXPECT_EQ(ApopDigest("", ""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(ApopDigest("a", "bc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(ApopDigest("message ", "digest"), "f96b697d7cb7938d525a2f31aaf161d0");
}

}  // namespace
}  // namespace mpop::auth
