#pragma once
// UidTable: one account's UIDs with their first-seen times, compact (issue 17). A kept
// mailbox of 50,000 mails meets 50,000 known UIDs in every run, so they are not held as a
// map of strings (a node and often a heap block per UID) but as 8-byte slots sorted by UID,
// whose bytes lie either in the UIDLs file's text as read (shared by every list of the
// file, so reading the file copies no UID) or in the table's own buffer (UIDs added later).
// The first-seen time is not held apart either: a UID from the text is followed there by
// " TIME", one in the own buffer by the time's 8 bytes. Lookups are binary searches.
//
// Adding only appends; the table sorts itself (and drops later duplicates: the first UID
// added wins, keeping its first-seen time) on the next read. Why lazily: the parser adds
// the UIDs of a file that upstream and we write sorted, so the sort is one pass that finds
// them in order. Reads are therefore not safe from several threads at once.
//
// Order: UIDs compare as bytes (unsigned char), which is strcmp order for the NUL-free
// strings the file format can hold, the order in which upstream writes and searches them.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "uidls/file_text.hpp"
#include "util/prefault.hpp"

namespace mpop::uidls {

// One UID and its first-seen time (Unix seconds); named like a map's value_type.
struct UidEntry {
  std::string_view first;
  std::int64_t second = 0;
  bool operator==(const UidEntry&) const = default;
};

class UidTable {
 public:
  UidTable() = default;
  UidTable(std::initializer_list<std::pair<std::string_view, std::int64_t>> entries);

  std::size_t size() const;
  bool empty() const { return slots_.empty(); }
  // Room for `count` UIDs, and `bytes` of them added by emplace().
  void reserve(std::size_t count, std::size_t bytes = 0) {
    util::ReservePrefaulted(slots_, count);
    own_.reserve(bytes);
  }

  // Adds `uid` unless it is present (the first added wins).
  void emplace(std::string_view uid, std::int64_t first_seen);
  // For the file's parser: adds the UID `size` bytes long at `offset` in `text`, which the
  // table then shares (every call must pass the same text). The UID must be followed in
  // `text` by a space and its first-seen time in decimal, as the file has them.
  void EmplaceFromText(const std::shared_ptr<const FileText>& text, std::size_t offset,
                       std::size_t size);

  // Tells the table that its UIDs were added in strictly ascending order, so the next read
  // need not check that or sort (the parser knows it of a file written in order).
  void MarkSorted();

  // A lookup position for a series of lookups: servers mostly list their UIDs in ascending
  // order (Dovecot, Gmail), and a lookup that starts where the last one ended finds the
  // next UID in a step or two instead of a binary search over the whole table.
  struct Cursor {
    std::size_t position = 0;
  };

  std::optional<std::int64_t> Find(std::string_view uid) const;
  std::optional<std::int64_t> Find(std::string_view uid, Cursor& cursor) const;
  bool contains(std::string_view uid) const { return Find(uid).has_value(); }
  // The position of `uid` in UID order (0 to size() - 1), or nullopt.
  std::optional<std::size_t> IndexOf(std::string_view uid) const;
  // The same, searching onwards from `cursor` first (any order of lookups works).
  std::optional<std::size_t> IndexOf(std::string_view uid, Cursor& cursor) const;
  // Keeps only the UIDs whose position in UID order is marked in `keep`, which has size()
  // marks (positions as IndexOf gave them, with nothing added since).
  void Retain(const std::vector<bool>& keep);

  class const_iterator {
   public:
    using value_type = UidEntry;
    using difference_type = std::ptrdiff_t;
    struct Arrow {
      UidEntry entry;
      const UidEntry* operator->() const { return &entry; }
    };
    const_iterator() = default;
    const_iterator(const UidTable* table, std::size_t i) : table_(table), i_(i) {}
    UidEntry operator*() const { return table_->At(i_); }
    Arrow operator->() const { return {table_->At(i_)}; }
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++i_;
      return before;
    }
    bool operator==(const const_iterator& other) const { return i_ == other.i_; }

   private:
    const UidTable* table_ = nullptr;
    std::size_t i_ = 0;
  };
  // In UID order.
  const_iterator begin() const;
  const_iterator end() const { return {this, size()}; }

  friend bool operator==(const UidTable& a, const UidTable& b);

 private:
  struct Slot {
    std::uint32_t offset = 0;
    std::uint32_t size : 31 = 0;
    std::uint32_t own : 1 = 0;  // bytes in own_, else in text_
  };

  std::string_view Uid(const Slot& slot) const {
    return std::string_view((slot.own ? own_.data() : text_->data()) + slot.offset, slot.size);
  }
  std::int64_t FirstSeen(const Slot& slot) const;
  UidEntry At(std::size_t i) const;
  void Normalize() const;

  std::shared_ptr<const FileText> text_;
  std::string own_;
  mutable std::vector<Slot> slots_;
  mutable bool dirty_ = false;  // slots_ may be unsorted or hold duplicates
};

}  // namespace mpop::uidls
