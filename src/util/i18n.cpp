#include "util/i18n.hpp"

#include <clocale>
#include <cstdlib>

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

bool NlsEnabled() { return MPOP_NLS != 0; }

std::string_view CompiledLocaleDir() { return MPOP_NLS_LOCALEDIR; }

std::string NlsVersionLine() {
  return NlsEnabled() ? "NLS: enabled, LOCALEDIR is " + std::string(CompiledLocaleDir()) + "\n"
                      : "NLS: disabled\n";
}

std::string LocaleDir() {
  const char* dir = std::getenv("MPOP_LOCALEDIR");
  if (dir != nullptr && dir[0] != '\0') return dir;
  return std::string(CompiledLocaleDir());
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
