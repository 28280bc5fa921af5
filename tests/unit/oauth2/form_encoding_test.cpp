#include "oauth2/form_encoding.hpp"

#include <gtest/gtest.h>

namespace mpop::oauth2 {
namespace {

TEST(FormEncodingTest, PercentEncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(PercentEncode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(PercentEncode("a b+c/d?e=f&g"), "a%20b%2Bc%2Fd%3Fe%3Df%26g");
  EXPECT_EQ(PercentEncode("\xC3\xA4\n"), "%C3%A4%0A");
}

TEST(FormEncodingTest, FormEncodeJoinsFieldsInOrder) {
  EXPECT_EQ(FormEncode({{"grant_type", "refresh_token"}, {"scope", "openid offline_access"}}),
            "grant_type=refresh_token&scope=openid%20offline_access");
  EXPECT_EQ(FormEncode({}), "");
}

TEST(FormEncodingTest, ParseFormDecodesPlusAndPercent) {
  Result<FormFields> fields = ParseForm("code=a%2Fb&state=x+y&empty=&bare&&iss=http%3A%2F%2Fh");
  ASSERT_TRUE(fields) << fields.error().message;
  EXPECT_EQ(
      *fields,
      (FormFields{
          {"code", "a/b"}, {"state", "x y"}, {"empty", ""}, {"bare", ""}, {"iss", "http://h"}}));
  EXPECT_EQ(*FindField(*fields, "state"), "x y");
  EXPECT_EQ(FindField(*fields, "missing"), nullptr);
}

TEST(FormEncodingTest, ParseFormRoundTripsFormEncode) {
  FormFields fields{{"a b", "c&d=e"}, {"\x01", "%"}};
  Result<FormFields> parsed = ParseForm(FormEncode(fields));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, fields);
}

TEST(FormEncodingTest, ParseFormRejectsBadPercentEncoding) {
  for (const char* text : {"code=%", "code=%4", "code=%zz", "c%g0de=1"}) {
    Result<FormFields> fields = ParseForm(text);
    ASSERT_FALSE(fields) << text;
    EXPECT_EQ(fields.error().code, ExitCode::kProtocol);
  }
  EXPECT_EQ(ParseForm("code=%4").error().message, "invalid percent-encoding in 'code=%4'");
}

}  // namespace
}  // namespace mpop::oauth2
