#pragma once
// StringList: many short strings (a server's UIDs) stored back to back in one buffer, each
// found by an offset and a length. Why: a big kept mailbox lists tens of thousands of
// 16-byte UIDs, one past std::string's short-string buffer, so a vector<string> costs a heap
// block of its own per UID (doc/ARCHITECTURE.md "Compact UIDs"): here a UID costs its bytes
// plus 8.
//
// Strings are set by index (a listing may arrive out of order) and read as string_views,
// valid until the next change of the list.

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/prefault.hpp"

namespace mpop::util {

class StringList {
 public:
  StringList() = default;
  explicit StringList(std::size_t count) : spans_(count) {}
  StringList(std::initializer_list<std::string_view> strings) {
    for (std::string_view s : strings) push_back(s);
  }
  explicit StringList(const std::vector<std::string>& strings) {
    spans_.reserve(strings.size());
    for (const std::string& s : strings) push_back(s);
  }

  std::size_t size() const { return spans_.size(); }
  bool empty() const { return spans_.empty(); }
  void resize(std::size_t count) {
    ReservePrefaulted(spans_, count);
    spans_.resize(count);
  }

  std::string_view operator[](std::size_t i) const {
    return std::string_view(bytes_.data() + spans_[i].offset, spans_[i].size);
  }
  // Replaces string i (an earlier value's bytes stay unused in the buffer).
  void Set(std::size_t i, std::string_view s) {
    assert(bytes_.size() + s.size() <= UINT32_MAX);
    spans_[i] = {static_cast<std::uint32_t>(bytes_.size()), static_cast<std::uint32_t>(s.size())};
    if (bytes_.size() + s.size() > prefaulted_) PrefaultAhead(s.size());
    bytes_.append(s);
  }
  void push_back(std::string_view s) {
    spans_.emplace_back();
    Set(spans_.size() - 1, s);
  }
  // Expected total size of the strings, to avoid regrowing the buffer.
  void reserve_bytes(std::size_t bytes) { bytes_.reserve(bytes); }

  class const_iterator {
   public:
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    const_iterator() = default;
    const_iterator(const StringList* list, std::size_t i) : list_(list), i_(i) {}
    std::string_view operator*() const { return (*list_)[i_]; }
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
    const StringList* list_ = nullptr;
    std::size_t i_ = 0;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }

  friend bool operator==(const StringList& a, const StringList& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  friend bool operator==(const StringList& a, const std::vector<std::string>& b) {
    return a == StringList(b);
  }

 private:
  // The buffer's size is only estimated (reserve_bytes), so its pages are mapped in a
  // piece at a time just ahead of the writes (util/prefault.hpp), never beyond.
  void PrefaultAhead(std::size_t incoming) {
    if (bytes_.size() + incoming > bytes_.capacity()) return;  // it moves; its copy faults
    const std::size_t from = std::max(prefaulted_, bytes_.size());
    const std::size_t to = std::min(bytes_.capacity(), from + kPrefaultMinBytes);
    if (to > from) PrefaultForWriting(bytes_.data() + from, to - from);
    prefaulted_ = std::max(to, bytes_.size() + incoming);
  }

  struct Span {
    std::uint32_t offset = 0;
    std::uint32_t size = 0;
  };
  std::string bytes_;
  std::vector<Span> spans_;
  std::size_t prefaulted_ = 0;  // bytes_ offset up to which its pages are mapped in
};

}  // namespace mpop::util
