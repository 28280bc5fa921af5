#include "server/sasl_server.hpp"

#include <string.h>

#include <cstring>

#include "auth/base64.hpp"
#include "auth/gsasl_api.hpp"
#include "server/gatekeeper.hpp"
#include "util/i18n.hpp"

namespace mpop::server {
namespace {

// Strongest first: clients that pick the first one they know get SCRAM.
constexpr std::string_view kCandidates[] = {"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "PLAIN"};

// Makes a SCRAM exchange for an unknown user run to the end like any other. Knowing this
// text gets nobody in: an exchange without a mailbox never succeeds (Finish). Printable,
// so that SASLprep accepts it and the failure comes where a wrong password fails.
constexpr char kUnknownUserPassword[] = "mpopd: no such user";

// The exchange whose call into GNU SASL runs on this thread. GNU SASL's property callback
// gets no user data but hooks, and a hook can only be read through the loaded library's
// functions, which the callback could not reach: the exchange that called in is the one
// asked about, so Feed() names itself here for the length of its gsasl_step64 call.
thread_local SaslExchange* running_exchange = nullptr;

int OnProperty(Gsasl*, Gsasl_session* session, Gsasl_property property) {
  return SaslExchange::Callback(running_exchange, session, property);
}

// GNU SASL takes the binding data base64-encoded, in the property of its type.
void SetChannelBinding(const auth::GsaslApi& api, Gsasl_session* session,
                       const net::ChannelBinding& binding) {
  api.property_set(session,
                   binding.type == net::ChannelBindingType::kTlsUnique ? GSASL_CB_TLS_UNIQUE
                                                                       : GSASL_CB_TLS_EXPORTER,
                   auth::Base64Encode(binding.data).c_str());
}

}  // namespace

Result<std::unique_ptr<SaslLibrary>> SaslLibrary::Init() {
  Result<auth::SaslContext> context = auth::SaslContext::Create();
  if (!context) return std::move(context).error();
  context->api().callback_set(context->get(), OnProperty);
  std::string mechanisms;
  for (std::string_view candidate : kCandidates) {
    if (!context->ServerSupports(candidate)) continue;
    if (!mechanisms.empty()) mechanisms += ' ';
    mechanisms += candidate;
  }
  return std::unique_ptr<SaslLibrary>(new SaslLibrary(std::move(*context), std::move(mechanisms)));
}

bool ListsMechanism(std::string_view list, std::string_view mechanism) {
  while (!list.empty()) {
    const std::size_t space = list.find(' ');
    if (list.substr(0, space) == mechanism) return true;
    list.remove_prefix(space == std::string_view::npos ? list.size() : space + 1);
  }
  return false;
}

bool SaslLibrary::Offers(std::string_view mechanism) const {
  return ListsMechanism(mechanisms_, mechanism);
}

Result<std::unique_ptr<SaslExchange>> SaslExchange::Start(const SaslLibrary& library,
                                                          std::string_view mechanism,
                                                          Gatekeeper& gatekeeper,
                                                          const net::ChannelBinding* binding) {
  const std::string name(mechanism);
  const auth::GsaslApi& api = library.api();
  std::unique_ptr<SaslExchange> exchange(
      new SaslExchange(api, gatekeeper, name.starts_with("SCRAM-")));
  Gsasl_session* session = nullptr;
  const int rc = api.server_start(library.context(), name.c_str(), &session);
  if (rc != GSASL_OK) {
    return Error::Software(TrFormat("cannot start SASL {}: {}", name, api.strerror(rc)));
  }
  exchange->session_.reset(session);
  if (binding != nullptr) SetChannelBinding(api, session, *binding);
  // The delay comes before anything the client could learn from (PLAIN waits in Admit).
  if (exchange->proof_mechanism_) gatekeeper.Wait();
  return exchange;
}

void SaslExchange::EndSession::operator()(Gsasl_session* session) const {
  // The user's password, set for SCRAM or received with PLAIN, leaves no copy behind.
  if (const char* password = api->property_fast(session, GSASL_PASSWORD)) {
    explicit_bzero(const_cast<char*>(password), std::strlen(password));
  }
  api->finish(session);
}

int SaslExchange::Callback(SaslExchange* self, Gsasl_session* session, int property) {
  if (self == nullptr || self->session_.get() != session) return GSASL_NO_CALLBACK;
  if (property == GSASL_VALIDATE_SIMPLE && !self->proof_mechanism_) {
    return self->ValidatePlain(session);
  }
  if (property == GSASL_PASSWORD && self->proof_mechanism_) return self->ProvidePassword(session);
  // Everything else (SCRAM iteration count and salt, ...) takes GNU SASL's defaults.
  return GSASL_NO_CALLBACK;
}

int SaslExchange::ValidatePlain(Gsasl_session* session) {
  const char* authid = api_.property_fast(session, GSASL_AUTHID);
  const char* authzid = api_.property_fast(session, GSASL_AUTHZID);
  const char* password = api_.property_fast(session, GSASL_PASSWORD);
  if (authid == nullptr || password == nullptr) return GSASL_AUTHENTICATION_ERROR;
  user_ = authid;
  // Acting as another user (an authorization identity) is not supported.
  if (authzid != nullptr && *authzid != '\0' && user_ != authzid) return GSASL_AUTHENTICATION_ERROR;
  maildir_ = gatekeeper_.Admit(authid, password);
  return maildir_ ? GSASL_OK : GSASL_AUTHENTICATION_ERROR;
}

int SaslExchange::ProvidePassword(Gsasl_session* session) {
  const char* authid = api_.property_fast(session, GSASL_AUTHID);
  const char* authzid = api_.property_fast(session, GSASL_AUTHZID);
  if (authid == nullptr) return GSASL_NO_CALLBACK;
  user_ = authid;
  std::optional<MailboxSecret> secret = gatekeeper_.Lookup(authid);
  const bool other_identity = authzid != nullptr && *authzid != '\0' && user_ != authzid;
  if (!secret || other_identity) {
    maildir_.reset();
    api_.property_set(session, GSASL_PASSWORD, kUnknownUserPassword);
    return GSASL_OK;
  }
  maildir_ = secret->maildir;
  // With its length: no NUL-terminated copy of the password is left behind (EndSession
  // wipes GNU SASL's own).
  const std::string_view password = secret->password.view();
  return api_.property_set_raw(session, GSASL_PASSWORD, password.data(), password.size());
}

SaslExchange::Step SaslExchange::Finish(bool success) {
  Step step;
  step.user = user_;
  if (proof_mechanism_) {
    success = success && maildir_.has_value();
    gatekeeper_.Record(success);
  }
  if (success) {
    step.kind = Step::Kind::kSuccess;
    step.maildir = *maildir_;
  }
  return step;
}

SaslExchange::Step SaslExchange::Feed(std::string_view base64) {
  if (final_sent_) return Finish(base64.empty());
  const std::string input(base64);
  char* output = nullptr;
  running_exchange = this;
  const int rc = api_.step64(session_.get(), input.c_str(), &output);
  running_exchange = nullptr;
  const std::unique_ptr<char, auth::GsaslFree> owned(output, auth::GsaslFree{&api_});
  const std::string data = output != nullptr ? output : "";
  if (rc == GSASL_NEEDS_MORE) {
    Step step;
    step.kind = Step::Kind::kChallenge;
    step.challenge = data;
    step.user = user_;
    return step;
  }
  if (rc == GSASL_OK && !data.empty()) {
    // Additional data with success: as a challenge, answered by an empty line.
    final_sent_ = true;
    Step step;
    step.kind = Step::Kind::kChallenge;
    step.challenge = data;
    step.user = user_;
    return step;
  }
  return Finish(rc == GSASL_OK && maildir_.has_value());
}

}  // namespace mpop::server
