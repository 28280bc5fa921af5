#pragma once
// CurlApi: every libcurl function mpop calls, as pointers that CurlLibrary::Init() looks
// up in the library it loads (oauth2/curl_library.hpp). <curl/curl.h> still gives the
// types and constants, and each pointer has the type of its function there, so calls
// through the table are checked like direct ones. A function used anywhere in src/ needs
// its entry here and its lookup in curl_library.cpp.

#include <curl/curl.h>

namespace mpop::oauth2 {

struct CurlApi {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_global_cleanup) global_cleanup = nullptr;
  decltype(&::curl_version) version = nullptr;
  decltype(&::curl_version_info) version_info = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_url) url = nullptr;
  decltype(&::curl_url_cleanup) url_cleanup = nullptr;
  decltype(&::curl_url_set) url_set = nullptr;
  decltype(&::curl_url_get) url_get = nullptr;
  decltype(&::curl_free) free = nullptr;
};

}  // namespace mpop::oauth2
