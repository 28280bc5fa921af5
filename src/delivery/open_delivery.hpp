#pragma once
// The delivery kinds as one table, and OpenDelivery, which turns a configured delivery
// into a Delivery through its kind's row, so no other code needs a switch over kinds.

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "delivery/sequence.hpp"
#include "delivery/sink.hpp"
#include "util/file_system.hpp"
#include "util/result.hpp"

namespace mpop::delivery {

struct DeliveryTarget;

// The delivery kinds, one row each (delivery/open_delivery.cpp, kKinds): the one place a
// kind is described. The `delivery` command and --delivery (config/values.cpp), --pretend,
// the scheduling of accounts (client/account_runner.cpp), the batching of durable commits
// (client/retrieval.cpp) and OpenDelivery read it.
struct DeliveryKind {
  std::string_view name;         // the method of `delivery METHOD ARGUMENT`: "maildir"
  std::string_view argument_is;  // for "delivery maildir needs a directory": "a directory"
  std::string_view example;      // an argument for that message: "~/Mail"
  bool argument_is_path;         // a leading ~ is expanded (not in an MDA command)
  // Whether Finish() already delivers a mail for good (mbox, MDA, Exchange: there is no
  // publish step to defer). Then a client that batches its journal writes would, after a
  // crash, fetch and deliver again every finished mail of the batch not yet journaled: for
  // these kinds the client commits (Sync, journal, Publish) after every mail, which keeps
  // the promise "at most the one mail in flight" (doc/ARCHITECTURE.md "Durability").
  bool delivers_on_finish;
  // Whether accounts may deliver into one target at the same time (a maildir by design,
  // an mbox locked per mail); else the client runs them one after another.
  bool concurrent_writers;
  Result<std::unique_ptr<Delivery>> (*open)(const DeliveryTarget& target);
};

// Every kind, in the manual's order.
std::span<const DeliveryKind> DeliveryKinds();

// The kind named exactly `name`, or nullptr.
const DeliveryKind* FindDeliveryKind(std::string_view name);

struct DeliveryTarget {
  const DeliveryKind* kind = nullptr;  // never null when opened
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

// Opens the target with its kind's defaults: maildir.hpp, mbox.hpp (waits up to 10 s for
// its lock), mda.hpp, exchange.hpp say what can fail and how.
Result<std::unique_ptr<Delivery>> OpenDelivery(const DeliveryTarget& target);

}  // namespace mpop::delivery
