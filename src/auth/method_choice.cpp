#include "auth/method_choice.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "util/i18n.hpp"

namespace mpop::auth {
namespace {

// The rows the automatic choice considers, in its order (doc/COMPAT.md 4.1).
std::vector<const Method*> AutomaticOrder() {
  std::vector<const Method*> order;
  for (const Method& method : kMethods) {
    if (method.automatic_rank != kNeverAutomatic) order.push_back(&method);
  }
  std::sort(order.begin(), order.end(),
            [](const Method* a, const Method* b) { return a->automatic_rank < b->automatic_rank; });
  return order;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

template <class Range>
bool Contains(const Range& range, std::string_view name) {
  return std::find(std::begin(range), std::end(range), name) != std::end(range);
}

bool IsAutomatic(std::string_view configured) {
  return configured.empty() || Upper(configured) == "ON";
}

ServerOffer OfferOf(const MethodChoiceInput& in) {
  return {.apop_available = in.apop_available,
          .capa_supported = in.capa_supported,
          .sasl_mechanisms = in.sasl_mechanisms};
}

// `method` is a known name (a row of kMethods).
bool Offered(const MethodChoiceInput& in, std::string_view method, bool assume_unknown_sasl) {
  return ServerOffers(*FindMethod(method), OfferOf(in)).value_or(assume_unknown_sasl);
}

std::string JoinOrNone(const std::vector<std::string_view>& names) {
  if (names.empty()) return "none";
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// "USER, APOP, SCRAM-SHA-1" or, without CAPA, "USER, APOP and unknown SASL methods".
std::string DescribeOffer(const MethodChoiceInput& in) {
  std::vector<std::string_view> names;
  for (const Method& method : kMethods) {
    if (method.offered_by != OfferedBy::kSaslCapability &&
        ServerOffers(method, OfferOf(in)).value_or(false)) {
      names.push_back(method.name);
    }
  }
  if (!in.capa_supported) return JoinOrNone(names) + " (no CAPA: SASL methods unknown)";
  for (const std::string& mech : in.sasl_mechanisms) {
    if (!Contains(names, mech)) names.push_back(mech);
  }
  return JoinOrNone(names);
}

bool NeedsBinding(std::string_view method) { return method.ends_with("-PLUS"); }

bool Acceptable(const MethodChoiceInput& in, const Method& candidate) {
  if (!Contains(in.supported, candidate.name)) return false;
  if (!in.tls_active && !candidate.automatic_without_tls) return false;
  return !NeedsBinding(candidate.name) || in.channel_binding;
}

Result<std::string> ChooseAutomatically(const MethodChoiceInput& in) {
  std::vector<std::string_view> acceptable;
  for (const Method* candidate : AutomaticOrder()) {
    if (!Acceptable(in, *candidate)) continue;
    if (Offered(in, candidate->name, false)) return std::string(candidate->name);
    acceptable.push_back(candidate->name);
  }
  if (!in.tls_active) {
    return Error::Unavailable(
        TrFormat("cannot use a secure authentication method: the POP3 server offers {}; automatic "
                 "choice accepts {} without TLS (use TLS, or choose a method with 'auth')",
                 DescribeOffer(in), JoinOrNone(acceptable)));
  }
  return Error::Unavailable(
      TrFormat("cannot find a usable authentication method: the POP3 server offers {}; automatic "
               "choice accepts {}",
               DescribeOffer(in), JoinOrNone(acceptable)));
}

}  // namespace

Status CheckMethodAvailable(std::string_view configured,
                            std::span<const std::string_view> supported) {
  if (IsAutomatic(configured)) return {};
  std::string method = Upper(configured);
  if (FindMethod(method) == nullptr) {
    return Error::Config(TrFormat("unknown authentication method '{}'", configured));
  }
  if (!Contains(supported, method)) {
    return Error::Unavailable(
        TrFormat("support for authentication method {} is not compiled in", method));
  }
  return {};
}

bool MayUseGnuSasl(std::string_view configured, bool capa_supported,
                   std::span<const std::string> sasl_mechanisms) {
  auto gnu_sasl = [](std::string_view name) {
    const Method* method = FindMethod(name);
    return method != nullptr && method->library == MethodLibrary::kGnuSasl;
  };
  if (!IsAutomatic(configured)) return gnu_sasl(Upper(configured));
  return capa_supported && std::any_of(sasl_mechanisms.begin(), sasl_mechanisms.end(), gnu_sasl);
}

Result<std::string> ChooseMethod(const MethodChoiceInput& in) {
  if (IsAutomatic(in.configured)) return ChooseAutomatically(in);
  MPOP_TRY(CheckMethodAvailable(in.configured, in.supported));
  std::string method = Upper(in.configured);
  if (!Offered(in, method, true)) {
    return Error::Unavailable(
        TrFormat("POP3 server does not support authentication method {} (it offers {})", method,
                 DescribeOffer(in)));
  }
  if (NeedsBinding(method) && !in.channel_binding) {
    return Error::Unavailable(TrFormat(
        "authentication method {} needs TLS channel binding, which this connection lacks", method));
  }
  return method;
}

bool MethodNeedsPassword(std::string_view method) {
  const Method* row = FindMethod(method);
  return row == nullptr || row->secret != Secret::kNone;
}

bool MethodTakesBearerToken(std::string_view method) {
  const Method* row = FindMethod(method);
  return row != nullptr && row->secret == Secret::kBearerToken;
}

bool MethodNeedsUser(std::string_view method) {
  const Method* row = FindMethod(method);
  return row == nullptr || row->needs_user;
}

}  // namespace mpop::auth
