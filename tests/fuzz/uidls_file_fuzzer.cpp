// Fuzzes the UIDLs file parser and the journal parser with the same bytes. Whatever parses
// must format back to text that parses to the same value, and a text the parser calls
// canonical must be exactly what formatting its value gives.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "uidls/journal.hpp"
#include "uidls/uidls_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mpop::uidls;  // NOLINT: a fuzz target's few lines read better without prefixes
  std::string_view text(reinterpret_cast<const char*>(data), size);

  bool canonical = false;
  mpop::Result<UidlsData> parsed = ParseUidls(text, "fuzz", 1234, &canonical);
  if (parsed) {
    // A text called canonical is what formatting writes: a run that changes nothing
    // leaves it as it is.
    if (canonical && FormatUidls(*parsed) != text) std::abort();
    bool storable = true;
    for (const UidList& list : parsed->lists) {
      for (const auto& entry : list.uids) storable = storable && CheckUid(entry.first);
    }
    if (storable) {
      mpop::Result<UidlsData> again = ParseUidls(FormatUidls(*parsed), "fuzz", 0);
      if (!again || *again != *parsed) std::abort();
    }
  }

  JournalContents journal = ParseJournal(text);
  for (const JournalRecord& record : journal.records) {
    JournalContents again = ParseJournal(FormatJournalRecord(record));
    if (again.records.size() != 1 || again.records[0] != record) std::abort();
  }
  return 0;
}
