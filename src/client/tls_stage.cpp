#include "client/tls_stage.hpp"

#include "client/login.hpp"
#include "net/tls_info.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

net::TlsOptions TlsOptionsFor(const SessionContext& context) {
  const config::Account& account = context.account;
  net::TlsOptions options;
  options.host = account.host.value_or(account.socket.value_or(""));
  options.host_override = account.tls_host_override;
  options.trust_file = account.tls_trust_file.value_or("system");
  options.crl_file = account.tls_crl_file.value_or("");
  options.fingerprint = account.tls_fingerprint.value_or("");
  options.certcheck = account.tls_certcheck;
  options.key_file = account.tls_key_file.value_or("");
  options.cert_file = account.tls_cert_file.value_or("");
  options.priorities = account.tls_priorities.value_or("");
  options.min_dh_prime_bits = account.tls_min_dh_prime_bits;
  // Manual 4.1: the PIN of a PKCS#11 token comes from the password mechanisms.
  options.pin = [&context](const std::string&) -> Result<std::string> {
    auto secret = ObtainAccountPassword(context);
    if (!secret) return std::move(secret).error();
    return std::string(secret->view());
  };
  return options;
}

}  // namespace

Result<TlsStage> TlsStage::Prepare(const SessionContext& context) {
  TlsStage stage;
  stage.account_ = &context.account;
  if (!context.account.tls) return stage;
  auto library = net::GnutlsLibrary::Init();
  if (!library) return std::move(library).error();
  stage.library_.emplace(std::move(*library));
  auto tls_context = net::TlsContext::Create(*stage.library_, TlsOptionsFor(context));
  if (!tls_context) return std::move(tls_context).error();
  stage.context_.emplace(std::move(*tls_context));
  return stage;
}

bool TlsStage::from_start() const { return enabled() && !account_->tls_starttls; }

Status TlsStage::Start(const SessionContext& context, net::FdTransport& plain) {
  auto started = context_->Start(plain);
  if (!started) return std::move(started).error();
  transport_ = std::move(*started);
  if (transport_->verification() == net::TlsVerification::kNone) {
    context.out.Err(
        Tr("mpop: warning: the server's TLS certificate is not checked (tls_certcheck off): "
           "this session is not secure against an attacker on the network\n"));
  }
  if (context.options.debug) context.out.Out(InfoBlock());
  return {};
}

Status TlsStage::Starttls(const SessionContext& context, pop3::Session& session,
                          const pop3::Capabilities& capabilities, net::FdTransport& plain) {
  // doc/COMPAT.md 1.1 step 6: no downgrade. Without CAPA, STLS is tried blindly.
  if (capabilities.KnownMissing(capabilities.stls)) {
    return Error::Unavailable(
        Tr("the POP3 server does not support TLS via the STLS command (it does not list STLS "
           "in its capabilities); use tls_starttls off if it offers TLS on its own port"));
  }
  MPOP_TRY(session.Stls());
  MPOP_TRY(Start(context, plain));
  session.SwitchTransport(*transport_);
  return {};
}

std::string TlsStage::InfoBlock() const {
  if (!transport_) return {};
  auto info = transport_->Info();
  return info ? net::FormatTlsInfo(*info) : std::string();
}

}  // namespace mpop::client
