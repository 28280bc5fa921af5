#include "client/portions.hpp"

namespace mpop::client {

bool LooksLikePortion(const MailboxOutcome& outcome) {
  return outcome.retrieved > 0 && outcome.listed >= kMinPortion &&
         outcome.new_mails == outcome.listed;
}

}  // namespace mpop::client
