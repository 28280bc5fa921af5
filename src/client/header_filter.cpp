#include "client/header_filter.hpp"

#include <deque>
#include <optional>
#include <string>

#include "delivery/envelope_sender.hpp"
#include "delivery/mda.hpp"
#include "pop3/reply.hpp"
#include "util/i18n.hpp"
#include "util/subprocess.hpp"

namespace mpop::client {
namespace {

constexpr std::string_view kSenderPlaceholder = "%F";
constexpr std::string_view kSizePlaceholder = "%S";

// Receives one TOP reply and runs the filter on it.
class TopHandler final : public pop3::ReplyHandler {
 public:
  TopHandler(std::string_view command, const FilterCandidate& candidate,
             std::optional<FilterDecision>& decision,
             std::optional<std::chrono::milliseconds> idle_limit)
      : command_(command), candidate_(candidate), decision_(decision), idle_limit_(idle_limit) {}

  Status OnReply(const pop3::Reply& reply) override {
    if (!reply.ok) {
      return pop3::ReplyError(reply, TrFormat("POP3 server rejected {}", "TOP " + Number() + " 0"),
                              ExitCode::kProtocol);
    }
    const std::string sized =
        delivery::ReplacePlaceholder(command_, kSizePlaceholder, std::to_string(candidate_.size));
    if (sized.find(kSenderPlaceholder) == std::string::npos) return Start(sized);
    gate_.emplace(
        [this, sized](const std::string& sender) {
          return Start(delivery::ReplacePlaceholder(sized, kSenderPlaceholder, sender));
        },
        [this](std::string_view bytes) { return Feed(bytes); });
    return {};
  }

  Status OnData(std::string_view chunk) override {
    return gate_ ? gate_->Write(chunk) : Feed(chunk);
  }

  Status OnDataEnd() override {
    if (gate_) MPOP_TRY(gate_->Finish());
    Result<ExitStatus> status = process_->Wait();
    if (!status) return Failed(std::move(status).error());
    if (status->exited && status->code >= 0 && status->code <= 2) {
      decision_ = static_cast<FilterDecision>(status->code);
      return {};
    }
    return Error::IoErr(Failed(status->Describe()));
  }

 private:
  std::string Number() const { return std::to_string(candidate_.number); }

  std::string Failed(std::string_view why) const {
    return "filter '" + std::string(command_) + "' failed for message " + Number() + ": " +
           std::string(why);
  }
  // The error with the filter named; the time limit keeps its EX_TEMPFAIL.
  Error Failed(Error error) const { return Error{error.code, Failed(error.message), {}}; }

  Status Start(const std::string& command) {
    auto process = Subprocess::Start(command, {.idle_limit = idle_limit_});
    if (!process) return std::move(process).error();
    process_.emplace(std::move(*process));
    return {};
  }

  // A filter that stopped reading has seen all it wanted: the rest is dropped and only
  // its exit status counts.
  Status Feed(std::string_view bytes) {
    Result<bool> written = process_->Write(bytes);
    if (!written) return Failed(std::move(written).error());
    return {};
  }

  std::string_view command_;
  const FilterCandidate& candidate_;
  std::optional<FilterDecision>& decision_;
  std::optional<std::chrono::milliseconds> idle_limit_;
  std::optional<delivery::SenderGate> gate_;
  std::optional<Subprocess> process_;  // killed if the session fails meanwhile
};

}  // namespace

Result<std::vector<FilterDecision>> RunHeaderFilter(
    pop3::Session& session, std::string_view command, std::span<const FilterCandidate> candidates,
    const pop3::Capabilities& capabilities, std::optional<std::chrono::milliseconds> idle_limit) {
  if (candidates.empty()) return std::vector<FilterDecision>();
  if (capabilities.KnownMissing(capabilities.top)) {
    return Error::Unavailable(
        Tr("the POP3 server does not support the TOP command, which the filter needs"));
  }
  std::vector<std::optional<FilterDecision>> decisions(candidates.size());
  std::deque<TopHandler> handlers;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    TopHandler& handler = handlers.emplace_back(command, candidates[i], decisions[i], idle_limit);
    MPOP_TRY(session.QueueTop(candidates[i].number, 0, handler));
  }
  MPOP_TRY(session.Run());
  std::vector<FilterDecision> result;
  result.reserve(decisions.size());
  for (const auto& decision : decisions) {
    if (!decision) return Error::Software(Tr("filter: a TOP reply is missing"));
    result.push_back(*decision);
  }
  return result;
}

}  // namespace mpop::client
