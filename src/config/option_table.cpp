#include "config/option_table.hpp"

#include <cassert>

namespace mpop::config {
namespace {

using A = OptionArg;
using G = OptionGroup;
using I = OptionId;

constexpr OptionSpec kOptions[] = {
    {"version", '\0', A::kNone, I::kVersion, G::kGeneral, "", "show version and build details"},
    {"help", '\0', A::kNone, I::kHelp, G::kGeneral, "", "show this help"},
    {"pretend", 'P', A::kNone, I::kPretend, G::kGeneral, "",
     "show the settings that would be used, then stop"},
    {"debug", 'd', A::kNone, I::kDebug, G::kGeneral, "",
     "show settings and the whole server dialogue (passwords too)"},

    {"configure", '\0', A::kRequired, I::kConfigure, G::kMode, "=ADDRESS",
     "print a configuration for ADDRESS found via DNS SRV records"},
    {"serverinfo", 'S', A::kNone, I::kServerInfo, G::kMode, "",
     "describe the server's capabilities and TLS certificate"},
    {"mda", '\0', A::kNone, I::kMda, G::kMode, "",
     "deliver one mail from stdin with --delivery; optional argument: sender"},

    {"file", 'C', A::kRequired, I::kFile, G::kConfiguration, "=FILE",
     "read FILE instead of the default configuration file"},
    {"host", '\0', A::kRequired, I::kHost, G::kConfiguration, "=HOST",
     "use server HOST and only command-line settings (no file)"},
    {"port", '\0', A::kRequired, I::kPort, G::kConfiguration, "=PORT", "server port"},
    {"source-ip", '\0', A::kRequired, I::kSourceIp, G::kConfiguration, "=[IP]",
     "bind the connection to this local address; empty: don't"},
    {"proxy-host", '\0', A::kRequired, I::kProxyHost, G::kConfiguration, "=[HOST]",
     "connect through this SOCKS proxy; empty: directly"},
    {"proxy-port", '\0', A::kRequired, I::kProxyPort, G::kConfiguration, "=[PORT]",
     "SOCKS proxy port; empty: 1080"},
    {"socket", '\0', A::kRequired, I::kSocket, G::kConfiguration, "=[PATH]",
     "connect to this local unix socket; empty: use the network"},
    {"timeout", '\0', A::kRequired, I::kTimeout, G::kConfiguration, "=(off|SECONDS)",
     "network timeout"},
    {"pipelining", '\0', A::kRequired, I::kPipelining, G::kConfiguration, "=(auto|on|off)",
     "send several commands before the replies arrive"},
    {"received-header", '\0', A::kOptional, I::kReceivedHeader, G::kConfiguration,
     "[=(on|off)]", "add a Received header to each delivered mail"},
    {"auth", '\0', A::kOptional, I::kAuth, G::kConfiguration, "[=(on|METHOD)]",
     "authentication method; on: pick the best the server offers"},
    {"user", '\0', A::kRequired, I::kUser, G::kConfiguration, "=[NAME]",
     "user name; empty: none"},
    {"passwordeval", '\0', A::kRequired, I::kPasswordEval, G::kConfiguration, "=[COMMAND]",
     "take the password from the first output line of COMMAND"},
    {"tls", '\0', A::kOptional, I::kTls, G::kConfiguration, "[=(on|off)]", "use TLS"},
    {"tls-starttls", '\0', A::kOptional, I::kTlsStarttls, G::kConfiguration, "[=(on|off)]",
     "on: start TLS with STLS; off: TLS from the first byte"},
    {"tls-trust-file", '\0', A::kRequired, I::kTlsTrustFile, G::kConfiguration, "=[FILE]",
     "trusted CA certificates (\"system\": the system's); empty: none"},
    {"tls-crl-file", '\0', A::kRequired, I::kTlsCrlFile, G::kConfiguration, "=[FILE]",
     "certificate revocation list (deprecated); empty: none"},
    {"tls-fingerprint", '\0', A::kRequired, I::kTlsFingerprint, G::kConfiguration,
     "=[FINGERPRINT]", "trust exactly the certificate with this SHA256 fingerprint"},
    {"tls-certcheck", '\0', A::kOptional, I::kTlsCertcheck, G::kConfiguration, "[=(on|off)]",
     "verify the server's certificate"},
    {"tls-key-file", '\0', A::kRequired, I::kTlsKeyFile, G::kConfiguration, "=[FILE]",
     "private key of the client certificate; empty: none"},
    {"tls-cert-file", '\0', A::kRequired, I::kTlsCertFile, G::kConfiguration, "=[FILE]",
     "client certificate; empty: none"},
    {"tls-priorities", '\0', A::kRequired, I::kTlsPriorities, G::kConfiguration,
     "=[PRIORITIES]", "GnuTLS priority string; empty: library default"},
    {"tls-host-override", '\0', A::kRequired, I::kTlsHostOverride, G::kConfiguration,
     "=[HOST]", "verify the certificate for HOST instead of the server name"},
    {"tls-min-dh-prime-bits", '\0', A::kRequired, I::kTlsMinDhPrimeBits, G::kConfiguration,
     "=[BITS]", "smallest accepted DH prime (deprecated); empty: default"},
    {"tls-force-sslv3", '\0', A::kOptional, I::kTlsForceSslv3, G::kConfiguration, "", ""},

    {"quiet", 'q', A::kNone, I::kQuiet, G::kRetrieval, "", "print neither status nor progress"},
    {"half-quiet", 'Q', A::kNone, I::kHalfQuiet, G::kRetrieval, "",
     "print status but no progress"},
    {"all-accounts", 'a', A::kNone, I::kAllAccounts, G::kRetrieval, "",
     "use every account of the configuration file"},
    {"auth-only", 'A', A::kNone, I::kAuthOnly, G::kRetrieval, "",
     "log in and out again, retrieve nothing"},
    {"status-only", 's', A::kNone, I::kStatusOnly, G::kRetrieval, "",
     "print how many mails wait, retrieve nothing"},
    {"only-new", 'n', A::kOptional, I::kOnlyNew, G::kRetrieval, "[=(on|off)]",
     "skip mails retrieved before"},
    {"keep", 'k', A::kOptional, I::kKeep, G::kRetrieval, "[=(on|off|DURATION)]",
     "leave mails on the server (for DURATION, e.g. 30d)"},
    {"killsize", '\0', A::kRequired, I::kKillsize, G::kRetrieval, "=(off|SIZE)",
     "delete mails of at least SIZE bytes unread (k, m suffixes)"},
    {"skipsize", '\0', A::kRequired, I::kSkipsize, G::kRetrieval, "=(off|SIZE)",
     "leave mails of at least SIZE bytes on the server"},
    {"filter", '\0', A::kRequired, I::kFilter, G::kRetrieval, "=[COMMAND]",
     "let COMMAND judge each mail's header; empty: no filter"},
    {"delivery", '\0', A::kRequired, I::kDelivery, G::kRetrieval, "=METHOD,ARGUMENT",
     "mda,COMMAND or maildir,DIR or mbox,FILE or exchange,DIR"},
    {"uidls-file", '\0', A::kRequired, I::kUidlsFile, G::kRetrieval, "=FILE",
     "where to remember the mails already retrieved"},
    {"jobs", 'j', A::kRequired, I::kJobs, G::kRetrieval, "=N",
     "retrieve up to N accounts at the same time (default 4)"},
};

}  // namespace

std::span<const OptionSpec> Options() { return kOptions; }

const OptionSpec& FindOption(OptionId id) {
  for (const OptionSpec& spec : kOptions) {
    if (spec.id == id) return spec;
  }
  assert(false && "every OptionId has a row");
  return kOptions[0];
}

}  // namespace mpop::config
