#include "auth/base64.hpp"

#include <gnutls/gnutls.h>
#include <string.h>

#include <new>

#include "util/c_handle.hpp"

namespace mpop::auth {
namespace {

// gnutls_free is a variable (a function pointer), not a function a template can name.
void FreeGnutls(unsigned char* data) { gnutls_free(data); }
using GnutlsBytes = CHandle<unsigned char, FreeGnutls>;

// Copies GnuTLS's buffer and wipes it before it is freed: what we encode is often a
// credential (SASL responses).
std::string Take(const gnutls_datum_t& out) {
  const GnutlsBytes owned(out.data);
  std::string bytes(reinterpret_cast<const char*>(out.data), out.size);
  explicit_bzero(out.data, out.size);
  return bytes;
}

gnutls_datum_t Datum(std::string_view bytes) {
  return {reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data())),
          static_cast<unsigned int>(bytes.size())};
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  if (bytes.empty()) return {};
  const gnutls_datum_t in = Datum(bytes);
  gnutls_datum_t out{};
  // Fails only when memory is short (or for more than 4 GiB, which no SASL line is).
  if (gnutls_base64_encode2(&in, &out) < 0) throw std::bad_alloc();
  return Take(out);
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.empty()) return std::string();
  const gnutls_datum_t in = Datum(text);
  gnutls_datum_t out{};
  if (gnutls_base64_decode2(&in, &out) < 0) return std::nullopt;
  std::string bytes = Take(out);
  // GnuTLS's decoder is lenient (it drops bits that padding should have left zero); only
  // the canonical form, the one that encodes back to the same text, is accepted.
  if (Base64Encode(bytes) != text) return std::nullopt;
  return bytes;
}

}  // namespace mpop::auth
