#include "config/commands.hpp"

#include <optional>
#include <string>

#include "config/config_line.hpp"
#include "config/values.hpp"

namespace mpop::config {
namespace {

// Most string commands: an empty argument unsets the value.
std::optional<std::string> OptionalString(std::string_view argument) {
  if (argument.empty()) return std::nullopt;
  return std::string(argument);
}

std::optional<std::string> OptionalPath(std::string_view argument) {
  if (argument.empty()) return std::nullopt;
  return ExpandTilde(argument);
}

Status Set(auto& field, auto value) {
  field = std::move(value);
  return {};
}

// Stores the parsed value into `field`, or passes the parser's error on.
template <class T, class U>
Status Store(Result<T> parsed, U& field) {
  if (!parsed) return std::move(parsed).error();
  field = std::move(*parsed);
  return {};
}

Status ApplySize(std::string_view argument, std::int64_t& field) {
  if (argument == "off") {
    field = -1;
    return {};
  }
  return Store(ParseSize(argument), field);
}

// `delivery METHOD ARG`: the method word must be followed by a blank; ARG is trimmed and
// unquoted once more, so `delivery mbox "~/my mail"` works.
Status ApplyDelivery(std::string_view argument, Account& account) {
  std::size_t blank = argument.find_first_of(" \t");
  std::string_view method = argument.substr(0, blank);
  std::string_view rest =
      blank == std::string_view::npos ? std::string_view() : TrimAndUnquote(argument.substr(blank));
  bool known_method =
      method == "mda" || method == "maildir" || method == "mbox" || method == "exchange";
  if (!known_method || blank == std::string_view::npos) {
    return Error::Config("invalid argument " + std::string(argument) + " for command delivery");
  }
  return Store(ParseDelivery(method, rest), account.delivery);
}

using S = Setting;
using A = Account;
using V = std::string_view;

const CommandSpec kCommands[] = {
    {"host", S::kHost, true, false, [](V v, A& a) { return Set(a.host, std::string(v)); }},
    {"port", S::kPort, true, false, [](V v, A& a) { return Store(ParsePort(v), a.port); }},
    {"source_ip", S::kSourceIp, false, false,
     [](V v, A& a) { return Set(a.source_ip, OptionalString(v)); }},
    {"proxy_host", S::kProxyHost, false, false,
     [](V v, A& a) { return Set(a.proxy_host, OptionalString(v)); }},
    {"proxy_port", S::kProxyPort, false, false,
     // Empty: back to the default (1080).
     [](V v, A& a) {
       return v.empty() ? Set(a.proxy_port, 0) : Store(ParsePort(v), a.proxy_port);
     }},
    {"socket", S::kSocket, false, false,
     [](V v, A& a) { return Set(a.socket, OptionalString(v)); }},
    {"timeout", S::kTimeout, true, false,
     [](V v, A& a) { return Store(ParseTimeout(v), a.timeout_seconds); }},
    {"pipelining", S::kPipelining, false, false,
     [](V v, A& a) { return Store(ParsePipelining(v), a.pipelining); }},
    {"auth", S::kAuth, false, false, [](V v, A& a) { return Store(ParseAuthMethod(v), a.auth); }},
    {"user", S::kUser, false, false, [](V v, A& a) { return Set(a.user, OptionalString(v)); }},
    {"password", S::kPassword, false, false,
     [](V v, A& a) { return Set(a.password, OptionalString(v)); }},
    {"passwordeval", S::kPasswordEval, false, false,
     [](V v, A& a) { return Set(a.password_eval, OptionalString(v)); }},
    {"ntlmdomain", S::kNtlmDomain, false, false,
     [](V v, A& a) { return Set(a.ntlm_domain, OptionalString(v)); }},
    {"tls", S::kTls, false, false, [](V v, A& a) { return Store(ParseOnOff(v), a.tls); }},
    {"tls_starttls", S::kTlsStarttls, false, false,
     [](V v, A& a) { return Store(ParseOnOff(v), a.tls_starttls); }},
    // Unlike the other files, an empty trust file is a value: "trust no CA".
    {"tls_trust_file", S::kTlsTrustFile, false, false,
     [](V v, A& a) { return Set(a.tls_trust_file, ExpandTilde(v)); }},
    {"tls_crl_file", S::kTlsCrlFile, false, false,
     [](V v, A& a) { return Set(a.tls_crl_file, OptionalPath(v)); }},
    {"tls_fingerprint", S::kTlsFingerprint, false, false,
     [](V v, A& a) {
       return v.empty() ? Set(a.tls_fingerprint, std::nullopt)
                        : Store(ParseFingerprint(v), a.tls_fingerprint);
     }},
    {"tls_key_file", S::kTlsKeyFile, false, false,
     [](V v, A& a) { return Set(a.tls_key_file, OptionalPath(v)); }},
    {"tls_cert_file", S::kTlsCertFile, false, false,
     [](V v, A& a) { return Set(a.tls_cert_file, OptionalPath(v)); }},
    {"tls_certcheck", S::kTlsCertcheck, false, false,
     [](V v, A& a) { return Store(ParseOnOff(v), a.tls_certcheck); }},
    {"tls_priorities", S::kTlsPriorities, false, false,
     [](V v, A& a) { return Set(a.tls_priorities, OptionalString(v)); }},
    {"tls_host_override", S::kTlsHostOverride, false, false,
     [](V v, A& a) { return Set(a.tls_host_override, OptionalString(v)); }},
    {"tls_min_dh_prime_bits", S::kTlsMinDhPrimeBits, false, false,
     [](V v, A& a) { return Store(ParseDhPrimeBits(v), a.tls_min_dh_prime_bits); }},
    // SSLv3 is long gone; upstream accepts and ignores the command, whatever follows.
    {"tls_force_sslv3", S::kCount, false, false, [](V, A&) -> Status { return {}; }},
    {"delivery", S::kDelivery, true, true, ApplyDelivery},
    {"uidls_file", S::kUidlsFile, true, false,
     [](V v, A& a) { return Set(a.uidls_file, ExpandTilde(v)); }},
    {"only_new", S::kOnlyNew, false, false,
     [](V v, A& a) { return Store(ParseOnOff(v), a.only_new); }},
    {"keep", S::kKeep, false, false, [](V v, A& a) { return Store(ParseKeep(v), a.keep_seconds); }},
    {"killsize", S::kKillsize, true, true, [](V v, A& a) { return ApplySize(v, a.killsize); }},
    {"skipsize", S::kSkipsize, true, true, [](V v, A& a) { return ApplySize(v, a.skipsize); }},
    {"filter", S::kFilter, false, false,
     [](V v, A& a) { return Set(a.filter, OptionalString(v)); }},
    {"received_header", S::kReceivedHeader, false, false,
     [](V v, A& a) { return Store(ParseOnOff(v), a.received_header); }},
};

}  // namespace

std::span<const CommandSpec> SettingCommands() { return kCommands; }

const CommandSpec* FindSettingCommand(std::string_view name) {
  for (const CommandSpec& spec : kCommands) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace mpop::config
