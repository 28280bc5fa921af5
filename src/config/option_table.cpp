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
     "print the settings to be used, then stop"},
    {"debug", 'd', A::kNone, I::kDebug, G::kGeneral, "",
     "print the server dialogue, passwords included"},

    {"configure", '\0', A::kRequired, I::kConfigure, G::kMode, "=ADDRESS",
     "suggest a configuration found via DNS SRV"},
    {"serverinfo", 'S', A::kNone, I::kServerInfo, G::kMode, "",
     "describe the server and its TLS certificate"},
    {"mda", '\0', A::kNone, I::kMda, G::kMode, "", "deliver one mail from stdin via --delivery"},

    {"file", 'C', A::kRequired, I::kFile, G::kConfiguration, "=FILE",
     "read FILE instead of ~/.mpoprc"},
    {"host", '\0', A::kRequired, I::kHost, G::kConfiguration, "=HOST",
     "server HOST; ignore the configuration file"},
    {"port", '\0', A::kRequired, I::kPort, G::kConfiguration, "=PORT", "server port"},
    {"source-ip", '\0', A::kRequired, I::kSourceIp, G::kConfiguration, "=[IP]",
     "local address to connect from; empty: any"},
    {"proxy-host", '\0', A::kRequired, I::kProxyHost, G::kConfiguration, "=[HOST]",
     "connect via this SOCKS proxy; empty: directly"},
    {"proxy-port", '\0', A::kRequired, I::kProxyPort, G::kConfiguration, "=[PORT]",
     "SOCKS proxy port; empty: 1080"},
    {"socket", '\0', A::kRequired, I::kSocket, G::kConfiguration, "=[PATH]",
     "connect to this unix socket; empty: don't"},
    {"timeout", '\0', A::kRequired, I::kTimeout, G::kConfiguration, "=(off|SECONDS)",
     "network timeout"},
    {"pipelining", '\0', A::kRequired, I::kPipelining, G::kConfiguration, "=(auto|on|off)",
     "send commands without waiting for replies"},
    {"received-header", '\0', A::kOptional, I::kReceivedHeader, G::kConfiguration, "[=(on|off)]",
     "add a Received header to each delivered mail"},
    {"auth", '\0', A::kOptional, I::kAuth, G::kConfiguration, "[=(on|METHOD)]",
     "authentication method; on: choose the best"},
    {"user", '\0', A::kRequired, I::kUser, G::kConfiguration, "=[NAME]", "user name; empty: none"},
    {"passwordeval", '\0', A::kRequired, I::kPasswordEval, G::kConfiguration, "=[COMMAND]",
     "password is COMMAND's first output line"},
    {"tls", '\0', A::kOptional, I::kTls, G::kConfiguration, "[=(on|off)]", "use TLS"},
    {"tls-starttls", '\0', A::kOptional, I::kTlsStarttls, G::kConfiguration, "[=(on|off)]",
     "on: TLS via STLS; off: TLS from the start"},
    {"tls-trust-file", '\0', A::kRequired, I::kTlsTrustFile, G::kConfiguration, "=[FILE]",
     "CA certificates; system: default; empty: none"},
    {"tls-crl-file", '\0', A::kRequired, I::kTlsCrlFile, G::kConfiguration, "=[FILE]",
     "revocation list (deprecated); empty: none"},
    {"tls-fingerprint", '\0', A::kRequired, I::kTlsFingerprint, G::kConfiguration, "=[FINGERPRINT]",
     "trust just the certificate with this SHA256"},
    {"tls-certcheck", '\0', A::kOptional, I::kTlsCertcheck, G::kConfiguration, "[=(on|off)]",
     "verify the server's certificate"},
    {"tls-key-file", '\0', A::kRequired, I::kTlsKeyFile, G::kConfiguration, "=[FILE]",
     "client certificate key; empty: none"},
    {"tls-cert-file", '\0', A::kRequired, I::kTlsCertFile, G::kConfiguration, "=[FILE]",
     "client certificate; empty: none"},
    {"tls-priorities", '\0', A::kRequired, I::kTlsPriorities, G::kConfiguration, "=[PRIORITIES]",
     "GnuTLS priority string; empty: library default"},
    {"tls-host-override", '\0', A::kRequired, I::kTlsHostOverride, G::kConfiguration, "=[HOST]",
     "check the certificate against HOST instead"},
    {"tls-min-dh-prime-bits", '\0', A::kRequired, I::kTlsMinDhPrimeBits, G::kConfiguration,
     "=[BITS]", "minimum DH prime size (deprecated)"},
    {"tls-force-sslv3", '\0', A::kOptional, I::kTlsForceSslv3, G::kConfiguration, "", ""},

    {"quiet", 'q', A::kNone, I::kQuiet, G::kRetrieval, "", "print neither status nor progress"},
    {"half-quiet", 'Q', A::kNone, I::kHalfQuiet, G::kRetrieval, "", "print status but no progress"},
    {"all-accounts", 'a', A::kNone, I::kAllAccounts, G::kRetrieval, "",
     "use every account of the configuration file"},
    {"auth-only", 'A', A::kNone, I::kAuthOnly, G::kRetrieval, "",
     "log in and out again, retrieve nothing"},
    {"status-only", 's', A::kNone, I::kStatusOnly, G::kRetrieval, "",
     "print how many mails wait, retrieve nothing"},
    {"only-new", 'n', A::kOptional, I::kOnlyNew, G::kRetrieval, "[=(on|off)]",
     "skip mails retrieved before"},
    {"keep", 'k', A::kOptional, I::kKeep, G::kRetrieval, "[=(on|off|DURATION)]",
     "do not delete mails (or only after DURATION)"},
    {"killsize", '\0', A::kRequired, I::kKillsize, G::kRetrieval, "=(off|SIZE)",
     "delete mails of SIZE (k, m suffixes) or more"},
    {"skipsize", '\0', A::kRequired, I::kSkipsize, G::kRetrieval, "=(off|SIZE)",
     "skip mails of SIZE or more"},
    {"filter", '\0', A::kRequired, I::kFilter, G::kRetrieval, "=[COMMAND]",
     "COMMAND judges each mail's header; empty: none"},
    {"delivery", '\0', A::kRequired, I::kDelivery, G::kRetrieval, "=METHOD,ARGUMENT",
     "mda,CMD maildir,DIR mbox,FILE exchange,DIR"},
    {"uidls-file", '\0', A::kRequired, I::kUidlsFile, G::kRetrieval, "=FILE",
     "where to remember the mails already retrieved"},
    {"jobs", 'j', A::kRequired, I::kJobs, G::kRetrieval, "=N",
     "retrieve N accounts in parallel (default 8)"},
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
