#pragma once
// SaslContext: one GNU SASL library context (gsasl_init/gsasl_done), owned by whoever runs
// sessions and passed down; there is no process-wide instance. gsasl_init only registers
// the built-in mechanism tables, so one per account session is cheap too.

#include <string_view>

#include "util/c_handle.hpp"
#include "util/result.hpp"

struct Gsasl;

namespace mpop::auth {

class SaslContext {
 public:
  // Errors: kSoftware "cannot initialize GNU SASL: TEXT".
  static Result<SaslContext> Create();

  // Whether GNU SASL has a client side for `mechanism` (upper-case name).
  bool ClientSupports(std::string_view mechanism) const;
  // Whether GNU SASL has a server side for `mechanism` (upper-case name), for mpopd.
  bool ServerSupports(std::string_view mechanism) const;

  Gsasl* get() const { return context_.get(); }

 private:
  static void Done(Gsasl* context);
  explicit SaslContext(Gsasl* context) : context_(context) {}
  CHandle<Gsasl, &SaslContext::Done> context_;
};

}  // namespace mpop::auth
