#pragma once
// --configure=ADDRESS (manual 3.5.2, doc/COMPAT.md 7.8): an account for a mail address, built
// from the domain's RFC 6186 SRV records and printed for the user to copy.
//
//   _pop3s._tcp.DOMAIN  first: POP3 over TLS from the start  (tls_starttls off)
//   _pop3._tcp.DOMAIN   then:  POP3 with STARTTLS            (tls_starttls on)
// Of the records of the first name that has any, the lowest priority and then the highest
// weight wins (net::SortSrvRecords; no weighted random choice).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "net/srv_lookup.hpp"
#include "util/result.hpp"

namespace mpop::client {

struct MailAddress {
  std::string local_part;
  std::string domain;
  bool operator==(const MailAddress&) const = default;
};

// Splits at the last '@' (local parts may contain quoted '@'). Errors: kDataErr
// "automatic configuration based on SRV records failed: invalid mail address" when there
// is no '@' or either side is empty.
Result<MailAddress> SplitMailAddress(std::string_view address);

// How the generated account tells the user to store the password.
enum class PasswordHint {
  kSecretTool,  // libsecret key ring: "secret-tool store --label=mpop host H service pop3 user L"
  kKeychain,    // macOS: "security add-internet-password -s H -r pop3 -a L -w"
  kGpg,         // no key ring: a gpg-encrypted file read by passwordeval
};

struct GeneratedAccount {
  std::string address;     // as given, e.g. "joe@bücher.example"
  std::string local_part;  // the user name
  std::string domain;      // ASCII (IDNA) form of the mail domain
  std::string host;        // the SRV target
  int port = 0;
  bool starttls = false;  // from _pop3._tcp; false for _pop3s._tcp
  bool operator==(const GeneratedAccount&) const = default;
};

// Whether host is the mail domain or one of its sub-domains (case-insensitive). If not,
// the output warns: a forged SRV answer could point the user at someone else's server.
bool HostMatchesDomain(std::string_view host, std::string_view domain);

// The text printed on stdout (doc/COMPAT.md 7.8), lines ending in '\n':
//   # - copy this to your configuration file CONFIG_PATH
//   # - warning: the host does not match the mail domain; please check   (if so)
//   # - add your password to the key ring:  / # - encrypt your password ...  (per hint)
//   #   secret-tool store --label=mpop host H service pop3 user L
//   # - adjust the delivery command
//   account ADDRESS / host H / port P / tls on / tls_starttls on|off / user L
//   passwordeval gpg --no-tty -q -d ~/.mpop-password.gpg                 (kGpg only)
//   delivery mbox ~/MAIL
std::string FormatGeneratedAccount(const GeneratedAccount& account, std::string_view config_path,
                                   PasswordHint hint);

using SrvLookup = std::function<Result<std::vector<net::SrvRecord>>(std::string_view name)>;

struct ConfigureOptions {
  std::string config_path{};  // named in the first comment line
  PasswordHint hint = PasswordHint::kSecretTool;
  SrvLookup lookup = net::LookupSrv;  // replaced by unit tests
};

// Splits the address, converts the domain to ASCII (libidn2), queries the SRV records and
// picks the server. Every error message starts with "automatic configuration based on
// SRV records failed: ":
//   kDataErr  "invalid mail address", "cannot convert host name D to ASCII: ..."
//   kNoHost   "no SRV records for _pop3s._tcp.D or _pop3._tcp.D"
//   kTempFail "DNS lookup of _pop3s._tcp.D failed: temporary failure in name resolution"
Result<GeneratedAccount> FindAccountForAddress(std::string_view address, const SrvLookup& lookup);

// FindAccountForAddress + FormatGeneratedAccount: what `mpop --configure=ADDRESS` prints.
Result<std::string> GenerateConfiguration(std::string_view address,
                                          const ConfigureOptions& options);

}  // namespace mpop::client
