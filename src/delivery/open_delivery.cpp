#include "delivery/open_delivery.hpp"

#include <algorithm>

#include "delivery/exchange.hpp"
#include "delivery/maildir.hpp"
#include "delivery/mbox.hpp"
#include "delivery/mda.hpp"
#include "util/i18n.hpp"

namespace mpop::delivery {
namespace {

Result<std::unique_ptr<Delivery>> OpenMdaTarget(const DeliveryTarget& target) {
  MdaOptions options;
  options.idle_limit = target.command_timeout;
  return OpenMda(target.argument, std::move(options));
}

Result<std::unique_ptr<Delivery>> OpenMaildirTarget(const DeliveryTarget& target) {
  MaildirOptions options;
  options.sequence = target.sequence;
  options.file_system = target.file_system;
  return OpenMaildir(target.argument, std::move(options));
}

Result<std::unique_ptr<Delivery>> OpenMboxTarget(const DeliveryTarget& target) {
  MboxOptions options;
  options.file_system = target.file_system;
  return OpenMbox(target.argument, std::move(options));
}

Result<std::unique_ptr<Delivery>> OpenExchangeTarget(const DeliveryTarget& target) {
  ExchangeOptions options;
  options.sequence = target.sequence;
  options.file_system = target.file_system;
  return OpenExchange(target.argument, std::move(options));
}

// clang-format off
constexpr DeliveryKind kKinds[] = {
//  name        argument is    example               path   on finish  concurrent  open
    {"mda",      "a command",   "/usr/bin/procmail",  false, true,      false,      OpenMdaTarget},
    {"maildir",  "a directory", "~/Mail",             true,  false,     true,       OpenMaildirTarget},
    {"mbox",     "a file",      "~/mbox",             true,  true,      true,       OpenMboxTarget},
    {"exchange", "a directory", "~/pickup",           true,  true,      true,       OpenExchangeTarget},
};
// clang-format on

}  // namespace

std::span<const DeliveryKind> DeliveryKinds() { return kKinds; }

const DeliveryKind* FindDeliveryKind(std::string_view name) {
  auto kind = std::find_if(std::begin(kKinds), std::end(kKinds),
                           [&](const DeliveryKind& k) { return k.name == name; });
  return kind == std::end(kKinds) ? nullptr : &*kind;
}

Result<std::unique_ptr<Delivery>> OpenDelivery(const DeliveryTarget& target) {
  if (target.kind == nullptr) return Error::Software(Tr("no delivery kind"));
  return target.kind->open(target);
}

}  // namespace mpop::delivery
