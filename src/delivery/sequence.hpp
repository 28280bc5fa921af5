#pragma once
// DeliverySequence: the `Q<seq>` counter of maildir and Exchange file names (doc/COMPAT.md 3.1,
// 3.4), "per process, starting at 1". Instead of a global, main() makes one and passes it
// down to every Delivery; a Delivery given none counts on its own. Names stay unique
// either way, because files are created with O_EXCL and a clash moves on to the next
// number.

#include <atomic>
#include <cstdint>

namespace mpop::delivery {

class DeliverySequence {
 public:
  DeliverySequence() = default;
  DeliverySequence(const DeliverySequence&) = delete;
  DeliverySequence& operator=(const DeliverySequence&) = delete;

  // 1, 2, 3, ...; safe to call from several threads.
  std::uint64_t Next() { return next_.fetch_add(1, std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> next_{1};
};

}  // namespace mpop::delivery
