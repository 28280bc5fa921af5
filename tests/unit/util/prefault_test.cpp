#include "util/prefault.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "util/string_list.hpp"

namespace mpop::util {
namespace {

// A fresh anonymous mapping, unmapped at the end.
class FreshMemory {
 public:
  explicit FreshMemory(std::size_t pages)
      : size_(pages * Page()),
        memory_(
            ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) {}
  ~FreshMemory() { ::munmap(memory_, size_); }
  FreshMemory(const FreshMemory&) = delete;
  FreshMemory& operator=(const FreshMemory&) = delete;

  static std::size_t Page() { return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)); }
  char* data() const { return static_cast<char*>(memory_); }
  // Which pages are resident ('1') or not ('0'), without touching them.
  std::string Resident() const {
    std::vector<unsigned char> flags(size_ / Page());
    EXPECT_EQ(::mincore(memory_, size_, flags.data()), 0);
    std::string map;
    for (unsigned char flag : flags) map += (flag & 1) != 0 ? '1' : '0';
    return map;
  }

 private:
  std::size_t size_;
  void* memory_;
};

TEST(PrefaultTest, MapsInTheWholePagesOfTheBlockAndNothingAround) {
  const std::size_t page = FreshMemory::Page();
  FreshMemory memory(20);
  ASSERT_EQ(memory.Resident(), std::string(20, '0'));
  if (::madvise(memory.data() + 19 * page, page, 23 /* MADV_POPULATE_WRITE */) != 0) {
    GTEST_SKIP() << "this kernel (before Linux 5.14) cannot populate pages";
  }
  ASSERT_EQ(::madvise(memory.data() + 19 * page, page, MADV_DONTNEED), 0);
  // From the middle of page 1 to the middle of page 18: pages 2 to 17 lie inside.
  PrefaultForWriting(memory.data() + page + page / 2, 17 * page);
  EXPECT_EQ(memory.Resident(), "00" + std::string(16, '1') + "00");
  // Still fresh memory: zeros.
  EXPECT_EQ(memory.data()[2 * page], 0);
}

TEST(PrefaultTest, LeavesSmallBlocksToFaultIn) {
  FreshMemory memory(8);
  PrefaultForWriting(memory.data(), kPrefaultMinBytes - 1);
  EXPECT_EQ(memory.Resident(), std::string(8, '0'));
}

TEST(PrefaultTest, ReservedRoomKeepsTheElementsAndGrowsOnlyWhenAsked) {
  std::vector<int> v = {1, 2, 3};
  ReservePrefaulted(v, 100000);
  EXPECT_EQ(v, (std::vector<int>{1, 2, 3}));
  EXPECT_GE(v.capacity(), 100000u);
  const int* before = v.data();
  ReservePrefaulted(v, 10);
  EXPECT_EQ(v.data(), before);
}

TEST(PrefaultTest, AStringListFilledPastItsEstimateKeepsEveryString) {
  // The buffer is prefaulted ahead of the writes and moves when the estimate was short.
  StringList list;
  list.resize(30000);
  list.reserve_bytes(30000 * 4);
  for (std::size_t i = 0; i < list.size(); ++i) list.Set(i, std::to_string(i * 7919) + "-uid");
  StringList copy = list;
  copy.Set(0, std::string(5000, 'x'));
  for (std::size_t i = 0; i < list.size(); ++i) {
    ASSERT_EQ(list[i], std::to_string(i * 7919) + "-uid");
    if (i > 0) {
      ASSERT_EQ(copy[i], list[i]);
    }
  }
  EXPECT_EQ(copy[0], std::string(5000, 'x'));
}

}  // namespace
}  // namespace mpop::util
