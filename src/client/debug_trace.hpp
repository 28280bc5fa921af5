#pragma once
// The --debug protocol trace (doc/COMPAT.md 7.5) written into an account's output.

#include <string_view>

#include "client/account_output.hpp"
#include "pop3/trace.hpp"

namespace mpop::client {

class DebugTrace : public pop3::Trace {
 public:
  explicit DebugTrace(AccountOutput& out) : out_(out) {}
  void Sent(std::string_view line) override;
  void Received(std::string_view line) override;

 private:
  AccountOutput& out_;
};

}  // namespace mpop::client
