#pragma once
// GsaslApi: every GNU SASL function mpop and mpopd call, as pointers that
// SaslContext::Create() looks up in the library it loads (auth/sasl_context.hpp). <gsasl.h>
// still gives the types and constants, and each pointer has the type of its function
// there, so calls through the table are checked like direct ones. A function used anywhere
// in src/ needs its entry here and its lookup in sasl_context.cpp. Include only from .cpp
// files (and tests): it brings GNU SASL's header along.

#include <gsasl.h>

namespace mpop::auth {

struct GsaslApi {
  decltype(&::gsasl_init) init = nullptr;
  decltype(&::gsasl_done) done = nullptr;
  decltype(&::gsasl_strerror) strerror = nullptr;
  decltype(&::gsasl_free) free = nullptr;
  decltype(&::gsasl_client_support_p) client_support_p = nullptr;
  decltype(&::gsasl_server_support_p) server_support_p = nullptr;
  decltype(&::gsasl_callback_set) callback_set = nullptr;
  decltype(&::gsasl_client_start) client_start = nullptr;
  decltype(&::gsasl_server_start) server_start = nullptr;
  decltype(&::gsasl_finish) finish = nullptr;
  decltype(&::gsasl_property_set) property_set = nullptr;
  decltype(&::gsasl_property_set_raw) property_set_raw = nullptr;
  decltype(&::gsasl_property_fast) property_fast = nullptr;
  decltype(&::gsasl_step) step = nullptr;
  decltype(&::gsasl_step64) step64 = nullptr;
};

// Frees what GNU SASL allocated for an output it filled.
struct GsaslFree {
  const GsaslApi* api;
  void operator()(char* data) const { api->free(data); }
};

}  // namespace mpop::auth
