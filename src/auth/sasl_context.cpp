#include "auth/sasl_context.hpp"

#include <string>
#include <utility>

#include "auth/gsasl_api.hpp"
#include "util/i18n.hpp"

namespace mpop::auth {
namespace {

// The name of a function in the library, and where its address goes.
#define MPOP_GSASL_FUNCTION(name) MPOP_TRY(library.Resolve("gsasl_" #name, api.name))

Status Resolve(const SharedLibrary& library, GsaslApi& api) {
  MPOP_GSASL_FUNCTION(init);
  MPOP_GSASL_FUNCTION(done);
  MPOP_GSASL_FUNCTION(strerror);
  MPOP_GSASL_FUNCTION(free);
  MPOP_GSASL_FUNCTION(client_support_p);
  MPOP_GSASL_FUNCTION(server_support_p);
  MPOP_GSASL_FUNCTION(callback_set);
  MPOP_GSASL_FUNCTION(client_start);
  MPOP_GSASL_FUNCTION(server_start);
  MPOP_GSASL_FUNCTION(finish);
  MPOP_GSASL_FUNCTION(property_set);
  MPOP_GSASL_FUNCTION(property_set_raw);
  MPOP_GSASL_FUNCTION(property_fast);
  MPOP_GSASL_FUNCTION(step);
  MPOP_GSASL_FUNCTION(step64);
  return {};
}

#undef MPOP_GSASL_FUNCTION

Error InitError(std::string_view reason) {
  return Error::Software(TrFormat("cannot initialize GNU SASL: {}", reason));
}

}  // namespace

void SaslContext::Done::operator()(Gsasl* context) const { api->done(context); }

Result<SaslContext> SaslContext::Create() {
  Result<LoadedLibrary<GsaslApi>> loaded = LoadLibrary(MPOP_GSASL_SONAME, Resolve);
  if (!loaded) return InitError(loaded.error().message);
  auto& [library, api] = *loaded;
  Gsasl* context = nullptr;
  if (const int rc = api->init(&context); rc != GSASL_OK) return InitError(api->strerror(rc));
  return SaslContext(std::move(library), std::move(api), context);
}

SaslContext::SaslContext(SharedLibrary library, std::unique_ptr<const GsaslApi> api, Gsasl* context)
    : library_(std::move(library)), api_(std::move(api)), context_(context, Done{api_.get()}) {}

SaslContext::SaslContext(SaslContext&& other) noexcept = default;

SaslContext::~SaslContext() = default;

bool SaslContext::ClientSupports(std::string_view mechanism) const {
  const std::string name(mechanism);
  return api_->client_support_p(context_.get(), name.c_str()) != 0;
}

bool SaslContext::ServerSupports(std::string_view mechanism) const {
  const std::string name(mechanism);
  return api_->server_support_p(context_.get(), name.c_str()) != 0;
}

}  // namespace mpop::auth
