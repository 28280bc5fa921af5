#include "server/sasl_server.hpp"

#include <gsasl.h>

namespace mpop::server {
namespace {

int OnProperty(Gsasl*, Gsasl_session* session, Gsasl_property property) {
  return SaslExchange::Callback(session, property);
}

}  // namespace

Result<std::unique_ptr<SaslLibrary>> SaslLibrary::Init() {
  Gsasl* context = nullptr;
  const int rc = gsasl_init(&context);
  if (rc != GSASL_OK) {
    return Error::Software(std::string("cannot initialize GNU SASL: ") + gsasl_strerror(rc));
  }
  gsasl_callback_set(context, OnProperty);
  return std::unique_ptr<SaslLibrary>(new SaslLibrary(context));
}

SaslLibrary::~SaslLibrary() { gsasl_done(context_); }

Result<std::unique_ptr<SaslExchange>> SaslExchange::Start(const SaslLibrary& library,
                                                          std::string_view mechanism,
                                                          Validator validator) {
  std::unique_ptr<SaslExchange> exchange(new SaslExchange(std::move(validator)));
  const std::string name(mechanism);
  const int rc = gsasl_server_start(library.context(), name.c_str(), &exchange->session_);
  if (rc != GSASL_OK) {
    return Error::Software("cannot start SASL " + name + ": " + gsasl_strerror(rc));
  }
  gsasl_session_hook_set(exchange->session_, exchange.get());
  return exchange;
}

SaslExchange::~SaslExchange() {
  if (session_ != nullptr) gsasl_finish(session_);
}

int SaslExchange::Callback(Gsasl_session* session, int property) {
  auto* self = static_cast<SaslExchange*>(gsasl_session_hook_get(session));
  if (self == nullptr || property != GSASL_VALIDATE_SIMPLE) return GSASL_NO_CALLBACK;
  const char* authid = gsasl_property_fast(session, GSASL_AUTHID);
  const char* authzid = gsasl_property_fast(session, GSASL_AUTHZID);
  const char* password = gsasl_property_fast(session, GSASL_PASSWORD);
  if (authid == nullptr || password == nullptr) return GSASL_AUTHENTICATION_ERROR;
  self->user_ = authid;
  // Acting as another user (an authorization identity) is not supported.
  if (authzid != nullptr && *authzid != '\0' && self->user_ != authzid) {
    return GSASL_AUTHENTICATION_ERROR;
  }
  self->maildir_ = self->validator_(authid, password);
  return self->maildir_ ? GSASL_OK : GSASL_AUTHENTICATION_ERROR;
}

SaslExchange::Step SaslExchange::Feed(std::string_view base64) {
  const std::string input(base64);
  char* output = nullptr;
  const int rc = gsasl_step64(session_, input.c_str(), &output);
  Step step;
  step.user = user_;
  if (rc == GSASL_NEEDS_MORE) {
    step.kind = Step::Kind::kChallenge;
    step.challenge = output != nullptr ? output : "";
  } else if (rc == GSASL_OK && maildir_) {
    step.kind = Step::Kind::kSuccess;
    step.maildir = *maildir_;
  }
  gsasl_free(output);
  return step;
}

}  // namespace mpop::server
