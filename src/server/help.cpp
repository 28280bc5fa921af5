#include "server/help.hpp"

#include <string_view>

#include "util/i18n.hpp"

namespace mpop::server {
namespace {

// The mpop release whose mpopd we reproduce (client::kMpopVersion; server/ cannot use
// client/).
constexpr std::string_view kVersion = "1.4.23";

}  // namespace

std::string DaemonHelpText() {
  return Tr(
      "Usage: mpopd [option...]\n"
      "Options:\n"
      "  --version                    print version\n"
      "  --help                       print help\n"
      "  --inetd                      start single POP3 session on stdin/stdout\n"
      "  --interface=ip               listen on ip instead of 127.0.0.1\n"
      "  --port=number                listen on port number instead of 1100\n"
      "  --log=none|syslog|filename   set logging: none (default), syslog, or logging\n"
      "                               to the given file\n"
      "  --auth=user[,passwordeval]   require authentication with this user name;\n"
      "                               the password will be retrieved from the given\n"
      "                               passwordeval command or, if none is given, from\n"
      "                               the key ring or, if that fails, from a prompt.\n"
      "  --maildir=dir                use this maildir as the mailbox of the\n"
      "                               preceding --auth user; several --auth/--maildir\n"
      "                               pairs define several mailboxes\n"
      "  --idle-timeout=seconds       close sessions idle for this long (default 600)\n"
      "  --max-sessions=number        serve at most this many sessions at once\n"
      "                               (default 16); further clients are turned away\n"
      "  --tls-cert-file=file         offer TLS with this certificate (PEM);\n"
      "                               passwords are then accepted only inside TLS\n"
      "  --tls-key-file=file          the private key of the certificate (PEM)\n"
      "  --tls=starttls|implicit      with a certificate: start TLS with the STLS\n"
      "                               command (default), or at once (POP3S)\n");
}

std::string DaemonVersionText() {
  return "mpopd version " + std::string(kVersion) + "\n" + NlsVersionLine() +
         "Copyright (C) 2026 The mpop reimplementation authors.\n"
         "This program comes with ABSOLUTELY NO WARRANTY.\n"
         "This is free software, and you are welcome to redistribute it\n"
         "under the terms of the GNU General Public License, version 3 or later.\n";
}

}  // namespace mpop::server
