#pragma once
// Makes a DovecotServer check OAUTHBEARER and XOAUTH2 tokens the way a mail provider does:
// by asking the authorization server (an OAuth2TestServer) to introspect each token
// (RFC 7662), through Dovecot 2.3's oauth2 passdb with introspection_mode = post. So the
// token that mpop obtained is the one the mail server accepts, and a revoked or expired
// one is refused.
//
//   OAuth2TestServer provider;  MPOP_REQUIRE(provider.Start({}));
//   DovecotServer dovecot;
//   ScopedTempDir dir;
//   MPOP_REQUIRE(dovecot.Start({.users = {{OAuth2TestServer::kTestUser, "unused-password", mails}},
//                               .extra_conf = DovecotOAuth2Conf(provider,
//                               dir.File("oauth2.conf.ext"))}));
//
// The Dovecot user must exist (the passwd-file userdb gives it its maildir) and be named
// as the token's "sub": OAuth2TestServer::kTestUser. Its passwd-file password must not be
// the token: that passdb is asked first and, failing, hands over to the oauth2 passdb.

#include <string>
#include <vector>

namespace mpop::testing {

class OAuth2TestServer;

// Writes Dovecot's oauth2 settings to conf_ext_path and returns the extra_conf lines that
// add the oauth2 passdb for the xoauth2 and oauthbearer mechanisms.
std::vector<std::string> DovecotOAuth2Conf(const OAuth2TestServer& provider,
                                           const std::string& conf_ext_path);

}  // namespace mpop::testing
