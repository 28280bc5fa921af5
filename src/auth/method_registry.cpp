#include "auth/method_registry.hpp"

#include <algorithm>
#include <cassert>

#include "auth/apop.hpp"
#include "auth/gsasl_mechanism.hpp"
#include "auth/oauthbearer_mechanism.hpp"
#include "auth/sasl_exchange.hpp"
#include "auth/xoauth2_mechanism.hpp"
#include "pop3/session.hpp"

namespace mpop::auth {

const Method* FindMethod(std::string_view name) {
  const auto* found = std::find_if(std::begin(kMethods), std::end(kMethods),
                                   [name](const Method& method) { return method.name == name; });
  return found == std::end(kMethods) ? nullptr : found;
}

std::optional<bool> ServerOffers(const Method& method, const ServerOffer& offer) {
  switch (method.offered_by) {
    case OfferedBy::kAlways:
      return true;
    case OfferedBy::kApopTimestamp:
      return offer.apop_available;
    case OfferedBy::kSaslCapability:
      break;
  }
  if (!offer.capa_supported) return std::nullopt;
  return std::find(offer.sasl_mechanisms.begin(), offer.sasl_mechanisms.end(), method.name) !=
         offer.sasl_mechanisms.end();
}

Status LoginUserPass(pop3::Session& session, const LoginInput& input) {
  return session.UserPass(input.user, input.password);
}

Status LoginApop(pop3::Session& session, const LoginInput& input) {
  return session.Apop(input.user, ApopDigest(input.apop_timestamp, input.password));
}

Status LoginOAuthBearer(pop3::Session& session, const LoginInput& input) {
  OAuthBearerMechanism mechanism(input.user, input.host, input.port, input.password);
  return Authenticate(session, mechanism);
}

Status LoginXOAuth2(pop3::Session& session, const LoginInput& input) {
  XOAuth2Mechanism mechanism(input.user, input.password);
  return Authenticate(session, mechanism);
}

Status LoginGnuSasl(pop3::Session& session, const LoginInput& input) {
  assert(input.sasl != nullptr);  // ChooseMethod saw no GNU SASL method without a context
  SaslCredentials credentials{.user = input.user,
                              .password = input.password,
                              .host = input.host,
                              .ntlm_domain = input.ntlm_domain,
                              .channel_binding = input.channel_binding};
  auto mechanism = GsaslMechanism::Create(*input.sasl, input.method, credentials);
  if (!mechanism) return std::move(mechanism).error();
  return Authenticate(session, **mechanism);
}

}  // namespace mpop::auth
