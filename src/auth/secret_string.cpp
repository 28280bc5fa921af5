#include "auth/secret_string.hpp"

#include <string.h>

namespace mpop::auth {

void SecretString::Wipe(std::string& text) {
  // Resizing to the capacity first makes every allocated byte part of the string, so the
  // wipe stays within what the standard lets us write.
  text.resize(text.capacity());
  explicit_bzero(text.data(), text.size());
  text.clear();
}

SecretString::SecretString(std::string&& value) : value_(value) { Wipe(value); }

// Copy, then wipe: moving a short string leaves its bytes in the source's inline buffer.
SecretString::SecretString(SecretString&& other) noexcept : value_(other.value_) {
  Wipe(other.value_);
}

SecretString& SecretString::operator=(SecretString&& other) noexcept {
  if (this != &other) {
    Wipe(value_);
    value_ = other.value_;
    Wipe(other.value_);
  }
  return *this;
}

}  // namespace mpop::auth
