#include "oauth2/curl_library.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "oauth2/curl_api.hpp"
#include "util/i18n.hpp"

namespace mpop::oauth2 {
namespace {

Status Resolve(const SharedLibrary& library, CurlApi& api) {
  MPOP_TRY(library.Resolve("curl_global_init", api.global_init));
  MPOP_TRY(library.Resolve("curl_global_cleanup", api.global_cleanup));
  MPOP_TRY(library.Resolve("curl_version", api.version));
  MPOP_TRY(library.Resolve("curl_version_info", api.version_info));
  MPOP_TRY(library.Resolve("curl_easy_init", api.easy_init));
  MPOP_TRY(library.Resolve("curl_easy_cleanup", api.easy_cleanup));
  MPOP_TRY(library.Resolve("curl_easy_setopt", api.easy_setopt));
  MPOP_TRY(library.Resolve("curl_easy_perform", api.easy_perform));
  MPOP_TRY(library.Resolve("curl_easy_getinfo", api.easy_getinfo));
  MPOP_TRY(library.Resolve("curl_easy_strerror", api.easy_strerror));
  MPOP_TRY(library.Resolve("curl_url", api.url));
  MPOP_TRY(library.Resolve("curl_url_cleanup", api.url_cleanup));
  MPOP_TRY(library.Resolve("curl_url_set", api.url_set));
  MPOP_TRY(library.Resolve("curl_url_get", api.url_get));
  MPOP_TRY(library.Resolve("curl_free", api.free));
  return {};
}

Error InitError(std::string_view reason) {
  return Error::Software(TrFormat("cannot initialize HTTP library: {}", reason));
}

}  // namespace

Result<CurlLibrary> CurlLibrary::Init() {
  Result<LoadedLibrary<CurlApi>> loaded = LoadLibrary(MPOP_CURL_SONAME, Resolve);
  if (!loaded) return InitError(loaded.error().message);
  auto& [library, api] = *loaded;
  CURLcode rc = api->global_init(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK) return InitError(api->easy_strerror(rc));
  const curl_version_info_data* info = api->version_info(CURLVERSION_NOW);
  CurlLibrary initialized(std::move(library), std::move(api));
  if (info->ssl_version == nullptr ||
      std::string_view(info->ssl_version).find("GnuTLS") == std::string_view::npos) {
    return Error::Software(
        TrFormat("cannot initialize HTTP library: libcurl {} does not use GnuTLS", info->version));
  }
  return initialized;
}

CurlLibrary::CurlLibrary(SharedLibrary library, std::unique_ptr<const CurlApi> api)
    : library_(std::move(library)), api_(std::move(api)) {}

CurlLibrary::CurlLibrary(CurlLibrary&& other) noexcept = default;

CurlLibrary::~CurlLibrary() {
  if (api_) api_->global_cleanup();
}

const char* CurlLibrary::RuntimeVersion() const { return api_->version(); }

}  // namespace mpop::oauth2
