// Fuzzes what an OAuth2 provider (or whoever answers in its place) sends back, and the
// token file: the discovery document, the token endpoint's answers, the device
// authorization, and the stored tokens. None may crash or hang; what a parser accepts
// must be complete.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "oauth2/device_flow.hpp"
#include "oauth2/discovery.hpp"
#include "oauth2/token_endpoint.hpp"
#include "oauth2/token_store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mpop::oauth2;
  const std::string body(reinterpret_cast<const char*>(data), size);
  for (long status : {200L, 400L, 503L}) {
    const HttpResponse response{status, "application/json", body};
    auto reply = ParseTokenReply(response, "https://id.example/token", TimePoint{});
    if (reply && std::holds_alternative<TokenSet>(*reply) &&
        std::get<TokenSet>(*reply).access_token.empty()) {
      std::abort();  // a token set without a token must have been an error
    }
    auto device = ParseDeviceAuthorization(response, "https://id.example/device");
    if (device && (device->device_code.empty() || device->user_code.empty())) std::abort();
  }
  auto metadata = ParseMetadata(body, "https://id.example/.well-known/openid-configuration",
                                "https://id.example");
  if (metadata && (metadata->token_endpoint.empty() || metadata->issuer != "https://id.example")) {
    std::abort();
  }
  if (auto tokens = ParseTokenFile(body)) {
    // What was read writes back to the same tokens.
    if (ParseTokenFile(FormatTokenFile(*tokens)) != tokens) std::abort();
  }
  return 0;
}
