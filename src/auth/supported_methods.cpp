#include "auth/supported_methods.hpp"

#include "auth/method_registry.hpp"

namespace mpop::auth {

bool IsGsaslMethod(std::string_view method) {
  const Method* row = FindMethod(method);
  return row == nullptr || row->library == MethodLibrary::kGnuSasl;
}

std::vector<std::string_view> SupportedMethods(const SaslContext* context) {
  std::vector<std::string_view> methods;
  for (const Method& method : kMethods) {
    if (method.library == MethodLibrary::kBuiltin ||
        (context != nullptr && context->ClientSupports(method.name))) {
      methods.push_back(method.name);
    }
  }
  return methods;
}

}  // namespace mpop::auth
