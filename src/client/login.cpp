#include "client/login.hpp"

#include "util/shell.hpp"

namespace mpop::client {

// TODO(#3): replaced by auth/ (method choice, every password source) when it lands.
Status Login(const SessionContext& context, pop3::Session& session, const pop3::Greeting&,
             const pop3::Capabilities&, const LoginState&) {
  const config::Account& account = context.account;
  std::string password = account.password.value_or("");
  if (!account.password && account.password_eval) {
    auto evaluated = EvalFirstLine(*account.password_eval);
    if (!evaluated) return std::move(evaluated).error();
    password = *evaluated;
  }
  return session.UserPass(account.user.value_or(""), password);
}

}  // namespace mpop::client
