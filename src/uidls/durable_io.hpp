#pragma once
// Small POSIX file helpers for the UIDLs store, each with the error the spec assigns to UIDLs
// I/O (kIoErr, doc/COMPAT.md 7.10) and a message naming the file. The calls that can fail
// after the data left us (write, sync, rename) go through `fs`, so tests can inject faults.

#include <functional>
#include <string>
#include <string_view>

#include "util/file_system.hpp"
#include "util/result.hpp"
#include "util/unique_fd.hpp"

namespace mpop::uidls {

// Creates the missing parent directories of `path` with mode 0700 (like `mkdir -p`).
Status MakeParentDirs(const std::string& path);

// The directory part of `path` ("." for a bare name).
std::string DirName(const std::string& path);

// Reads the whole file behind `fd` from offset 0, without moving the file offset.
Result<std::string> ReadAll(int fd, std::string_view name);

// Writes all of `bytes` at the current offset, retrying short writes and EINTR.
Status WriteAll(int fd, std::string_view bytes, std::string_view name,
                const util::FileSystem& fs = util::PosixFileSystem());

// Makes the directory entries of `dir` durable (after a create, rename or unlink in it).
Status SyncDir(const std::string& dir, const util::FileSystem& fs = util::PosixFileSystem());

// Writes `bytes` to a new file "<path>.XXXXXX" (mode 0600) in the same directory and
// fsyncs it; returns the open file and its name in *temp_path. The caller renames it over
// `path` (or unlinks it on failure) and then calls SyncDir.
Result<UniqueFd> WriteTempFile(const std::string& path, std::string_view bytes,
                               std::string* temp_path,
                               const util::FileSystem& fs = util::PosixFileSystem());
// The same, with the content written by `write` (given the open file and its name), so
// that a big file need not be held whole in memory first.
Result<UniqueFd> WriteTempFile(const std::string& path,
                               const std::function<Status(int fd, const std::string& name)>& write,
                               std::string* temp_path, const util::FileSystem& fs);

}  // namespace mpop::uidls
