#include "uidls/uid_table.hpp"

#include <algorithm>
#include <cassert>
#include <climits>

namespace mpop::uidls {

UidTable::UidTable(std::initializer_list<std::pair<std::string_view, std::int64_t>> entries) {
  for (const auto& [uid, first_seen] : entries) emplace(uid, first_seen);
}

std::size_t UidTable::size() const {
  Normalize();
  return slots_.size();
}

void UidTable::emplace(std::string_view uid, std::int64_t first_seen) {
  assert(own_.size() + uid.size() <= UINT32_MAX && uid.size() < (1u << 31));
  Slot slot;
  slot.offset = static_cast<std::uint32_t>(own_.size());
  slot.size = static_cast<std::uint32_t>(uid.size());
  slot.own = 1;
  slot.first_seen = first_seen;
  own_.append(uid);
  slots_.push_back(slot);
  dirty_ = true;
}

void UidTable::EmplaceFromText(const std::shared_ptr<const std::string>& text, std::size_t offset,
                               std::size_t size, std::int64_t first_seen) {
  assert(!text_ || text_ == text);
  assert(offset + size <= UINT32_MAX);
  if (!text_) text_ = text;
  Slot slot;
  slot.offset = static_cast<std::uint32_t>(offset);
  slot.size = static_cast<std::uint32_t>(size);
  slot.first_seen = first_seen;
  slots_.push_back(slot);
  dirty_ = true;
}

void UidTable::Normalize() const {
  if (!dirty_) return;
  dirty_ = false;
  auto less = [this](const Slot& a, const Slot& b) { return Uid(a) < Uid(b); };
  // Stable, so that of equal UIDs the first added stays first and survives unique().
  if (!std::is_sorted(slots_.begin(), slots_.end(), less)) {
    std::stable_sort(slots_.begin(), slots_.end(), less);
  }
  auto equal = [this](const Slot& a, const Slot& b) { return Uid(a) == Uid(b); };
  slots_.erase(std::unique(slots_.begin(), slots_.end(), equal), slots_.end());
}

std::optional<std::int64_t> UidTable::Find(std::string_view uid) const {
  Normalize();
  auto it =
      std::lower_bound(slots_.begin(), slots_.end(), uid,
                       [this](const Slot& slot, std::string_view key) { return Uid(slot) < key; });
  if (it == slots_.end() || Uid(*it) != uid) return std::nullopt;
  return it->first_seen;
}

UidEntry UidTable::At(std::size_t i) const { return {Uid(slots_[i]), slots_[i].first_seen}; }

UidTable::const_iterator UidTable::begin() const {
  Normalize();
  return {this, 0};
}

bool operator==(const UidTable& a, const UidTable& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.slots_.size(); ++i) {
    if (a.At(i) != b.At(i)) return false;
  }
  return true;
}

}  // namespace mpop::uidls
