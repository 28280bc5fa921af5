#pragma once
// The journal "<uidls file>.journal": an append-only log of UIDs recorded since the UIDLs
// file was last rewritten, so that recording a delivered mail costs one short append
// instead of a full rewrite (doc/ARCHITECTURE.md "Durability"). Pure formatting and parsing here;
// the file handling lives in uidls/store.hpp.
//
// One record per line, fields separated by single spaces:
//   U1 <crc32 as 8 lowercase hex digits> <first-seen> <host> <user> <uid> <delivery token>
// host, user, uid and token are escaped: bytes <= 0x20, 0x7f and '%' become "%XX" (uppercase
// hex), so fields never contain spaces or newlines and may be empty. The CRC-32 (IEEE,
// as in zlib) covers everything after "U1 xxxxxxxx ", so a torn or garbled line is detected.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mpop::uidls {

struct JournalRecord {
  std::string host;
  std::string user;
  std::string uid;
  std::int64_t first_seen = 0;
  // Opaque to this layer: what the client needs to finish an interrupted delivery (for a
  // maildir, the name of the file in tmp/ that was made durable before this record). Empty
  // when there is nothing to finish.
  std::string delivery_token;

  bool operator==(const JournalRecord&) const = default;
};

// One journal line, '\n' included.
std::string FormatJournalRecord(const JournalRecord& record);

struct JournalContents {
  std::vector<JournalRecord> records;  // the valid records, in file order
  // Complete lines that are not valid records (bad checksum, wrong field count, bad
  // escape). They are skipped: each record stands alone, so its neighbours stay good.
  std::size_t bad_lines = 0;
  // The text did not end with '\n': the last append was cut short by a crash. The partial
  // line is ignored; its Sync() never returned, so nobody relied on it.
  bool torn_tail = false;

  bool operator==(const JournalContents&) const = default;
};

// Parses a whole journal. Never fails: damage is skipped and counted.
JournalContents ParseJournal(std::string_view text);

// CRC-32 (IEEE 802.3 polynomial, reflected, as zlib's crc32()).
std::uint32_t Crc32(std::string_view bytes);

}  // namespace mpop::uidls
