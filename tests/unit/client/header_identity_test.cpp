// The identity of a mail on a server without UIDL (client/header_identity.hpp).
#include "client/header_identity.hpp"

#include <gtest/gtest.h>

namespace mpop::client {
namespace {

constexpr std::string_view kHeader =
    "Received: from a by b\r\n"
    "Message-ID: <1@example.org>\r\n"
    "Date: Sat, 5 Dec 2026 10:00:00 +0000\r\n"
    "From: Ann <ann@example.org>\r\n"
    "Subject: a long\r\n"
    " subject\r\n"
    "\r\n";

TEST(HeaderIdentityTest, IsAUidOfHexDigits) {
  const std::string identity = HeaderIdentity(kHeader, 1234);
  ASSERT_EQ(identity.size(), 36u);
  EXPECT_EQ(identity.substr(0, 4), "hdr-");
  EXPECT_EQ(identity.find_first_not_of("0123456789abcdef", 4), std::string::npos);
  EXPECT_EQ(HeaderIdentity(kHeader, 1234), identity);  // stable
}

TEST(HeaderIdentityTest, LineEndsAndNameCaseDoNotMatterOtherFieldsNeither) {
  const std::string lf =
      "message-id: <1@example.org>\n"
      "DATE: Sat, 5 Dec 2026 10:00:00 +0000\n"
      "X-Spam: yes\n"
      "from: Ann <ann@example.org>\n"
      "subject: a long\n"
      " subject\n";
  EXPECT_EQ(HeaderIdentity(lf, 1234), HeaderIdentity(kHeader, 1234));
}

TEST(HeaderIdentityTest, EachFieldAndTheSizeCount) {
  const std::string base = HeaderIdentity(kHeader, 1234);
  EXPECT_NE(HeaderIdentity(kHeader, 1235), base);
  std::string other_subject(kHeader);
  other_subject.replace(other_subject.find(" subject"), 8, " subjekt");
  EXPECT_NE(HeaderIdentity(other_subject, 1234), base);
  std::string other_id(kHeader);
  other_id.replace(other_id.find("<1@"), 3, "<2@");
  EXPECT_NE(HeaderIdentity(other_id, 1234), base);
}

TEST(HeaderIdentityTest, AMissingFieldDiffersFromAnEmptyOne) {
  EXPECT_NE(HeaderIdentity("Subject:\r\n\r\n", 1), HeaderIdentity("\r\n", 1));
}

TEST(HeaderIdentityTest, TheBodyIsNotRead) {
  EXPECT_EQ(HeaderIdentity("Subject: x\r\n\r\nMessage-ID: <body@x>\r\n", 1),
            HeaderIdentity("Subject: x\r\n", 1));
}

}  // namespace
}  // namespace mpop::client
