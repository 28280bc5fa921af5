#include "auth/gsasl_mechanism.hpp"

#include <string.h>

#include <utility>

#include "auth/base64.hpp"
#include "auth/gsasl_api.hpp"
#include "util/i18n.hpp"

namespace mpop::auth {
namespace {

constexpr std::string_view kClientFirst[] = {
    "PLAIN",         "EXTERNAL",           "SCRAM-SHA-1", "SCRAM-SHA-1-PLUS",
    "SCRAM-SHA-256", "SCRAM-SHA-256-PLUS", "GSSAPI",      "NTLM"};

void Set(const GsaslApi& api, Gsasl_session* session, Gsasl_property property,
         std::string_view value) {
  std::string text(value);  // may be the password: wiped below
  api.property_set_raw(session, property, text.data(), text.size());
  SecretString::Wipe(text);
}

// GNU SASL frees its copies without clearing them: overwrite the secret ones first.
void WipeProperty(const GsaslApi& api, Gsasl_session* session, Gsasl_property property) {
  const char* value = api.property_fast(session, property);
  if (value != nullptr) explicit_bzero(const_cast<char*>(value), strlen(value));
}

Status SetCredentials(const GsaslApi& api, Gsasl_session* session, std::string_view mechanism,
                      const SaslCredentials& credentials) {
  Set(api, session, GSASL_SERVICE, "pop");
  Set(api, session, GSASL_HOSTNAME, credentials.host);
  if (mechanism == "EXTERNAL") {
    Set(api, session, GSASL_AUTHZID, credentials.user);
    return {};
  }
  Set(api, session, GSASL_AUTHID, credentials.user);
  if (mechanism != "GSSAPI") Set(api, session, GSASL_PASSWORD, credentials.password);
  if (credentials.ntlm_domain) Set(api, session, GSASL_REALM, *credentials.ntlm_domain);
  if (!mechanism.ends_with("-PLUS")) return {};
  const ChannelBinding* binding = credentials.channel_binding;
  if (binding == nullptr) {
    return Error::Unavailable(
        TrFormat("authentication method {} needs TLS channel binding, which this connection lacks",
                 mechanism));
  }
  Set(api, session,
      binding->kind == ChannelBinding::Kind::kTlsUnique ? GSASL_CB_TLS_UNIQUE
                                                        : GSASL_CB_TLS_EXPORTER,
      Base64Encode(binding->data));
  return {};
}

}  // namespace

bool IsClientFirst(std::string_view mechanism) {
  for (std::string_view name : kClientFirst) {
    if (name == mechanism) return true;
  }
  return false;
}

Result<std::unique_ptr<GsaslMechanism>> GsaslMechanism::Create(const SaslContext& context,
                                                               std::string_view mechanism,
                                                               const SaslCredentials& credentials) {
  const GsaslApi& api = context.api();
  std::unique_ptr<GsaslMechanism> self(new GsaslMechanism(api, std::string(mechanism)));
  Gsasl_session* session = nullptr;
  const int rc = api.client_start(context.get(), self->name_.c_str(), &session);
  if (rc != GSASL_OK) {
    return Error::Software(TrFormat("cannot start SASL {}: {}", self->name_, api.strerror(rc)));
  }
  self->session_.reset(session);
  MPOP_TRY(SetCredentials(api, session, mechanism, credentials));
  return self;
}

void GsaslMechanism::Finish::operator()(Gsasl_session* session) const {
  WipeProperty(*api, session, GSASL_PASSWORD);
  api->finish(session);
}

GsaslMechanism::~GsaslMechanism() = default;

Result<std::optional<SecretString>> GsaslMechanism::Start() {
  if (!IsClientFirst(name_)) return std::optional<SecretString>();
  Result<SecretString> first = Step({});
  if (!first) return std::move(first).error();
  return std::optional<SecretString>(std::move(*first));
}

Result<SecretString> GsaslMechanism::Respond(std::string_view challenge) { return Step(challenge); }

Result<SecretString> GsaslMechanism::Step(std::string_view input) {
  if (finished_) return SecretString();
  char* output = nullptr;
  size_t output_length = 0;
  const int rc = api_.step(session_.get(), input.data(), input.size(), &output, &output_length);
  const std::unique_ptr<char, GsaslFree> owned(output, GsaslFree{&api_});
  if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE) {
    const std::string what = "SASL " + name_ + " failed: " + api_.strerror(rc);
    // The mechanism's own verdict on the server (SCRAM's server signature, DIGEST-MD5's
    // rspauth): the server does not know the password, or it is not the server. GSSAPI
    // without usable Kerberos credentials (no ticket: kinit) is a credentials problem too.
    if (rc == GSASL_AUTHENTICATION_ERROR || rc == GSASL_GSSAPI_INIT_SEC_CONTEXT_ERROR ||
        rc == GSASL_GSSAPI_ACQUIRE_CRED_ERROR) {
      return Error::NoPerm(what);
    }
    return Error::Protocol(what);
  }
  finished_ = rc == GSASL_OK;
  std::string response(output != nullptr ? output : "", output_length);
  if (output != nullptr) explicit_bzero(output, output_length);
  return SecretString(std::move(response));
}

}  // namespace mpop::auth
