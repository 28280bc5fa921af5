#include "client/server_info.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "auth/method_choice.hpp"
#include "auth/method_registry.hpp"
#include "client/json_lines.hpp"
#include "client/oauth2_account.hpp"
#include "pop3/reply.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

std::string Item(std::string_view name, std::string_view explanation) {
  return "    " + std::string(name) + ":\n        " + std::string(explanation) + "\n";
}

std::string HeaderLine(const ServerInfo& info) {
  std::string line = TrFormat("POP3 server at {}", info.host);
  if (info.canonical_name && info.address) {
    line += " (" + *info.canonical_name + " [" + *info.address + "])";
  } else if (info.canonical_name) {
    line += " (" + *info.canonical_name + ")";
  } else if (info.address) {
    line += " ([" + *info.address + "])";
  }
  return line + TrFormat(", port {}:", info.port) + "\n";
}

std::string ExpireItem(const pop3::Expire& expire) {
  switch (expire.kind) {
    case pop3::Expire::Kind::kNever:
      return Item("EXPIRE NEVER", Tr("this POP3 server will never delete mails"));
    case pop3::Expire::Kind::kDays:
      if (expire.days == 0) return Item("EXPIRE 0", Tr("this POP3 server will not keep mails"));
      return Item(
          "EXPIRE " + std::to_string(expire.days),
          // TRANSLATORS: upstream's English says "days" also for one day.
          TrNFormat("this POP3 server will keep mails for {} days",
                    "this POP3 server will keep mails for {} days", expire.days, expire.days));
    case pop3::Expire::Kind::kUnknown:
      break;
  }
  // Upstream reads a garbled value as 0 and claims mails are not kept; say what we know.
  return Item("EXPIRE", Tr("this POP3 server announced an unreadable mail expiry period"));
}

// USER is always assumed (doc/COMPAT.md 4.1); APOP depends on the greeting, never on CAPA;
// the SASL mechanisms are only known when CAPA worked.
std::string AuthMethods(const ServerInfo& info, const pop3::Capabilities& caps) {
  std::string list;
  const auth::ServerOffer offer{.apop_available = info.apop_available,
                                .capa_supported = caps.capa_supported,
                                .sasl_mechanisms = caps.sasl_mechanisms};
  for (const auth::Method& method : auth::kMethods) {
    if (auth::ServerOffers(method, offer).value_or(false)) list += std::string(method.name) + " ";
  }
  return list;
}

std::string CapabilityItems(const ServerInfo& info, const pop3::Capabilities& caps) {
  std::string text = std::string(Tr("POP3 capabilities:")) + "\n";
  if (caps.capa_supported) {
    text += Item("CAPA", Tr("Support for the CAPA command (get list of capabilities)"));
  }
  if (caps.implementation) {
    text += Item("IMPLEMENTATION", pop3::SanitizeServerText(*caps.implementation));
  }
  if (caps.pipelining) {
    text += Item("PIPELINING", Tr("Support for command grouping for faster transmission"));
  }
  if (caps.top) text += Item("TOP", Tr("Support for the TOP command (get mail headers)"));
  if (caps.uidl) {
    text += Item("UIDL", Tr("Support for the UIDL command (get unique mail identifiers)"));
  }
  if (caps.login_delay) {
    text +=
        Item("LOGIN-DELAY " + std::to_string(*caps.login_delay),
             TrFormat("minimum time between logins is {}", FormatLoginDelay(*caps.login_delay)));
  }
  if (caps.expire) text += ExpireItem(*caps.expire);
  if (caps.stls) text += Item("STLS", Tr("Support for TLS encryption via the STLS command"));
  text += Item("AUTH", std::string(Tr("Supported authentication methods:")) + "\n        " +
                           AuthMethods(info, caps));
  if (caps.resp_codes) {
    text +=
        Item("RESP-CODES", Tr("Server error messages in square brackets have a special meaning"));
  }
  if (caps.auth_resp_code) {
    text += Item("AUTH-RESP-CODE",
                 Tr("Server error messages in square brackets have a special meaning"));
  }
  return text;
}

std::string Notes(const ServerInfo& info, const pop3::Capabilities& caps) {
  std::string text;
  if (caps.stls && !info.tls_active) {
    text +=
        Tr("This server might advertise more or other capabilities\n"
           "    when TLS is active.\n");
  }
  if (!info.authenticated) {
    text +=
        Tr("This server might advertise more or other capabilities\n"
           "    after successful authentication.\n");
  }
  if (!caps.capa_supported) {
    text +=
        Tr("This server does not support the CAPA command, so this\n"
           "    list is probably not complete.\n");
  }
  return text;
}

// The OAuth2 methods the server takes, and the state of the account's token.
std::string OAuth2Items(const pop3::Capabilities& caps, std::string_view token_state) {
  std::string methods;
  for (const auth::Method& method : auth::kMethods) {
    if (method.secret == auth::Secret::kBearerToken &&
        std::find(caps.sasl_mechanisms.begin(), caps.sasl_mechanisms.end(), method.name) !=
            caps.sasl_mechanisms.end()) {
      methods += (methods.empty() ? "" : " ") + std::string(method.name);
    }
  }
  if (methods.empty()) methods = Tr("none: this server does not take OAuth2 tokens");
  return "OAuth2:\n" + Item(Tr("Methods of this server"), methods) + Item(Tr("Token"), token_state);
}

}  // namespace

pop3::Capabilities MergeCapabilities(const pop3::Capabilities& before,
                                     const std::optional<pop3::Capabilities>& after) {
  if (!after || !after->capa_supported) return before;
  pop3::Capabilities merged = before;
  merged.capa_supported = true;
  merged.top |= after->top;
  merged.uidl |= after->uidl;
  merged.pipelining |= after->pipelining;
  merged.user |= after->user;
  merged.stls |= after->stls;
  merged.resp_codes |= after->resp_codes;
  merged.auth_resp_code |= after->auth_resp_code;
  merged.sasl |= after->sasl;
  if (after->implementation) merged.implementation = after->implementation;
  if (after->login_delay) {
    merged.login_delay = after->login_delay;
    merged.login_delay_user_specific = after->login_delay_user_specific;
  }
  if (after->expire) merged.expire = after->expire;
  for (const std::string& mechanism : after->sasl_mechanisms) {
    if (std::find(merged.sasl_mechanisms.begin(), merged.sasl_mechanisms.end(), mechanism) ==
        merged.sasl_mechanisms.end()) {
      merged.sasl_mechanisms.push_back(mechanism);
    }
  }
  return merged;
}

std::string FormatLoginDelay(long seconds) {
  // TRANSLATORS: upstream's English says "seconds" also for one second.
  std::string text = TrNFormat("{} seconds", "{} seconds", seconds, seconds);
  if (seconds > 60 * 60) {
    text += TrFormat(" = {:.2f} hours", static_cast<double>(seconds) / (60.0 * 60.0));
  } else if (seconds > 60) {
    text += TrFormat(" = {:.2f} minutes", static_cast<double>(seconds) / 60.0);
  }
  return text;
}

namespace {

nlohmann::json ExpireJson(const std::optional<pop3::Expire>& expire) {
  if (!expire) return nullptr;
  switch (expire->kind) {
    case pop3::Expire::Kind::kNever:
      return "never";
    case pop3::Expire::Kind::kDays:
      return expire->days;
    case pop3::Expire::Kind::kUnknown:
      break;
  }
  return "unknown";
}

nlohmann::json CapabilitiesJson(const pop3::Capabilities& caps) {
  return {{"capa", caps.capa_supported},
          {"implementation", OptionalOrNull(caps.implementation)},
          {"pipelining", caps.pipelining},
          {"top", caps.top},
          {"uidl", caps.uidl},
          {"login_delay", caps.login_delay ? nlohmann::json(*caps.login_delay) : nullptr},
          {"expire", ExpireJson(caps.expire)},
          {"stls", caps.stls},
          {"resp_codes", caps.resp_codes},
          {"auth_resp_code", caps.auth_resp_code},
          {"sasl_mechanisms", caps.sasl_mechanisms}};
}

}  // namespace

nlohmann::json ServerInfoJson(const std::string& account, const ServerInfo& info) {
  const pop3::Capabilities caps = MergeCapabilities(
      info.capabilities, info.authenticated ? info.capabilities_after_auth : std::nullopt);
  nlohmann::json object = JsonObject("serverinfo");
  object["account"] = account;
  object["host"] = info.host;
  object["canonical_name"] = OptionalOrNull(info.canonical_name);
  object["address"] = OptionalOrNull(info.address);
  object["port"] = info.port;
  object["greeting"] = info.greeting;
  object["tls"] = info.tls_active;
  object["tls_info"] = TextOrNull(info.tls_block);
  object["authenticated"] = info.authenticated;
  object["capabilities"] = CapabilitiesJson(caps);
  nlohmann::json methods = nlohmann::json::array();
  const std::string list = AuthMethods(info, caps);
  for (std::size_t at = 0, end; (end = list.find(' ', at)) != std::string::npos; at = end + 1) {
    methods.push_back(list.substr(at, end - at));
  }
  object["auth_methods"] = methods;
  object["oauth2_token"] = TextOrNull(info.oauth2_token);
  return object;
}

std::string FormatServerInfo(const ServerInfo& info) {
  const pop3::Capabilities caps = MergeCapabilities(
      info.capabilities, info.authenticated ? info.capabilities_after_auth : std::nullopt);
  std::string text = HeaderLine(info);
  text += "    " + pop3::SanitizeServerText(info.greeting) + "\n";
  text += info.tls_block;
  text += CapabilityItems(info, caps);
  text += Notes(info, caps);
  if (!info.oauth2_token.empty()) text += OAuth2Items(caps, info.oauth2_token);
  return text;
}

Status RunServerInfo(const SessionContext& context, pop3::Session& session,
                     const ServerInfoFacts& facts) {
  ServerInfo info;
  // Upstream names the host even when a socket is used; the socket only without a host.
  info.host = context.account.host.value_or("");
  if (info.host.empty()) info.host = context.ServerName();
  info.canonical_name = facts.connection.peer_reverse_name;
  info.address = facts.connection.peer_ip;
  info.port = context.account.port;
  info.greeting = facts.greeting.text;
  info.tls_block = facts.tls_block;
  info.tls_active = facts.tls_active;
  info.apop_available = facts.greeting.apop_timestamp.has_value();
  info.capabilities = facts.capabilities;
  info.authenticated = facts.authenticated;
  info.capabilities_after_auth = facts.capabilities_after_auth;
  if (UsesOAuth2(context.account)) {
    info.oauth2_token =
        DescribeOAuth2Token(context.account, context.options.oauth2_token_directory);
  }
  if (context.out.json()) {
    context.out.Json(ServerInfoJson(context.account.name, info));
  } else {
    context.out.Out(FormatServerInfo(info));
  }
  Status quit = session.Quit();
  if (!quit && !facts.authenticated) return {};
  return quit;
}

}  // namespace mpop::client
