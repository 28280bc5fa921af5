#pragma once
// The authentication methods this build supports (manual chapter 5, `mpop --version`):
// the built-in rows of auth/method_registry.hpp and every GNU SASL row that GNU SASL has a
// client for. Upper-case, in the table's order; the views point into kMethods. This is
// what auth/method_choice.hpp's `supported` parameter takes.

#include <string_view>
#include <vector>

#include "auth/sasl_context.hpp"

namespace mpop::auth {

// With no GNU SASL context (it failed to initialize), only the built-in methods.
std::vector<std::string_view> SupportedMethods(const SaslContext* context);

// Whether the method runs through GNU SASL (its row's library; unknown names too).
bool IsGsaslMethod(std::string_view method);

}  // namespace mpop::auth
