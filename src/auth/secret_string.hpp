#pragma once
// SecretString: a password or token that overwrites its bytes when it dies, so the secret
// does not linger in freed memory (core dumps, swap). Copies are explicit (Copy()), moves
// wipe the source, and the value is only reachable as a view.

#include <string>
#include <string_view>

namespace mpop::auth {

class SecretString {
 public:
  SecretString() = default;
  // Takes the secret out of `value` and wipes what is left there.
  explicit SecretString(std::string&& value);
  explicit SecretString(std::string_view value) : value_(value) {}
  ~SecretString() { Wipe(value_); }

  SecretString(SecretString&& other) noexcept;
  SecretString& operator=(SecretString&& other) noexcept;
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;

  SecretString Copy() const { return SecretString(std::string_view(value_)); }

  std::string_view view() const { return value_; }
  bool empty() const { return value_.empty(); }
  std::size_t size() const { return value_.size(); }

  // Overwrites every byte of `text` (including unused capacity) and empties it.
  static void Wipe(std::string& text);

 private:
  std::string value_;
};

}  // namespace mpop::auth
