#include "config/account.hpp"

namespace mpop::config {

void CopySetting(Setting s, const Account& from, Account& to) {
  switch (s) {
    case Setting::kHost:
      to.host = from.host;
      break;
    case Setting::kPort:
      to.port = from.port;
      break;
    case Setting::kSourceIp:
      to.source_ip = from.source_ip;
      break;
    case Setting::kProxyHost:
      to.proxy_host = from.proxy_host;
      break;
    case Setting::kProxyPort:
      to.proxy_port = from.proxy_port;
      break;
    case Setting::kSocket:
      to.socket = from.socket;
      break;
    case Setting::kTimeout:
      to.timeout_seconds = from.timeout_seconds;
      break;
    case Setting::kPipelining:
      to.pipelining = from.pipelining;
      break;
    case Setting::kAuth:
      to.auth = from.auth;
      break;
    case Setting::kUser:
      to.user = from.user;
      break;
    case Setting::kPassword:
      to.password = from.password;
      break;
    case Setting::kPasswordEval:
      to.password_eval = from.password_eval;
      break;
    case Setting::kNtlmDomain:
      to.ntlm_domain = from.ntlm_domain;
      break;
    case Setting::kTls:
      to.tls = from.tls;
      break;
    case Setting::kTlsStarttls:
      to.tls_starttls = from.tls_starttls;
      break;
    case Setting::kTlsTrustFile:
      to.tls_trust_file = from.tls_trust_file;
      break;
    case Setting::kTlsCrlFile:
      to.tls_crl_file = from.tls_crl_file;
      break;
    case Setting::kTlsFingerprint:
      to.tls_fingerprint = from.tls_fingerprint;
      break;
    case Setting::kTlsKeyFile:
      to.tls_key_file = from.tls_key_file;
      break;
    case Setting::kTlsCertFile:
      to.tls_cert_file = from.tls_cert_file;
      break;
    case Setting::kTlsCertcheck:
      to.tls_certcheck = from.tls_certcheck;
      break;
    case Setting::kTlsPriorities:
      to.tls_priorities = from.tls_priorities;
      break;
    case Setting::kTlsHostOverride:
      to.tls_host_override = from.tls_host_override;
      break;
    case Setting::kTlsMinDhPrimeBits:
      to.tls_min_dh_prime_bits = from.tls_min_dh_prime_bits;
      break;
    case Setting::kDelivery:
      to.delivery = from.delivery;
      break;
    case Setting::kUidlsFile:
      to.uidls_file = from.uidls_file;
      break;
    case Setting::kOnlyNew:
      to.only_new = from.only_new;
      break;
    case Setting::kKeep:
      to.keep_seconds = from.keep_seconds;
      break;
    case Setting::kKillsize:
      to.killsize = from.killsize;
      break;
    case Setting::kSkipsize:
      to.skipsize = from.skipsize;
      break;
    case Setting::kFilter:
      to.filter = from.filter;
      break;
    case Setting::kReceivedHeader:
      to.received_header = from.received_header;
      break;
    case Setting::kCount:
      return;
  }
  to.MarkSet(s);
}

void CopyExplicitSettings(const Account& from, Account& to) {
  for (std::size_t i = 0; i < static_cast<std::size_t>(Setting::kCount); ++i) {
    auto s = static_cast<Setting>(i);
    if (from.IsSet(s)) CopySetting(s, from, to);
  }
}

}  // namespace mpop::config
