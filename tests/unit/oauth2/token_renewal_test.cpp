#include "oauth2/token_renewal.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "support/fake_http_client.hpp"
#include "support/temp_dir.hpp"

namespace mpop::oauth2 {
namespace {

using std::chrono::seconds;
using testing::FakeHttpClient;
using testing::FakeOAuthClock;

class TokenRenewalTest : public ::testing::Test {
 protected:
  TokenRenewalTest() : store_(dir_.path().string()) {}

  void Store(const std::string& access_token, seconds left) {
    ASSERT_TRUE(store_.Save(
        "acct",
        {.refresh_token = "RT1", .access_token = access_token, .expires_at = clock_.Now() + left}));
  }
  Result<std::string> Current() {
    return CurrentAccessToken(http_, clock_, store_,
                              {.key = "acct",
                               .account = "acct",
                               .token_endpoint = "https://id/token",
                               .client = {"cid"},
                               .lock_timeout = seconds(5)});
  }

  testing::ScopedTempDir dir_;
  TokenFileStore store_;
  FakeHttpClient http_;
  FakeOAuthClock clock_;
};

TEST_F(TokenRenewalTest, AFreshTokenIsUsedAsItIs) {
  Store("AT1", seconds(3600));
  Result<std::string> token = Current();
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(*token, "AT1");
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(TokenRenewalTest, ATokenAboutToExpireIsRenewedAndTheRotatedRefreshTokenStored) {
  Store("AT1", seconds(30));  // less than the 60 s margin
  http_.Answer(
      200,
      R"({"access_token":"AT2","token_type":"Bearer","refresh_token":"RT2","expires_in":3600})");
  Result<std::string> token = Current();
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_EQ(*token, "AT2");
  ASSERT_EQ(http_.requests().size(), 1u);
  EXPECT_EQ(http_.requests()[0].form[1],
            (std::pair<std::string, std::string>{"refresh_token", "RT1"}));
  EXPECT_EQ(**store_.Load("acct"), (StoredTokens{.refresh_token = "RT2",
                                                 .access_token = "AT2",
                                                 .expires_at = clock_.Now() + seconds(3600)}));
  struct stat st {};
  ASSERT_EQ(stat((store_.PathFor("acct") + ".lock").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(TokenRenewalTest, NothingStoredMeansAuthorizeFirst) {
  EXPECT_EQ(
      Current().error(),
      Error::NoPerm("no OAuth2 token is stored for account acct: run `mpop --authorize acct`"));
}

TEST_F(TokenRenewalTest, ARevokedRefreshTokenLeavesTheStoreAlone) {
  Store("AT1", seconds(0));
  http_.Answer(400, R"({"error":"invalid_grant"})");
  EXPECT_EQ(Current().error(), Error::NoPerm("the provider refused the stored refresh token: "
                                             "invalid_grant; run `mpop --authorize acct`"));
  EXPECT_EQ((*store_.Load("acct"))->refresh_token, "RT1");
}

TEST_F(TokenRenewalTest, AProviderThatIsDownIsTemporary) {
  Store("AT1", seconds(0));
  http_.Fail(Error::TempFail("cannot reach https://id/token: Connection refused"));
  EXPECT_EQ(Current().error(),
            Error::TempFail("cannot reach https://id/token: Connection refused"));
}

TEST_F(TokenRenewalTest, WaitsForAnotherRunsLockThenGivesUp) {
  Store("AT1", seconds(0));
  std::string lock_path = store_.PathFor("acct") + ".lock";
  UniqueFd other(open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  ASSERT_EQ(flock(other.get(), LOCK_EX), 0);
  EXPECT_EQ(Current().error(), Error::TempFail("another mpop run has held the lock on " +
                                               lock_path + " for 5 s: try again later"));
  EXPECT_TRUE(http_.requests().empty());
  EXPECT_GE(clock_.waits().size(), 2u);
}

}  // namespace
}  // namespace mpop::oauth2
