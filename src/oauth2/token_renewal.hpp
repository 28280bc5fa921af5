#pragma once
// The access token for a POP3 login: the stored one while it has time left, else a fresh
// one from the refresh token, stored (with a rotated refresh token) before it is used.
//
// Runs that share a token (parallel mpop runs, accounts with the same key) take turns:
// each holds an exclusive lock on DIRECTORY/KEY.lock while it reads, refreshes and writes,
// so the provider sees one refresh, and the next run finds the renewed token. Without the
// lock, with rotation, the slower run would present a refresh token that the faster one
// has just used up, and the provider would revoke the whole grant.

#include <chrono>
#include <functional>
#include <string>

#include "oauth2/clock.hpp"
#include "oauth2/http_client.hpp"
#include "oauth2/token_endpoint.hpp"
#include "oauth2/token_store.hpp"
#include "util/result.hpp"

namespace mpop::oauth2 {

struct RenewalOptions {
  std::string key;      // the store's key for these tokens
  std::string account;  // for messages ("run `mpop --authorize ACCOUNT`")
  std::string token_endpoint;
  // When token_endpoint is empty: finds it (discovery), called only when a refresh is due,
  // so a run whose stored token is fresh makes no HTTP request at all.
  std::function<Result<std::string>()> find_token_endpoint{};
  OAuthClient client;
  // A token with less than this left is renewed: it must outlive the POP3 login.
  std::chrono::seconds margin{std::chrono::seconds(60)};
  // How long to wait for another run that holds the lock.
  std::chrono::seconds lock_timeout{std::chrono::seconds(60)};
};

// Errors: kNoPerm "no OAuth2 token is stored for account ACCOUNT: run `mpop --authorize
// ACCOUNT`"; kTempFail "another mpop run has held the lock on PATH for N s: try again
// later"; kIoErr "cannot lock PATH: <reason>"; those of TokenFileStore::Load and Save and
// of RefreshTokens (a provider that is down is kTempFail, a revoked token kNoPerm).
Result<std::string> CurrentAccessToken(HttpClient& http, Clock& clock, const TokenFileStore& store,
                                       const RenewalOptions& options);

}  // namespace mpop::oauth2
