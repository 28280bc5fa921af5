// Fuzzes the readers of fetchmail's and getmail6's state files (--import-uidls). Every UID
// they hand over must be one the UIDLs file can store, because the import writes it there.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "uidls/foreign_state.hpp"
#include "uidls/uidls_file.hpp"

namespace {

void Check(std::string_view path, std::string_view text) {
  auto state = mpop::uidls::ParseForeignState(path, text);
  if (!state) return;
  for (const auto& mailbox : state->mailboxes) {
    for (const auto& uid : mailbox.uids) {
      if (!mpop::uidls::CheckUid(uid.uid)) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Check("/home/joe/.fetchids", text);
  Check("/home/joe/.getmail/oldmail-pop.example.com-110-joe", text);
  return 0;
}
