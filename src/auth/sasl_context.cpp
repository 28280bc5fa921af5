#include "auth/sasl_context.hpp"

#include <gsasl.h>

#include <string>

#include "util/i18n.hpp"

namespace mpop::auth {

void SaslContext::Done(Gsasl* context) { gsasl_done(context); }

Result<SaslContext> SaslContext::Create() {
  Gsasl* context = nullptr;
  const int rc = gsasl_init(&context);
  if (rc != GSASL_OK) {
    return Error::Software(TrFormat("cannot initialize GNU SASL: {}", gsasl_strerror(rc)));
  }
  return SaslContext(context);
}

bool SaslContext::ClientSupports(std::string_view mechanism) const {
  const std::string name(mechanism);
  return gsasl_client_support_p(context_.get(), name.c_str()) != 0;
}

bool SaslContext::ServerSupports(std::string_view mechanism) const {
  const std::string name(mechanism);
  return gsasl_server_support_p(context_.get(), name.c_str()) != 0;
}

}  // namespace mpop::auth
