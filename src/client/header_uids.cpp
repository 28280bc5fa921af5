#include "client/header_uids.hpp"

#include <algorithm>
#include <deque>

#include "client/header_identity.hpp"
#include "pop3/reply.hpp"

namespace mpop::client {
namespace {

// A header longer than this is cut for the identity: the fields it uses come first in any
// real mail, and a hostile server cannot make us hold more.
constexpr std::size_t kMaxHeader = 256 * 1024;

class IdentityHandler final : public pop3::ReplyHandler {
 public:
  IdentityHandler(long number, std::uint64_t size, std::string& identity)
      : number_(number), size_(size), identity_(identity) {}

  Status OnReply(const pop3::Reply& reply) override {
    if (reply.ok) return {};
    return pop3::ReplyError(reply, "POP3 server rejected TOP " + std::to_string(number_) + " 0",
                            ExitCode::kProtocol);
  }
  Status OnData(std::string_view chunk) override {
    header_.append(chunk.substr(0, kMaxHeader - std::min(kMaxHeader, header_.size())));
    return {};
  }
  Status OnDataEnd() override {
    identity_ = HeaderIdentity(header_, size_);
    header_.clear();
    header_.shrink_to_fit();
    return {};
  }

 private:
  long number_;
  std::uint64_t size_;
  std::string& identity_;
  std::string header_;
};

}  // namespace

Result<std::optional<std::vector<std::string>>> HeaderUids(pop3::Session& session,
                                                           const std::vector<std::uint64_t>& sizes,
                                                           const pop3::Capabilities& capabilities) {
  if (capabilities.KnownMissing(capabilities.top)) {
    return std::optional<std::vector<std::string>>();
  }
  std::vector<std::string> identities(sizes.size());
  std::deque<IdentityHandler> handlers;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const long number = static_cast<long>(i + 1);
    IdentityHandler& handler = handlers.emplace_back(number, sizes[i], identities[i]);
    MPOP_TRY(session.QueueTop(number, 0, handler));
  }
  MPOP_TRY(session.Run());
  return std::optional<std::vector<std::string>>(std::move(identities));
}

}  // namespace mpop::client
