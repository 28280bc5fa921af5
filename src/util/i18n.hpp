#pragma once
// Translation of the messages a person reads (issue 21), through GNU gettext in glibc, text
// domain "mpop" for both programs. What scripts and the protocol read (--pretend keys, the
// UIDLs file, POP3 commands, JSON output, --version) is never marked.
//
// The marking calls are the keywords po/CMakeLists.txt passes to xgettext:
//   Tr("text")                         the translation of a plain message
//   TrN("one", "many", n)              the plural form for n (ngettext)
//   TrFormat("text {}", args...)       fmt::format of the translated format string
//   TrNFormat("{} mail", "{} mails", n, args...)   the same with the plural form for n
//   N_("text")                         marks a table's text; Tr() it where it is printed
// Without a call to InitTranslations() (unit tests) and under LANG=C every call returns the
// English text, so tests that assert English keep working.

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace mpop {

// Sets the program's locale from the environment (setlocale(LC_ALL, "")) and binds the text
// domain to LocaleDir(). Called once by main() before any thread starts; without NLS it only
// sets the locale.
void InitTranslations();

// From now on every message is the English text, whatever the locale says: for output that
// programs read (--json), whose message fields must not change with the user's language.
// Call it before any thread starts, like InitTranslations().
void UseUntranslatedMessages();

// Whether this build translates (the CMake option MPOP_NLS).
bool NlsEnabled();
// Where the catalogs are looked up: $MPOP_LOCALEDIR when set (for tests and development,
// which point it at the build tree's locale/ directory), else the directory compiled in
// (<prefix>/share/locale).
std::string LocaleDir();
// The directory compiled in, which --version names.
std::string_view CompiledLocaleDir();
// --version's line, as upstream's (doc/COMPAT.md 7.7): "NLS: enabled, LOCALEDIR is DIR\n"
// or "NLS: disabled\n". Not translated: scripts read --version.
std::string NlsVersionLine();

const char* Tr(const char* msgid);
const char* TrN(const char* singular, const char* plural, unsigned long n);

// Marks a string for xgettext without translating it.
constexpr const char* N_(const char* msgid) { return msgid; }

// fmt::format with `translated` as the format string. A translation whose placeholders do
// not fit the arguments (a translator's slip) must not end the program: then the English
// `fallback`, checked at compile time, is used.
template <class... Args>
std::string FormatTranslated(std::string_view translated, fmt::format_string<Args...> fallback,
                             Args&&... args) {
  try {
    return fmt::vformat(fmt::string_view(translated.data(), translated.size()),
                        fmt::make_format_args(args...));
  } catch (const fmt::format_error&) {
    return fmt::vformat(fmt::string_view(fallback), fmt::make_format_args(args...));
  }
}

template <class... Args>
std::string TrFormat(fmt::format_string<Args...> msgid, Args&&... args) {
  const fmt::string_view text = msgid;
  // msgid literals are NUL-terminated, as gettext needs.
  return FormatTranslated(Tr(text.data()), msgid, std::forward<Args>(args)...);
}

template <class... Args>
std::string TrNFormat(fmt::format_string<Args...> singular, fmt::format_string<Args...> plural,
                      unsigned long n, Args&&... args) {
  const char* translated =
      TrN(fmt::string_view(singular).data(), fmt::string_view(plural).data(), n);
  return FormatTranslated(translated, n == 1 ? singular : plural, std::forward<Args>(args)...);
}

}  // namespace mpop
