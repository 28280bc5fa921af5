// util/i18n.hpp: a translated format string that does not fit its arguments falls back to
// the English one instead of ending the program (issue 21).

#include "util/i18n.hpp"

#include <gtest/gtest.h>

namespace mpop {
namespace {

TEST(FormatTranslatedTest, UsesTheTranslation) {
  EXPECT_EQ(FormatTranslated("{} von {}", "{} of {}", 1, 2), "1 von 2");
}

TEST(FormatTranslatedTest, TranslationMayReorderTheArguments) {
  EXPECT_EQ(FormatTranslated("{1}: {0}", "{}: {}", "a", "b"), "b: a");
}

TEST(FormatTranslatedTest, BrokenTranslationFallsBackToEnglish) {
  EXPECT_EQ(FormatTranslated("{} von {} {}", "{} of {}", 1, 2), "1 of 2");        // too many
  EXPECT_EQ(FormatTranslated("{:d} Nachricht", "{} message", "x"), "x message");  // bad spec
  EXPECT_EQ(FormatTranslated("{", "{} message", 3), "3 message");                 // unbalanced
  EXPECT_EQ(FormatTranslated("{5}", "{} message", 3), "3 message");               // no argument 5
}

TEST(TrTest, WithoutALocaleTheEnglishTextIsReturned) {
  EXPECT_STREQ(Tr("no messages"), "no messages");
  EXPECT_STREQ(Tr(""), "");
  EXPECT_STREQ(TrN("{} message", "{} messages", 1), "{} message");
  EXPECT_STREQ(TrN("{} message", "{} messages", 0), "{} messages");
  EXPECT_EQ(TrFormat("{} of {}", 1, 2), "1 of 2");
  EXPECT_EQ(TrNFormat("{} message", "{} messages", 2, 2), "2 messages");
}

}  // namespace
}  // namespace mpop
