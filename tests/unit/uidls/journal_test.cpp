#include "uidls/journal.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mpop::uidls {
namespace {

TEST(Crc32Test, KnownValues) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the standard check value
}

TEST(JournalTest, ExactLine) {
  JournalRecord record{"pop.example.com", "joe", "u 1%", 1753990000, "tmp/1.2.host"};
  std::string line = FormatJournalRecord(record);
  std::string covered = "1753990000 pop.example.com joe u%201%25 tmp/1.2.host";
  char crc[9];
  std::snprintf(crc, sizeof crc, "%08x", Crc32(covered));
  EXPECT_EQ(line, "U1 " + std::string(crc) + " " + covered + "\n");
}

TEST(JournalTest, RoundTripsAnyBytes) {
  std::string all_bytes;
  for (int c = 0; c < 256; ++c) all_bytes += static_cast<char>(c);
  const std::vector<JournalRecord> records = {
      {"h", "u", "a", 0, ""},
      {"h", "u", "with space", -7, "token with\nnewline"},
      {"", "", all_bytes, INT64_MAX, all_bytes},
      {"/run/socket", "a@b", "%41", INT64_MIN, "%"},
  };
  std::string text;
  for (const JournalRecord& record : records) {
    std::string line = FormatJournalRecord(record);
    EXPECT_EQ(line.find('\n'), line.size() - 1);
    text += line;
  }
  JournalContents contents = ParseJournal(text);
  EXPECT_EQ(contents, (JournalContents{records, 0, false}));
}

TEST(JournalTest, TornTailIsIgnored) {
  std::string first = FormatJournalRecord({"h", "u", "a", 1, "t"});
  std::string second = FormatJournalRecord({"h", "u", "b", 2, ""});
  for (std::size_t cut = 0; cut < second.size(); ++cut) {
    JournalContents contents = ParseJournal(first + second.substr(0, cut));
    EXPECT_EQ(contents.records, std::vector<JournalRecord>({{"h", "u", "a", 1, "t"}}));
    EXPECT_EQ(contents.bad_lines, 0u);
    EXPECT_EQ(contents.torn_tail, cut > 0);
  }
}

TEST(JournalTest, DamagedLinesAreSkippedAndCounted) {
  std::string good = FormatJournalRecord({"h", "u", "a", 1, ""});
  std::string good2 = FormatJournalRecord({"h", "u", "b", 2, ""});
  std::string flipped = good;
  flipped[flipped.size() - 2] = 'z';  // "a" -> "z": checksum no longer matches
  std::string truncated = good.substr(0, good.size() - 3) + "\n";
  const std::vector<std::string> damaged = {
      flipped,
      truncated,
      "\n",
      "U1\n",
      "U2" + good.substr(2),
      std::string(30, '\0') + "\n",  // zeros a crash may leave at the end of a file
      "U1 zzzzzzzz 1 h u a \n",
  };
  for (const std::string& bad : damaged) {
    JournalContents contents = ParseJournal(good + bad + good2);
    EXPECT_EQ(contents.records,
              std::vector<JournalRecord>({{"h", "u", "a", 1, ""}, {"h", "u", "b", 2, ""}}))
        << bad;
    EXPECT_EQ(contents.bad_lines, 1u) << bad;
    EXPECT_FALSE(contents.torn_tail);
  }
}

TEST(JournalTest, RejectsEscapesWeNeverWrite) {
  // Valid checksums, but text FormatJournalRecord cannot produce.
  for (std::string covered : {"1 h u %4 t", "1 h u %zz t", "1 h u %4a t", "1 h u a\tb t",
                              "x h u a t", "1 h u a t extra"}) {
    char crc[9];
    std::snprintf(crc, sizeof crc, "%08x", Crc32(covered));
    JournalContents contents = ParseJournal("U1 " + std::string(crc) + " " + covered + "\n");
    EXPECT_TRUE(contents.records.empty()) << covered;
    EXPECT_EQ(contents.bad_lines, 1u) << covered;
  }
}

}  // namespace
}  // namespace mpop::uidls
