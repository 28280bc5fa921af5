#pragma once
// The authentication methods this build supports (manual chapter 5, `mpop --version`):
// the built-in ones (kBuiltinMethods) and every other method of kKnownMethods that GNU
// SASL has a client for. Upper-case, in kKnownMethods' order; the views point into
// kKnownMethods. This is what auth/method_choice.hpp's `supported` parameter takes.

#include <string_view>
#include <vector>

#include "auth/sasl_context.hpp"

namespace mpop::auth {

// With no GNU SASL context (it failed to initialize), only the built-in methods.
std::vector<std::string_view> SupportedMethods(const SaslContext* context);

// Whether the method runs through GNU SASL (everything but kBuiltinMethods).
bool IsGsaslMethod(std::string_view method);

}  // namespace mpop::auth
