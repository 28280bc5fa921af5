#include "delivery/open_delivery.hpp"

#include "delivery/exchange.hpp"
#include "delivery/maildir.hpp"
#include "delivery/mbox.hpp"
#include "delivery/mda.hpp"

namespace mpop::delivery {

Result<std::unique_ptr<Delivery>> OpenDelivery(const DeliveryTarget& target) {
  switch (target.kind) {
    case DeliveryKind::kMaildir: {
      MaildirOptions options;
      options.sequence = target.sequence;
      options.file_system = target.file_system;
      return OpenMaildir(target.argument, std::move(options));
    }
    case DeliveryKind::kMbox: {
      MboxOptions options;
      options.file_system = target.file_system;
      return OpenMbox(target.argument, std::move(options));
    }
    case DeliveryKind::kMda: {
      MdaOptions options;
      options.idle_limit = target.command_timeout;
      return OpenMda(target.argument, std::move(options));
    }
    case DeliveryKind::kExchange: {
      ExchangeOptions options;
      options.sequence = target.sequence;
      options.file_system = target.file_system;
      return OpenExchange(target.argument, std::move(options));
    }
  }
  return Error::Software("unknown delivery method");
}

bool DeliversOnFinish(DeliveryKind kind) { return kind != DeliveryKind::kMaildir; }

}  // namespace mpop::delivery
