#pragma once
// Authentication of a session (manual chapter 5, COMPAT.md 4): choose the method among
// those the server offers, obtain the password only if the method needs one, and run it.

#include "client/session_context.hpp"
#include "pop3/capabilities.hpp"
#include "pop3/greeting.hpp"
#include "pop3/session.hpp"
#include "util/result.hpp"

namespace mpop::client {

struct LoginState {
  bool tls_active = false;
};

Status Login(const SessionContext& context, pop3::Session& session,
             const pop3::Greeting& greeting, const pop3::Capabilities& capabilities,
             const LoginState& state);

}  // namespace mpop::client
