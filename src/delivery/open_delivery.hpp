#pragma once
// OpenDelivery: the one place that turns a configured delivery method into a Delivery, so
// the client needs no switch of its own. The delivery layer knows nothing of config/: the
// client maps config::DeliveryMethod to DeliveryKind.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "delivery/sequence.hpp"
#include "delivery/sink.hpp"
#include "util/file_system.hpp"
#include "util/result.hpp"

namespace mpop::delivery {

enum class DeliveryKind { kMaildir, kMbox, kMda, kExchange };

struct DeliveryTarget {
  DeliveryKind kind = DeliveryKind::kMaildir;
  // The directory (maildir, exchange), the file (mbox) or the command (mda), as
  // configured (paths already tilde-expanded).
  std::string argument;
  // The process's Q<seq> counter for maildir and exchange names; must outlive the
  // Delivery. Null: each Delivery counts on its own (names stay unique: O_EXCL).
  DeliverySequence* sequence = nullptr;
  // The file system calls of maildir, mbox and Exchange delivery (tests inject faults);
  // must outlive the Delivery. Null: util::PosixFileSystem().
  const util::FileSystem* file_system = nullptr;
  // The MDA's time limit (mda.hpp MdaOptions::idle_limit); none: no limit.
  std::optional<std::chrono::milliseconds> command_timeout;
};

// Opens the target with default options: maildir.hpp, mbox.hpp (waits up to 10 s for
// its lock), mda.hpp, exchange.hpp say what can fail and how.
Result<std::unique_ptr<Delivery>> OpenDelivery(const DeliveryTarget& target);

// Whether Finish() already delivers a mail for good (mbox, MDA, Exchange: there is no
// publish step to defer). Then a client that batches its journal writes would, after a
// crash, fetch and deliver again every finished mail of the batch not yet journaled: for
// these kinds the client should commit (Sync, journal, Publish) after every mail, which
// keeps the promise "at most the one mail in flight" (DESIGN.md "Durability").
bool DeliversOnFinish(DeliveryKind kind);

}  // namespace mpop::delivery
