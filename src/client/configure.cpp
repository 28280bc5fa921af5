#include "client/configure.hpp"

#include <cctype>

#include "net/idn.hpp"
#include "util/ascii.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

constexpr std::string_view kFailed = N_("automatic configuration based on SRV records failed: ");

Error Failed(ExitCode code, std::string_view what) {
  return {code, Tr(kFailed.data()) + std::string(what), {}};
}

std::string PasswordHintLines(PasswordHint hint, const GeneratedAccount& account) {
  switch (hint) {
    case PasswordHint::kSecretTool:
      return std::string(Tr("# - add your password to the key ring:")) + "\n" +
             "#   secret-tool store --label=mpop host " + account.host + " service pop3 user " +
             account.local_part + "\n";
    case PasswordHint::kKeychain:
      return std::string(Tr("# - add your password to the key ring:")) + "\n" +
             "#   security add-internet-password -s " + account.host + " -r pop3 -a " +
             account.local_part + " -w\n";
    case PasswordHint::kGpg:
      break;
  }
  return std::string(Tr("# - encrypt your password:")) + "\n" +
         "#   gpg -e -o ~/.mpop-password.gpg\n";
}

}  // namespace

Result<MailAddress> SplitMailAddress(std::string_view address) {
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) {
    return Failed(ExitCode::kDataErr, Tr("invalid mail address"));
  }
  return MailAddress{std::string(address.substr(0, at)), std::string(address.substr(at + 1))};
}

bool HostMatchesDomain(std::string_view host, std::string_view domain) {
  if (AsciiEqualsIgnoreCase(host, domain)) return true;
  return host.size() > domain.size() + 1 && host[host.size() - domain.size() - 1] == '.' &&
         AsciiEqualsIgnoreCase(host.substr(host.size() - domain.size()), domain);
}

std::string FormatGeneratedAccount(const GeneratedAccount& account, std::string_view config_path,
                                   PasswordHint hint) {
  std::string text = TrFormat("# - copy this to your configuration file {}", config_path) + "\n";
  if (!HostMatchesDomain(account.host, account.domain)) {
    text += Tr("# - warning: the host does not match the mail domain; please check");
    text += "\n";
  }
  text += PasswordHintLines(hint, account);
  text += Tr("# - adjust the delivery command");
  text += "\n";
  text += "account " + account.address + "\n";
  text += "host " + account.host + "\n";
  text += "port " + std::to_string(account.port) + "\n";
  text += "tls on\n";
  text += std::string("tls_starttls ") + (account.starttls ? "on" : "off") + "\n";
  text += "user " + account.local_part + "\n";
  if (hint == PasswordHint::kGpg) {
    text += "passwordeval gpg --no-tty -q -d ~/.mpop-password.gpg\n";
  }
  text += "delivery mbox ~/MAIL\n";
  return text;
}

Result<GeneratedAccount> FindAccountForAddress(std::string_view address, const SrvLookup& lookup) {
  Result<MailAddress> parts = SplitMailAddress(address);
  if (!parts) return std::move(parts).error();
  Result<std::string> domain = net::ToAsciiHost(parts->domain);
  if (!domain) return Failed(ExitCode::kDataErr, domain.error().message);

  const std::string pop3s_name = "_pop3s._tcp." + *domain;
  const std::string pop3_name = "_pop3._tcp." + *domain;
  // RFC 6186 section 3.4 prefers implicit TLS (RFC 8314); STARTTLS only as a fallback.
  for (const bool starttls : {false, true}) {
    Result<std::vector<net::SrvRecord>> records = lookup(starttls ? pop3_name : pop3s_name);
    if (!records) return Failed(records.error().code, records.error().message);
    if (records->empty()) continue;
    net::SortSrvRecords(*records);
    const net::SrvRecord& best = records->front();
    return GeneratedAccount{std::string(address), parts->local_part, *domain,
                            best.target,          best.port,         starttls};
  }
  return Failed(ExitCode::kNoHost, TrFormat("no SRV records for {} or {}", pop3s_name, pop3_name));
}

Result<std::string> GenerateConfiguration(std::string_view address,
                                          const ConfigureOptions& options) {
  Result<GeneratedAccount> account = FindAccountForAddress(address, options.lookup);
  if (!account) return std::move(account).error();
  return FormatGeneratedAccount(*account, options.config_path, options.hint);
}

}  // namespace mpop::client
