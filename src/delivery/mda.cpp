#include "delivery/mda.hpp"

#include <optional>
#include <utility>

#include "delivery/envelope_sender.hpp"
#include "util/i18n.hpp"
#include "util/subprocess.hpp"

namespace mpop::delivery {
namespace {

constexpr std::string_view kSenderPlaceholder = "%F";

struct MdaConfig {
  std::string command;
  MdaOptions options;
  bool wants_sender = false;  // the command contains %F
};

class MdaWriter final : public MailWriter {
 public:
  explicit MdaWriter(std::shared_ptr<const MdaConfig> config) : config_(std::move(config)) {
    buffer_.reserve(config_->options.buffer_size);
  }
  ~MdaWriter() override { Abort(); }

  // Starts the MDA now if the sender is known or not needed, else once the header ends.
  Status Start(const std::optional<std::string>& sender) {
    if (!config_->wants_sender) return Run(config_->command);
    if (sender) return Run(ReplacePlaceholder(config_->command, kSenderPlaceholder, *sender));
    gate_.emplace(
        [this](const std::string& found) {
          return Run(ReplacePlaceholder(config_->command, kSenderPlaceholder, found));
        },
        [this](std::string_view bytes) { return Append(bytes); }, SenderGate::kDefaultMemoryLimit,
        config_->options.temp_dir);
    return {};
  }

  Status Write(std::string_view chunk) override {
    if (failure_) return *failure_;
    if (done_) return Error::Software(Failed("the mail was written after it ended"));
    Status written = gate_ ? gate_->Write(chunk) : Append(chunk);
    if (!written) return Fail(std::move(written).error());
    return {};
  }

  Result<std::string> Finish() override {
    if (failure_) return *failure_;
    if (done_) return Error::Software(Failed("the mail was finished twice"));
    Status ended = End();
    done_ = true;
    if (!ended) return Fail(std::move(ended).error());
    return std::string();
  }

  void Abort() override {
    done_ = true;
    if (process_) process_->Kill();
  }

 private:
  Status Run(const std::string& command) {
    auto process = Subprocess::Start(command, {.idle_limit = config_->options.idle_limit});
    if (!process) return std::move(process).error();
    process_.emplace(std::move(*process));
    return {};
  }

  Status Append(std::string_view bytes) {
    if (bytes.empty()) return {};
    last_ = bytes.back();
    buffer_.append(bytes);
    if (buffer_.size() >= config_->options.buffer_size) return Flush();
    return {};
  }

  Status Flush() {
    if (buffer_.empty()) return {};
    Result<bool> written = process_->Write(buffer_);
    buffer_.clear();
    if (!written) return Failed(std::move(written).error());
    if (!*written) return StoppedReading();
    return {};
  }

  // The MDA closed its input before the end of the mail: most often it gave up at once
  // (procmail with a full disk exits 75), so its exit status says why.
  Error StoppedReading() {
    Result<ExitStatus> status = process_->Wait();
    if (!status) return Failed(std::move(status).error());
    if (!status->success()) return StatusError(*status);
    return Error::IoErr(Failed("the MDA did not read the mail"));
  }

  // EX_TEMPFAIL from the MDA is ours too: the mail stays on the server for the next run.
  Error StatusError(const ExitStatus& status) const {
    if (status.exited && status.code == 75) return Error::TempFail(Failed(status.Describe()));
    return Error::IoErr(Failed(status.Describe()));
  }

  Status End() {
    if (gate_) MPOP_TRY(gate_->Finish());
    if (last_ && *last_ != '\n') buffer_ += '\n';
    MPOP_TRY(Flush());
    Result<ExitStatus> status = process_->Wait();
    if (!status) return Failed(std::move(status).error());
    if (!status->success()) return StatusError(*status);
    return {};
  }

  std::string Failed(std::string_view why) const {
    return "delivery to MDA '" + config_->command + "' failed: " + std::string(why);
  }
  // The error with the MDA named; a failed wait or write is an I/O error, a time limit
  // keeps its EX_TEMPFAIL.
  Error Failed(Error error) const {
    const ExitCode code =
        error.code == ExitCode::kTempFail ? ExitCode::kTempFail : ExitCode::kIoErr;
    return Error{code, Failed(error.message), {}};
  }

  Error Fail(Error error) {
    done_ = true;
    if (process_) process_->Kill();
    failure_ = error;
    return error;
  }

  std::shared_ptr<const MdaConfig> config_;
  std::optional<SenderGate> gate_;
  std::optional<Subprocess> process_;
  std::string buffer_;
  std::optional<char> last_;  // last byte of the mail so far
  bool done_ = false;
  std::optional<Error> failure_;
};

class MdaDelivery final : public Delivery {
 public:
  explicit MdaDelivery(std::shared_ptr<const MdaConfig> config) : config_(std::move(config)) {}

  Result<std::unique_ptr<MailWriter>> Begin(const MailInfo& info) override {
    auto writer = std::make_unique<MdaWriter>(config_);
    std::optional<std::string> sender;
    if (info.envelope_sender) sender = SanitizeEnvelopeSender(*info.envelope_sender);
    MPOP_TRY(writer->Start(sender));
    return std::unique_ptr<MailWriter>(std::move(writer));
  }

  // The MDA has the mail when Finish() returns; nothing is left to do.
  Status Sync() override { return {}; }
  Status Publish(std::span<const std::string>) override { return {}; }
  Status Recover(std::string_view) override { return {}; }

 private:
  std::shared_ptr<const MdaConfig> config_;
};

}  // namespace

std::string ReplacePlaceholder(std::string_view command, std::string_view placeholder,
                               std::string_view value) {
  std::string out;
  for (;;) {
    std::size_t at = command.find(placeholder);
    if (at == std::string_view::npos || placeholder.empty()) break;
    out.append(command.substr(0, at));
    out.append(value);
    command.remove_prefix(at + placeholder.size());
  }
  out.append(command);
  return out;
}

Result<std::unique_ptr<Delivery>> OpenMda(std::string_view command, MdaOptions options) {
  if (command.empty()) return Error::Config(Tr("the MDA command is empty"));
  auto config = std::make_shared<MdaConfig>();
  config->command = std::string(command);
  config->options = std::move(options);
  config->wants_sender = command.find(kSenderPlaceholder) != std::string_view::npos;
  return std::unique_ptr<Delivery>(std::make_unique<MdaDelivery>(std::move(config)));
}

}  // namespace mpop::delivery
