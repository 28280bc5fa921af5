#pragma once
// Channel binding data for SCRAM-*-PLUS (RFC 5929, RFC 9266): tls-unique for TLS 1.2 and
// older, tls-exporter for TLS 1.3 (COMPONENTS.md 2.2). GNU SASL wants the data base64-encoded
// in GSASL_CB_TLS_UNIQUE or GSASL_CB_TLS_EXPORTER; encoding is the auth layer's business.

#include <string>
#include <string_view>

namespace mpop::net {

enum class ChannelBindingType { kTlsUnique, kTlsExporter };

struct ChannelBinding {
  ChannelBindingType type = ChannelBindingType::kTlsExporter;
  std::string data;  // raw bytes: 12 for tls-unique (TLS 1.2), 32 for tls-exporter
  bool operator==(const ChannelBinding&) const = default;
};

// "tls-unique" / "tls-exporter", as in the GS2 header.
constexpr std::string_view ChannelBindingName(ChannelBindingType type) {
  return type == ChannelBindingType::kTlsUnique ? "tls-unique" : "tls-exporter";
}

}  // namespace mpop::net
