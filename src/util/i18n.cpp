#include "util/i18n.hpp"

#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#if MPOP_NLS
#include <libintl.h>
#endif

namespace mpop {
namespace {

#if MPOP_NLS
constexpr const char* kTextDomain = "mpop";
#endif

}  // namespace

void InitTranslations() {
  std::setlocale(LC_ALL, "");
#if MPOP_NLS
  const std::string dir = LocaleDir();
  bindtextdomain(kTextDomain, dir.c_str());
  // The catalogs are UTF-8; gettext converts them to the locale's character set.
  textdomain(kTextDomain);
#endif
}

void UseUntranslatedMessages() { std::setlocale(LC_MESSAGES, "C"); }

bool NlsEnabled() { return MPOP_NLS != 0; }

std::string_view CompiledLocaleDir() { return MPOP_NLS_LOCALEDIR; }

std::string NlsVersionLine() {
  return NlsEnabled() ? "NLS: enabled, LOCALEDIR is " + std::string(CompiledLocaleDir()) + "\n"
                      : "NLS: disabled\n";
}

std::string LocaleDir() {
  const char* dir = std::getenv("MPOP_LOCALEDIR");
  if (dir == nullptr || dir[0] == '\0') return std::string(CompiledLocaleDir());
  // Absolute: gettext opens the catalogs lazily, after a maildir delivery may have changed
  // the working directory.
  std::error_code ignored;
  std::filesystem::path absolute = std::filesystem::absolute(dir, ignored);
  return absolute.empty() ? std::string(dir) : absolute.string();
}

const char* Tr(const char* msgid) {
#if MPOP_NLS
  // gettext("") would return the catalog's header.
  return msgid[0] == '\0' ? msgid : dgettext(kTextDomain, msgid);
#else
  return msgid;
#endif
}

const char* TrN(const char* singular, const char* plural, unsigned long n) {
#if MPOP_NLS
  return dngettext(kTextDomain, singular, plural, n);
#else
  return n == 1 ? singular : plural;
#endif
}

}  // namespace mpop
