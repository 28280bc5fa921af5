#include "uidls/uid_table.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <climits>
#include <cstring>

namespace mpop::uidls {

UidTable::UidTable(std::initializer_list<std::pair<std::string_view, std::int64_t>> entries) {
  for (const auto& [uid, first_seen] : entries) emplace(uid, first_seen);
}

std::size_t UidTable::size() const {
  Normalize();
  return slots_.size();
}

void UidTable::emplace(std::string_view uid, std::int64_t first_seen) {
  assert(own_.size() + uid.size() + sizeof first_seen <= UINT32_MAX && uid.size() < (1u << 31));
  Slot slot;
  slot.offset = static_cast<std::uint32_t>(own_.size());
  slot.size = static_cast<std::uint32_t>(uid.size());
  slot.own = 1;
  own_.append(uid);
  char time[sizeof first_seen];
  std::memcpy(time, &first_seen, sizeof time);
  own_.append(time, sizeof time);
  // A session records a few UIDs into a table of thousands: grow by an eighth instead of
  // doubling (a 50,000-UID table would get room for 50,000 more, issue 17).
  if (slots_.size() == slots_.capacity()) slots_.reserve(slots_.size() + slots_.size() / 8 + 16);
  slots_.push_back(slot);
  dirty_ = true;
}

void UidTable::EmplaceFromText(const std::shared_ptr<const FileText>& text, std::size_t offset,
                               std::size_t size) {
  assert(!text_ || text_ == text);
  assert(offset + size < UINT32_MAX && offset + size < text->size() &&
         text->view()[offset + size] == ' ');
  if (!text_) text_ = text;
  Slot slot;
  slot.offset = static_cast<std::uint32_t>(offset);
  slot.size = static_cast<std::uint32_t>(size);
  slots_.push_back(slot);
  dirty_ = true;
}

std::int64_t UidTable::FirstSeen(const Slot& slot) const {
  std::int64_t first_seen = 0;
  const char* end = (slot.own ? own_.data() : text_->data()) + slot.offset + slot.size;
  if (slot.own) {
    std::memcpy(&first_seen, end, sizeof first_seen);
  } else {
    // " TIME" follows; the parser checked it. It ends at '\n' or at the end of the text.
    const char* text_end = text_->data() + text_->size();
    std::from_chars(end + 1, text_end, first_seen);
  }
  return first_seen;
}

void UidTable::MarkSorted() {
  assert(std::adjacent_find(slots_.begin(), slots_.end(), [this](const Slot& a, const Slot& b) {
           return !(Uid(a) < Uid(b));
         }) == slots_.end());
  dirty_ = false;
}

void UidTable::Normalize() const {
  if (!dirty_) return;
  dirty_ = false;
  auto less = [this](const Slot& a, const Slot& b) { return Uid(a) < Uid(b); };
  // Usually a long sorted run (the file's UIDs) followed by a few added ones: sort those
  // and merge. Stable, so that of equal UIDs the first added stays first and survives
  // unique().
  auto unsorted = std::is_sorted_until(slots_.begin(), slots_.end(), less);
  if (unsorted != slots_.end()) {
    std::stable_sort(unsorted, slots_.end(), less);
    std::inplace_merge(slots_.begin(), unsorted, slots_.end(), less);
  }
  auto equal = [this](const Slot& a, const Slot& b) { return Uid(a) == Uid(b); };
  slots_.erase(std::unique(slots_.begin(), slots_.end(), equal), slots_.end());
}

std::optional<std::int64_t> UidTable::Find(std::string_view uid) const {
  Cursor cursor;
  return Find(uid, cursor);
}

std::optional<std::int64_t> UidTable::Find(std::string_view uid, Cursor& cursor) const {
  std::optional<std::size_t> index = IndexOf(uid, cursor);
  if (!index) return std::nullopt;
  return FirstSeen(slots_[*index]);
}

std::optional<std::size_t> UidTable::IndexOf(std::string_view uid) const {
  Cursor cursor;
  return IndexOf(uid, cursor);
}

std::optional<std::size_t> UidTable::IndexOf(std::string_view uid, Cursor& cursor) const {
  Normalize();
  auto less = [this](const Slot& slot, std::string_view key) { return Uid(slot) < key; };
  // The UID's place (the first slot not less than it) lies in [low, high].
  std::size_t low = 0;
  std::size_t high = slots_.size();
  const std::size_t at = std::min(cursor.position, high);
  if (at == high || !less(slots_[at], uid)) {
    high = at;
  } else {
    // Past the cursor: probe 1, 2, 4, ... slots on until one is not less.
    low = at + 1;
    for (std::size_t step = 1; low + step - 1 < high; step *= 2) {
      const std::size_t probe = low + step - 1;
      if (!less(slots_[probe], uid)) {
        high = probe;
        break;
      }
      low = probe + 1;
    }
  }
  const auto it = std::lower_bound(slots_.begin() + static_cast<std::ptrdiff_t>(low),
                                   slots_.begin() + static_cast<std::ptrdiff_t>(high), uid, less);
  cursor.position = static_cast<std::size_t>(it - slots_.begin());
  if (it == slots_.end() || Uid(*it) != uid) return std::nullopt;
  return cursor.position;
}

void UidTable::Retain(const std::vector<bool>& keep) {
  Normalize();
  assert(keep.size() == slots_.size());
  std::size_t kept = 0;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (keep[i]) slots_[kept++] = slots_[i];
  }
  slots_.resize(kept);
}

UidEntry UidTable::At(std::size_t i) const { return {Uid(slots_[i]), FirstSeen(slots_[i])}; }

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
