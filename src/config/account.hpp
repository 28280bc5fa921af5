#pragma once
// Account: every setting of one mpoprc account (manual chapter 2), as plain values.
// The parser (config/config_file.hpp) and the command line (config/overrides.hpp)
// fill it; FinishAccount() fills the defaults that depend on other settings and checks
// consistency. Unset optional strings are std::nullopt and print as "(not set)".

#include <bitset>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "delivery/open_delivery.hpp"

namespace mpop::config {

enum class Pipelining { kAuto, kOn, kOff };

// `oauth2_flow`: kDefault is the preset's flow, or device for an issuer URL.
enum class OAuth2Flow { kDefault, kDevice, kBrowser };

struct Delivery {
  const delivery::DeliveryKind* kind = nullptr;  // none: no delivery given
  std::string argument;  // command for mda; tilde-expanded path for the others
  bool operator==(const Delivery&) const = default;
};

// The most settings the table (config/setting_table.hpp) may hold: the size of the mask
// of explicitly set settings.
inline constexpr std::size_t kMaxSettings = 64;

inline constexpr std::int64_t kKeepForever = INT64_MAX;  // `keep on`

// `redownload_limit`'s default (client/redownload_guard.hpp): a normal first run of a new
// user (a few dozen to a few hundred kept mails) passes; the floods the guard is for are
// thousands of mails.
inline constexpr std::int64_t kDefaultRedownloadLimit = 500;

struct Account {
  std::string name;         // empty for the --host pseudo-account
  std::string config_file;  // where it was defined; empty for --host

  std::optional<std::string> host;
  int port = 0;  // 0 = default (110, or 995 for tls without starttls)
  std::optional<std::string> source_ip;
  std::optional<std::string> proxy_host;
  int proxy_port = 0;  // 0 = default 1080
  std::optional<std::string> socket;
  int timeout_seconds = 180;  // 0 = off
  Pipelining pipelining = Pipelining::kAuto;

  std::string auth = "";  // "" = choose automatically, else uppercase method name
  std::optional<std::string> user;
  std::optional<std::string> password;
  std::optional<std::string> password_eval;
  std::optional<std::string> ntlm_domain;

  bool tls = false;
  bool tls_starttls = true;
  // std::nullopt: never set, becomes "system" in FinishAccount. "" (set to an empty
  // argument, in the file or with --tls-trust-file=): no CA trust at all (doc/COMPAT.md 10).
  std::optional<std::string> tls_trust_file;
  std::optional<std::string> tls_crl_file;
  std::optional<std::string> tls_fingerprint;  // uppercase hex pairs with ':' (ParseFingerprint)
  std::optional<std::string> tls_key_file;
  std::optional<std::string> tls_cert_file;
  bool tls_certcheck = true;
  std::optional<std::string> tls_priorities;
  std::optional<std::string> tls_host_override;
  int tls_min_dh_prime_bits = -1;  // -1 = unset

  Delivery delivery;
  std::string uidls_file;  // tilde-expanded, %U/%H kept; default filled by FinishAccount
  bool only_new = true;
  std::int64_t keep_seconds = 0;  // 0 = off, kKeepForever = on
  std::int64_t killsize = -1;     // -1 = off, else bytes
  std::int64_t skipsize = -1;     // -1 = off, else bytes
  std::optional<std::string> filter;
  bool received_header = true;
  // How long the filter or the MDA may take no input, or take to end once it has the
  // mail, before it is killed (util/subprocess.hpp); 0 = no limit.
  int command_timeout_seconds = 300;
  // The re-download guard (client/redownload_guard.hpp): the most kept mails a run may
  // fetch while the UIDLs file does not know them; -1 = off.
  std::int64_t redownload_limit = kDefaultRedownloadLimit;
  // Where a line about each session goes (client/session_log.hpp): a file (unset: none;
  // "-": standard output) and a syslog facility ("LOG_MAIL"; empty: no syslog).
  std::optional<std::string> logfile;
  std::string syslog;
  // mpop --poll (client/poll_loop.hpp): how long to wait between two polls of the account.
  std::int64_t poll_interval_seconds = 15 * 60;

  // OAuth2 (doc/ARCHITECTURE.md "OAuth2"): where the tokens for OAUTHBEARER and XOAUTH2
  // come from. oauth2_issuer is a preset name (google, microsoft) or the provider's URL;
  // unset: no OAuth2, the token is the password as upstream has it.
  std::optional<std::string> oauth2_issuer;
  std::optional<std::string> oauth2_client_id;
  std::optional<std::string> oauth2_client_secret;
  std::optional<std::string> oauth2_scope;  // unset: the preset's, or "openid offline_access"
  OAuth2Flow oauth2_flow = OAuth2Flow::kDefault;
  std::optional<std::string> oauth2_trust_file;  // unset: the system's CAs

  // Settings given explicitly for this account (in its section, or inherited via ':'),
  // by their index in the settings table.
  std::bitset<kMaxSettings> explicitly_set;

  // Whether the setting held in `member` was given explicitly: `a.IsSet(&Account::host)`.
  template <class T>
  bool IsSet(T Account::*member) const {
    return IsSetAt(&(this->*member));
  }
  template <class T>
  void MarkSet(T Account::*member) {
    MarkSetAt(&(this->*member));
  }
  // The same by the address of the member in this account (config/setting_rows.cpp).
  bool IsSetAt(const void* field) const;
  void MarkSetAt(const void* field);

  bool operator==(const Account&) const = default;
};

// The account's command_timeout as a limit for util/subprocess.hpp; none: off.
inline std::optional<std::chrono::milliseconds> CommandTimeout(const Account& account) {
  if (account.command_timeout_seconds <= 0) return std::nullopt;
  return std::chrono::seconds(account.command_timeout_seconds);
}

// Copies every setting explicitly set in `from` into `to` (in the table's order), marking
// each one set: what `account to : from` does, and how command-line overrides apply.
// Defined with the table, in config/setting_rows.cpp.
void CopyExplicitSettings(const Account& from, Account& to);

}  // namespace mpop::config
