#include "client/version.hpp"

#include "auth/sasl_context.hpp"
#include "auth/supported_methods.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

// The GNU triplet as configure would spell it for the common targets.
#if defined(__x86_64__)
#define MPOP_TRIPLET_ARCH "x86_64-pc"
#elif defined(__i386__)
#define MPOP_TRIPLET_ARCH "i686-pc"
#elif defined(__aarch64__)
#define MPOP_TRIPLET_ARCH "aarch64-unknown"
#elif defined(__arm__)
#define MPOP_TRIPLET_ARCH "arm-unknown"
#elif defined(__riscv) && __riscv_xlen == 64
#define MPOP_TRIPLET_ARCH "riscv64-unknown"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define MPOP_TRIPLET_ARCH "powerpc64le-unknown"
#elif defined(__s390x__)
#define MPOP_TRIPLET_ARCH "s390x-ibm"
#else
#define MPOP_TRIPLET_ARCH "unknown-unknown"
#endif

#if defined(__linux__) && defined(__GLIBC__)
#define MPOP_TRIPLET_SYSTEM "linux-gnu"
#elif defined(__linux__)
#define MPOP_TRIPLET_SYSTEM "linux-musl"
#elif defined(__FreeBSD__)
#define MPOP_TRIPLET_SYSTEM "freebsd"
#elif defined(__APPLE__)
#define MPOP_TRIPLET_SYSTEM "darwin"
#else
#define MPOP_TRIPLET_SYSTEM "unknown"
#endif

}  // namespace

std::vector<std::string> SupportedAuthMethods() {
  Result<auth::SaslContext> sasl = auth::SaslContext::Create();
  std::vector<std::string> methods;
  // --version spells them as the `auth` command takes them: lower case.
  for (std::string_view method : auth::SupportedMethods(sasl ? &*sasl : nullptr)) {
    std::string lower(method);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    methods.push_back(std::move(lower));
  }
  return methods;
}

std::string_view PlatformTriplet() { return MPOP_TRIPLET_ARCH "-" MPOP_TRIPLET_SYSTEM; }

std::string VersionText(std::string_view config_file) {
  std::string text;
  text += "mpop version " + std::string(kMpopVersion) + "\n";
  text += "Platform: " + std::string(PlatformTriplet()) + "\n";
  text += "TLS/SSL library: GnuTLS\n";
  text += "Authentication library: GNU SASL; user, apop, oauthbearer, xoauth2: built-in\n";
  text += "Supported authentication methods:\n";
  for (const std::string& method : SupportedAuthMethods()) {
    text += method + " ";  // upstream's layout has the trailing space
  }
  text += "\n";
  text += "IDN support: enabled\n";
  text += NlsVersionLine();
  text += "Keyring support: Gnome \n";
  text += "Configuration file name: " + std::string(config_file) + "\n";
  text += "\n";
  text += "Copyright (C) 2026 the mpop-cpp authors.\n";
  text += "License GPL-3.0-or-later: GNU General Public License version 3 or later\n";
  text += "<https://gnu.org/licenses/gpl.html>. You may change and share this program;\n";
  text += "it comes WITHOUT ANY WARRANTY, to the extent permitted by law.\n";
  return text;
}

}  // namespace mpop::client
