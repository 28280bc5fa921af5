#pragma once
// Whether a file was replaced or written: its inode and modification time, compared.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

namespace mpop::testing {

struct FileIdentity {
  ino_t inode = 0;
  timespec modified{};
  bool operator==(const FileIdentity& other) const {
    return inode == other.inode && modified.tv_sec == other.modified.tv_sec &&
           modified.tv_nsec == other.modified.tv_nsec;
  }
};

inline FileIdentity Identify(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return {st.st_ino, st.st_mtim};
}

}  // namespace mpop::testing
