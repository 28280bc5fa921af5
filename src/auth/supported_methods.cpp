#include "auth/supported_methods.hpp"

#include <algorithm>

#include "auth/method_choice.hpp"

namespace mpop::auth {

bool IsGsaslMethod(std::string_view method) {
  return std::find(std::begin(kBuiltinMethods), std::end(kBuiltinMethods), method) ==
         std::end(kBuiltinMethods);
}

std::vector<std::string_view> SupportedMethods(const SaslContext* context) {
  std::vector<std::string_view> methods;
  for (std::string_view method : kKnownMethods) {
    if (!IsGsaslMethod(method) || (context != nullptr && context->ClientSupports(method))) {
      methods.push_back(method);
    }
  }
  return methods;
}

}  // namespace mpop::auth
