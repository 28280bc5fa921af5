#include "client/portions.hpp"

namespace mpop::client {

bool LooksLikePortion(const MailboxOutcome& outcome, bool keeps_mail) {
  return keeps_mail && outcome.retrieved > 0 && outcome.listed >= kMinPortion &&
         outcome.new_mails == outcome.listed;
}

}  // namespace mpop::client
