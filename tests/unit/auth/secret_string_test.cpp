#include "auth/secret_string.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace mpop::auth {
namespace {

TEST(SecretStringTest, HoldsTheValue) {
  SecretString empty;
  EXPECT_TRUE(empty.empty());
  SecretString secret(std::string_view("tanstaaf"));
  EXPECT_EQ(secret.view(), "tanstaaf");
  EXPECT_EQ(secret.size(), 8u);
  SecretString copy = secret.Copy();
  EXPECT_EQ(copy.view(), "tanstaaf");
}

TEST(SecretStringTest, TakingAStringWipesTheSource) {
  std::string source = "short";
  const char* inline_buffer = source.data();
  SecretString secret(std::move(source));
  EXPECT_EQ(secret.view(), "short");
  EXPECT_TRUE(source.empty());  // NOLINT(bugprone-use-after-move): checking the wipe
  EXPECT_EQ(std::string(inline_buffer, 5), std::string(5, '\0'));
}

TEST(SecretStringTest, MovingWipesTheSource) {
  SecretString first(std::string_view("abc"));
  const char* old_bytes = first.view().data();
  SecretString second(std::move(first));
  EXPECT_EQ(second.view(), "abc");
  EXPECT_TRUE(first.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(std::string(old_bytes, 3), std::string(3, '\0'));

  SecretString third;
  third = std::move(second);
  EXPECT_EQ(third.view(), "abc");
  EXPECT_TRUE(second.empty());  // NOLINT(bugprone-use-after-move)
}

TEST(SecretStringTest, WipeClearsEveryByte) {
  std::string text(100, 'x');
  text.resize(10);
  const char* data = text.data();
  SecretString::Wipe(text);
  EXPECT_TRUE(text.empty());
  EXPECT_EQ(std::string(data, 100), std::string(100, '\0'));
}

}  // namespace
}  // namespace mpop::auth
