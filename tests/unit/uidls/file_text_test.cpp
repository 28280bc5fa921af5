#include "uidls/file_text.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "support/temp_dir.hpp"
#include "util/unique_fd.hpp"

namespace mpop::uidls {
namespace {

using mpop::testing::ScopedTempDir;
using mpop::testing::WriteFile;

std::shared_ptr<const FileText> LoadFile(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  EXPECT_TRUE(fd.valid());
  Result<std::shared_ptr<const FileText>> text = FileText::Load(fd.get(), path);
  EXPECT_TRUE(text.has_value());
  EXPECT_EQ(::lseek(fd.get(), 0, SEEK_CUR), 0);  // the offset stays where it was
  return text ? *text : nullptr;
}

TEST(FileTextTest, AFileReadsAsItsBytesAndOutlivesItsDescriptor) {
  ScopedTempDir dir;
  std::string bytes = " 2 h u\na 1\nb 2\n";
  bytes += std::string(100000, 'x');  // more than a page
  WriteFile(dir.File("f"), bytes);
  std::shared_ptr<const FileText> text = LoadFile(dir.File("f"));
  ASSERT_TRUE(text);
  EXPECT_EQ(text->view(), bytes);
  EXPECT_EQ(text->size(), bytes.size());
  // Mapped, not copied: the file is among this process's mappings while the text lives.
  EXPECT_NE(mpop::testing::ReadFile("/proc/self/maps").find(dir.File("f")), std::string::npos);
  text.reset();
  EXPECT_EQ(mpop::testing::ReadFile("/proc/self/maps").find(dir.File("f")), std::string::npos);
}

TEST(FileTextTest, ARenamedReplacementDoesNotChangeTheTextRead) {
  // How every writer replaces a UIDLs file; the text read before stays as it was.
  ScopedTempDir dir;
  WriteFile(dir.File("f"), "old text\n");
  std::shared_ptr<const FileText> text = LoadFile(dir.File("f"));
  WriteFile(dir.File("f.new"), "the new text, longer\n");
  ASSERT_EQ(::rename(dir.File("f.new").c_str(), dir.File("f").c_str()), 0);
  EXPECT_EQ(text->view(), "old text\n");
}

TEST(FileTextTest, AnEmptyFileIsAnEmptyText) {
  ScopedTempDir dir;
  WriteFile(dir.File("f"), "");
  std::shared_ptr<const FileText> text = LoadFile(dir.File("f"));
  ASSERT_TRUE(text);
  EXPECT_EQ(text->view(), "");
}

TEST(FileTextTest, WhatCannotBeMappedIsRead) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  UniqueFd read_end(pipe_fds[0]);
  {
    UniqueFd write_end(pipe_fds[1]);
    ASSERT_EQ(::write(write_end.get(), "piped\n", 6), 6);
  }
  // A pipe has no offset to read from: the read fails with the file's name in the error.
  Result<std::shared_ptr<const FileText>> text = FileText::Load(read_end.get(), "the pipe");
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code, ExitCode::kIoErr);
  EXPECT_EQ(text.error().message, "cannot read the pipe: Illegal seek");
}

TEST(FileTextTest, ATextMadeInMemoryIsThatText) {
  FileText text(std::string("a 1\n"));
  EXPECT_EQ(text.view(), "a 1\n");
}

}  // namespace
}  // namespace mpop::uidls
