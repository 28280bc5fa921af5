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
  IdentityHandler(std::uint64_t size, std::string& identity, bool& refused)
      : size_(size), identity_(identity), refused_(refused) {}

  // A server without CAPA is asked TOP on the off chance; one that refuses it is served
  // as before, without identities.
  Status OnReply(const pop3::Reply& reply) override {
    if (!reply.ok) refused_ = true;
    return {};
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
  std::uint64_t size_;
  std::string& identity_;
  bool& refused_;
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
  bool refused = false;
  std::deque<IdentityHandler> handlers;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    IdentityHandler& handler = handlers.emplace_back(sizes[i], identities[i], refused);
    MPOP_TRY(session.QueueTop(static_cast<long>(i + 1), 0, handler));
  }
  MPOP_TRY(session.Run());
  if (refused) return std::optional<std::vector<std::string>>();
  return std::optional<std::vector<std::string>>(std::move(identities));
}

}  // namespace mpop::client
