#include "support/dovecot_oauth2.hpp"

#include "support/oauth2_server.hpp"
#include "support/temp_dir.hpp"

namespace mpop::testing {

std::vector<std::string> DovecotOAuth2Conf(const OAuth2TestServer& provider,
                                           const std::string& conf_ext_path) {
  // The credentials ride in the URL: Dovecot sends them as HTTP Basic authentication.
  std::string issuer = provider.issuer();
  std::string scheme_end = "://";
  std::string url = issuer.substr(0, issuer.find(scheme_end) + scheme_end.size()) +
                    OAuth2TestServer::kIntrospectionClientId + ":" +
                    OAuth2TestServer::kIntrospectionClientSecret + "@" +
                    issuer.substr(issuer.find(scheme_end) + scheme_end.size()) +
                    "/token/introspection";
  std::string conf =
      "introspection_mode = post\n"
      "introspection_url = " +
      url +
      "\n"
      "force_introspection = yes\n"
      "username_attribute = sub\n"
      "active_attribute = active\n"
      "active_value = true\n"
      "timeout_msecs = 10000\n";
  if (!provider.trust_file().empty()) conf += "tls_ca_cert_file = " + provider.trust_file() + "\n";
  WriteFile(conf_ext_path, conf);
  return {"passdb {", "  driver = oauth2", "  mechanisms = xoauth2 oauthbearer",
          "  args = " + conf_ext_path, "}"};
}

}  // namespace mpop::testing
