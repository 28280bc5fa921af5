#include "oauth2/curl_library.hpp"

#include <curl/curl.h>

#include <string>
#include <string_view>

#include "util/i18n.hpp"

namespace mpop::oauth2 {

Result<CurlLibrary> CurlLibrary::Init() {
  CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK) {
    return Error::Software(TrFormat("cannot initialize HTTP library: {}", curl_easy_strerror(rc)));
  }
  CurlLibrary library;
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  if (info->ssl_version == nullptr ||
      std::string_view(info->ssl_version).find("GnuTLS") == std::string_view::npos) {
    return Error::Software(
        TrFormat("cannot initialize HTTP library: libcurl {} does not use GnuTLS", info->version));
  }
  return library;
}

CurlLibrary::~CurlLibrary() {
  if (active_) curl_global_cleanup();
}

const char* CurlLibrary::RuntimeVersion() { return curl_version(); }

}  // namespace mpop::oauth2
