// The settings table (config/setting_table.hpp): one row per setting, in the order
// --pretend prints them (doc/COMPAT.md 7.3). A row: Row<member, kind>(mpoprc command, --help
// group, command-line option {long name, short letter, argument, --help argument, --help
// text}, --pretend key). Kinds are in config/setting_kinds.hpp.

#include "config/setting_kinds.hpp"
#include "config/setting_table.hpp"
#include "util/i18n.hpp"

namespace mpop::config {
namespace {

using namespace kinds;
using A = Account;
constexpr OptionGroup kConfig = OptionGroup::kConfiguration;
constexpr OptionGroup kRetrieval = OptionGroup::kRetrieval;
constexpr OptionArg kArg = OptionArg::kRequired;
constexpr OptionArg kOptArg = OptionArg::kOptional;
constexpr SettingOption kNoOption{};

// `tls_force_sslv3`: SSLv3 is long gone; upstream accepts and ignores the command and the
// option, whatever follows.
constexpr SettingRow kIgnoredSslv3{
    .command = "tls_force_sslv3",
    .hint = {},
    .apply_file = [](std::string_view, Account&) -> Status { return {}; },
    .option = {"tls-force-sslv3", '\0', kOptArg, "", ""},
    .apply_option = [](const char*, Account&) { return true; },
    .pretend_key = {},
    .pretend_only_when_set = false,
    .print = nullptr,
    .field = nullptr,
    .copy = nullptr,
};

// clang-format off
constexpr SettingRow kSettings[] = {
    Row<&A::host, Host>("host", kConfig,
        {"host", '\0', kArg, "=HOST", N_("server HOST; ignore the configuration file")}, "host"),
    Row<&A::port, Port>("port", kConfig, {"port", '\0', kArg, "=PORT", N_("server port")}, "port"),
    Row<&A::source_ip, OptionalText>("source_ip", kConfig,
        {"source-ip", '\0', kArg, "=[IP]", N_("local address to connect from; empty: any")},
        "source ip"),
    Row<&A::proxy_host, OptionalText>("proxy_host", kConfig,
        {"proxy-host", '\0', kArg, "=[HOST]", N_("connect via this SOCKS proxy; empty: directly")},
        "proxy host"),
    Row<&A::proxy_port, ProxyPort>("proxy_port", kConfig,
        {"proxy-port", '\0', kArg, "=[PORT]", N_("SOCKS proxy port; empty: 1080")}, "proxy port"),
    Row<&A::socket, OptionalText>("socket", kConfig,
        {"socket", '\0', kArg, "=[PATH]", N_("connect to this unix socket; empty: don't")}, "socket"),
    Row<&A::timeout_seconds, Timeout>("timeout", kConfig,
        {"timeout", '\0', kArg, "=(off|SECONDS)", N_("network timeout")}, "timeout"),
    Row<&A::pipelining, PipeliningMode>("pipelining", kConfig,
        {"pipelining", '\0', kArg, "=(auto|on|off)", N_("send commands without waiting for replies")},
        "pipelining"),
    Row<&A::received_header, Switch>("received_header", kConfig,
        {"received-header", '\0', kOptArg, "[=(on|off)]",
         N_("add a Received header to each delivered mail")},
        "received_header"),
    Row<&A::auth, AuthMethod>("auth", kConfig,
        {"auth", '\0', kOptArg, "[=(on|METHOD)]", N_("authentication method; on: choose the best")},
        "auth"),
    Row<&A::user, OptionalText>("user", kConfig,
        {"user", '\0', kArg, "=[NAME]", N_("user name; empty: none")}, "user"),
    Row<&A::password, Password>("password", kConfig, kNoOption, "password"),
    Row<&A::password_eval, OptionalText>("passwordeval", kConfig,
        {"passwordeval", '\0', kArg, "=[COMMAND]", N_("password is COMMAND's first output line")},
        "passwordeval"),
    Row<&A::ntlm_domain, OptionalText>("ntlmdomain", kConfig, kNoOption, "ntlmdomain"),
    Row<&A::tls, Switch>("tls", kConfig, {"tls", '\0', kOptArg, "[=(on|off)]", N_("use TLS")}, "tls"),
    Row<&A::tls_starttls, Switch>("tls_starttls", kConfig,
        {"tls-starttls", '\0', kOptArg, "[=(on|off)]", N_("on: TLS via STLS; off: TLS from the start")},
        "tls_starttls"),
    Row<&A::tls_trust_file, TrustFile>("tls_trust_file", kConfig,
        {"tls-trust-file", '\0', kArg, "=[FILE]", N_("CA certificates; system: default; empty: none")},
        "tls_trust_file"),
    Row<&A::tls_crl_file, OptionalPath>("tls_crl_file", kConfig,
        {"tls-crl-file", '\0', kArg, "=[FILE]", N_("revocation list (deprecated); empty: none")},
        "tls_crl_file"),
    Row<&A::tls_fingerprint, Fingerprint>("tls_fingerprint", kConfig,
        {"tls-fingerprint", '\0', kArg, "=[FINGERPRINT]",
         N_("trust just the certificate with this SHA256")},
        "tls_fingerprint"),
    Row<&A::tls_key_file, OptionalPath>("tls_key_file", kConfig,
        {"tls-key-file", '\0', kArg, "=[FILE]", N_("client certificate key; empty: none")},
        "tls_key_file"),
    Row<&A::tls_cert_file, OptionalPath>("tls_cert_file", kConfig,
        {"tls-cert-file", '\0', kArg, "=[FILE]", N_("client certificate; empty: none")},
        "tls_cert_file"),
    Row<&A::tls_certcheck, Switch>("tls_certcheck", kConfig,
        {"tls-certcheck", '\0', kOptArg, "[=(on|off)]", N_("verify the server's certificate")},
        "tls_certcheck"),
    Row<&A::tls_min_dh_prime_bits, DhPrimeBits>("tls_min_dh_prime_bits", kConfig,
        {"tls-min-dh-prime-bits", '\0', kArg, "=[BITS]", N_("minimum DH prime size (deprecated)")},
        "tls_min_dh_prime_bits"),
    Row<&A::tls_priorities, OptionalText>("tls_priorities", kConfig,
        {"tls-priorities", '\0', kArg, "=[PRIORITIES]",
         N_("GnuTLS priority string; empty: library default")},
        "tls_priorities"),
    Row<&A::tls_host_override, OptionalText>("tls_host_override", kConfig,
        {"tls-host-override", '\0', kArg, "=[HOST]", N_("check the certificate against HOST instead")},
        "tls_host_override"),
    kIgnoredSslv3,
    OurOwn(Row<&A::oauth2_issuer, OAuth2Issuer>("oauth2_issuer", kConfig,
        {"oauth2-issuer", '\0', kArg, "=[ISSUER]",
         N_("OAuth2 provider: google, microsoft or URL")},
        "oauth2_issuer")),
    OurOwn(Row<&A::oauth2_client_id, OptionalText>("oauth2_client_id", kConfig,
        {"oauth2-client-id", '\0', kArg, "=[ID]", N_("OAuth2 client id registered with the provider")},
        "oauth2_client_id")),
    OurOwn(Row<&A::oauth2_client_secret, Password>("oauth2_client_secret", kConfig, kNoOption,
        "oauth2_client_secret")),
    OurOwn(Row<&A::oauth2_scope, OptionalText>("oauth2_scope", kConfig,
        {"oauth2-scope", '\0', kArg, "=[SCOPE]", N_("OAuth2 scope; empty: the provider's default")},
        "oauth2_scope")),
    OurOwn(Row<&A::oauth2_flow, OAuth2FlowKind>("oauth2_flow", kConfig,
        {"oauth2-flow", '\0', kArg, "=(device|browser)", N_("how --authorize asks the user")},
        "oauth2_flow")),
    OurOwn(Row<&A::oauth2_trust_file, OptionalPath>("oauth2_trust_file", kConfig,
        {"oauth2-trust-file", '\0', kArg, "=[FILE]", N_("CA certificates of the OAuth2 provider")},
        "oauth2_trust_file")),

    Row<&A::delivery, DeliveryTarget>("delivery", kRetrieval,
        {"delivery", '\0', kArg, "=METHOD,ARGUMENT", N_("mda,CMD maildir,DIR mbox,FILE exchange,DIR")},
        "delivery"),
    Row<&A::uidls_file, UidlsFile>("uidls_file", kRetrieval,
        {"uidls-file", '\0', kArg, "=FILE", N_("where to remember the mails already retrieved")},
        "uidls file"),
    Row<&A::only_new, Switch>("only_new", kRetrieval,
        {"only-new", 'n', kOptArg, "[=(on|off)]", N_("skip mails retrieved before")}, "only_new"),
    Row<&A::keep_seconds, KeepDuration>("keep", kRetrieval,
        {"keep", 'k', kOptArg, "[=(on|off|DURATION)]",
         N_("do not delete mails (or only after DURATION)")},
        "keep"),
    Row<&A::killsize, SizeLimit>("killsize", kRetrieval,
        {"killsize", '\0', kArg, "=(off|SIZE)", N_("delete mails of SIZE (k, m suffixes) or more")},
        "killsize"),
    Row<&A::skipsize, SizeLimit>("skipsize", kRetrieval,
        {"skipsize", '\0', kArg, "=(off|SIZE)", N_("skip mails of SIZE or more")}, "skipsize"),
    Row<&A::filter, OptionalText>("filter", kRetrieval,
        {"filter", '\0', kArg, "=[COMMAND]", N_("COMMAND judges each mail's header; empty: none")},
        "filter"),
    OurOwn(Row<&A::command_timeout_seconds, Timeout>("command_timeout", kRetrieval,
        {"command-timeout", '\0', kArg, "=(off|SECONDS)",
         N_("kill a filter or MDA idle this long")},
        "command_timeout")),
    OurOwn(Row<&A::redownload_limit, CountLimit>("redownload_limit", kRetrieval,
        {"redownload-limit", '\0', kArg, "=(off|N)",
         N_("stop before fetching over N unknown kept mails")},
        "redownload_limit")),
    OurOwn(Row<&A::logfile, OptionalPath>("logfile", kRetrieval,
        {"logfile", '\0', kArg, "=[FILE]", N_("append a line per session to FILE; -: stdout")},
        "logfile")),
    OurOwn(Row<&A::syslog, SyslogFacility>("syslog", kRetrieval,
        {"syslog", '\0', kOptArg, "[=(on|off|FACILITY)]", N_("log a line per session to syslog")},
        "syslog")),
    OurOwn(Row<&A::poll_interval_seconds, PollInterval>("poll_interval", kRetrieval,
        {"poll-interval", '\0', kArg, "=DURATION", N_("with --poll: time between polls (15m)")},
        "poll_interval")),
};
// clang-format on

static_assert(std::size(kSettings) <= kMaxSettings, "Account::explicitly_set is too small");

}  // namespace

const SettingTable& Settings() {
  static constexpr SettingTable kTable(kSettings);
  return kTable;
}

}  // namespace mpop::config
