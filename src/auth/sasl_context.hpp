#pragma once
// SaslContext: one GNU SASL library context (gsasl_init/gsasl_done), owned by whoever runs
// sessions and passed down; there is no process-wide instance. gsasl_init only registers
// the built-in mechanism tables, so one per account session is cheap too.
//
// GNU SASL is loaded with dlopen() (util/shared_library.hpp) when a context is created,
// rather than linked (issue 17): it and what it needs (libidn, libntlm, libgssglue) cost
// every run start-up time, and only a login through one of its mechanisms (and mpopd's
// AUTH) uses it. Its name is the SONAME of the GNU SASL found at build time
// (MPOP_GSASL_SONAME, libgsasl.so.18 on Debian); the loader counts dlopen() calls.

#include <memory>
#include <string_view>

#include "util/result.hpp"
#include "util/shared_library.hpp"

struct Gsasl;

namespace mpop::auth {

struct GsaslApi;

class SaslContext {
 public:
  // Loads GNU SASL, looks up its functions and calls gsasl_init(). Errors: kSoftware
  // "cannot initialize GNU SASL: TEXT", e.g. the loader's text for a missing library or
  // function.
  static Result<SaslContext> Create();

  SaslContext(SaslContext&& other) noexcept;
  SaslContext& operator=(SaslContext&&) = delete;
  SaslContext(const SaslContext&) = delete;
  SaslContext& operator=(const SaslContext&) = delete;
  ~SaslContext();  // gsasl_done(), then dlclose()

  // Whether GNU SASL has a client side for `mechanism` (upper-case name).
  bool ClientSupports(std::string_view mechanism) const;
  // Whether GNU SASL has a server side for `mechanism` (upper-case name), for mpopd.
  bool ServerSupports(std::string_view mechanism) const;

  Gsasl* get() const { return context_.get(); }
  // The library's functions (auth/gsasl_api.hpp); valid as long as this object (a move
  // keeps them in place).
  const GsaslApi& api() const { return *api_; }

 private:
  struct Done {
    const GsaslApi* api;
    void operator()(Gsasl* context) const;
  };
  SaslContext(SharedLibrary library, std::unique_ptr<const GsaslApi> api, Gsasl* context);

  SharedLibrary library_;
  std::unique_ptr<const GsaslApi> api_;
  std::unique_ptr<Gsasl, Done> context_;  // last: released first
};

}  // namespace mpop::auth
