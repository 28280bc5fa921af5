#include "config/pretend.hpp"

#include "config/finish.hpp"

namespace mpop::config {
namespace {

constexpr std::string_view kNotSet = "(not set)";

std::string OrNotSet(const std::optional<std::string>& value) {
  return value && !value->empty() ? *value : std::string(kNotSet);
}

std::string OnOff(bool on) { return on ? "on" : "off"; }

std::string Timeout(int seconds) {
  if (seconds == 0) return "off";
  if (seconds == 1) return "1 second";
  return std::to_string(seconds) + " seconds";
}

std::string PipeliningText(Pipelining p) {
  switch (p) {
    case Pipelining::kOn:
      return "on";
    case Pipelining::kOff:
      return "off";
    case Pipelining::kAuto:
      break;
  }
  return "auto";
}

std::string DeliveryText(const Delivery& delivery) {
  switch (delivery.method) {
    case DeliveryMethod::kMda:
      return "mda " + delivery.argument;
    case DeliveryMethod::kMaildir:
      return "maildir " + delivery.argument;
    case DeliveryMethod::kMbox:
      return "mbox " + delivery.argument;
    case DeliveryMethod::kExchange:
      return "exchange " + delivery.argument;
    case DeliveryMethod::kNone:
      break;
  }
  return std::string(kNotSet);
}

std::string Keep(std::int64_t seconds) {
  if (seconds == 0) return "off";
  if (seconds == kKeepForever) return "on";
  return std::to_string(seconds) + " seconds";
}

std::string Size(std::int64_t bytes) { return bytes < 0 ? "off" : std::to_string(bytes); }

class Lines {
 public:
  void Add(std::string_view key, std::string_view value) {
    text_.append(key).append(" = ").append(value).append("\n");
  }
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
};

}  // namespace

std::string FormatPretend(const Account& a, bool retrieval) {
  Lines out;
  std::string header;
  if (!a.config_file.empty()) header = "using account " + a.name + " from " + a.config_file + "\n";
  out.Add("host", OrNotSet(a.host));
  out.Add("port", std::to_string(a.port));
  out.Add("source ip", OrNotSet(a.source_ip));
  out.Add("proxy host", OrNotSet(a.proxy_host));
  out.Add("proxy port", std::to_string(a.proxy_port));
  out.Add("socket", OrNotSet(a.socket));
  out.Add("timeout", Timeout(a.timeout_seconds));
  out.Add("pipelining", PipeliningText(a.pipelining));
  out.Add("received_header", OnOff(a.received_header));
  out.Add("auth", a.auth.empty() ? "choose" : a.auth);
  out.Add("user", OrNotSet(a.user));
  // An empty password (`passwordeval` printing an empty line) is still a password.
  out.Add("password", a.password ? "*" : kNotSet);
  out.Add("passwordeval", OrNotSet(a.password_eval));
  out.Add("ntlmdomain", OrNotSet(a.ntlm_domain));
  out.Add("tls", OnOff(a.tls));
  out.Add("tls_starttls", OnOff(a.tls_starttls));
  out.Add("tls_trust_file", OrNotSet(a.tls_trust_file));
  out.Add("tls_crl_file", OrNotSet(a.tls_crl_file));
  out.Add("tls_fingerprint", OrNotSet(a.tls_fingerprint));
  out.Add("tls_key_file", OrNotSet(a.tls_key_file));
  out.Add("tls_cert_file", OrNotSet(a.tls_cert_file));
  out.Add("tls_certcheck", OnOff(a.tls_certcheck));
  out.Add("tls_min_dh_prime_bits", a.tls_min_dh_prime_bits < 0
                                       ? std::string(kNotSet)
                                       : std::to_string(a.tls_min_dh_prime_bits));
  out.Add("tls_priorities", OrNotSet(a.tls_priorities));
  out.Add("tls_host_override", OrNotSet(a.tls_host_override));
  if (retrieval) {
    out.Add("delivery", DeliveryText(a.delivery));
    out.Add("uidls file", ExpandUidlsFile(a));
    out.Add("only_new", OnOff(a.only_new));
    out.Add("keep", Keep(a.keep_seconds));
    out.Add("killsize", Size(a.killsize));
    out.Add("skipsize", Size(a.skipsize));
    out.Add("filter", OrNotSet(a.filter));
  }
  return header + out.Take();
}

}  // namespace mpop::config
