#include "pop3/pipeline.hpp"

#include <cassert>
#include <cstring>

#include "pop3/trace.hpp"
#include "util/i18n.hpp"
#include "util/transport.hpp"

namespace mpop::pop3 {
namespace {

// Commands are gathered into writes of about this size.
constexpr std::size_t kOutputBatch = 16 * 1024;
// A body line longer than this is traced in pieces.
constexpr std::size_t kMaxTraceLine = 64 * 1024;

Error ClosedError() { return Error::IoErr(Tr("POP3 server closed the connection unexpectedly")); }

}  // namespace

Status ReplyHandler::OnData(std::string_view) { return {}; }
Status ReplyHandler::OnDataEnd() { return {}; }

Pipeline::Pipeline(Transport& transport, PipelineOptions options)
    : transport_(&transport), options_(options) {
  decoded_.reserve(64 * 1024);
}

Status Pipeline::Queue(std::string line, bool multiline, ReplyHandler& handler) {
  if (line.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
    std::string name = line.substr(0, line.find_first_of(std::string_view(" \r\n\0", 4)));
    return Error::DataErr(TrFormat(
        "cannot send the POP3 command {}: its argument contains a line break or NUL character",
        name));
  }
  unsent_.push_back({std::move(line), {&handler, multiline}});
  return {};
}

void Pipeline::ExpectReply(ReplyHandler& handler) { awaiting_.push_back({&handler, false}); }

std::size_t Pipeline::Buffered() const { return reader_.size() + transport_->Buffered(); }

void Pipeline::SwitchTransport(Transport& transport) {
  assert(idle() && reader_.empty());
  transport_ = &transport;
}

Status Pipeline::Run() {
  if (failure_) return *failure_;
  Status status = RunLoop();
  if (!status) failure_ = status.error();
  return status;
}

Status Pipeline::Send() {
  if (failure_) return *failure_;
  FillOutput();
  while (output_pos_ < output_.size()) {
    if (Status written = WriteMore(); !written) {
      failure_ = written.error();
      return written;
    }
  }
  return {};
}

Status Pipeline::RunLoop() {
  while (true) {
    MPOP_TRY(ProcessBuffered());
    FillOutput();
    if (awaiting_.empty() && output_pos_ == output_.size()) {
      assert(unsent_.empty());
      return {};
    }
    MPOP_TRY(Transfer());
  }
}

void Pipeline::FillOutput() {
  if (output_pos_ > 0) {
    output_.erase(0, output_pos_);
    output_pos_ = 0;
  }
  while (!unsent_.empty()) {
    // Without pipelining a command goes out only when every earlier reply is complete.
    if (options_.pipelining ? output_.size() >= kOutputBatch : !awaiting_.empty()) break;
    Unsent& command = unsent_.front();
    std::size_t start = output_.size();
    output_ += command.line;
    output_ += "\r\n";
    if (options_.trace != nullptr) options_.trace->Sent(std::string_view(output_).substr(start));
    awaiting_.push_back(command.awaited);
    unsent_.pop_front();
  }
}

Status Pipeline::ProcessBuffered() {
  bool need_more = false;
  while (!awaiting_.empty() && !need_more) {
    if (in_body_) {
      MPOP_TRY(ProcessBody(need_more));
    } else {
      MPOP_TRY(ProcessStatusLine(need_more));
    }
  }
  return {};
}

Status Pipeline::ProcessStatusLine(bool& need_more) {
  Result<std::optional<Line>> line = reader_.NextLine();
  if (!line) return std::move(line).error();
  if (!*line) {
    need_more = true;
    return {};
  }
  if (options_.trace != nullptr) options_.trace->Received((*line)->raw);
  Result<Reply> reply = ParseReply((*line)->content);
  if (!reply) return std::move(reply).error();
  Awaited awaited = awaiting_.front();
  if (awaited.multiline && reply->ok) {
    in_body_ = true;
    decoder_.Reset();
  } else {
    awaiting_.pop_front();
  }
  return awaited.handler->OnReply(*reply);
}

Status Pipeline::ProcessBody(bool& need_more) {
  std::string_view pending = reader_.Pending();
  if (pending.empty()) {
    need_more = true;
    return {};
  }
  decoded_.clear();
  std::size_t consumed = decoder_.Decode(pending, decoded_);
  if (options_.trace != nullptr) TraceBody(pending.substr(0, consumed));
  reader_.Consume(consumed);
  ReplyHandler* handler = awaiting_.front().handler;
  if (!decoded_.empty()) MPOP_TRY(handler->OnData(decoded_));
  if (decoder_.finished()) {
    in_body_ = false;
    awaiting_.pop_front();
    return handler->OnDataEnd();
  }
  return {};
}

Status Pipeline::Transfer() {
  if (output_pos_ == output_.size()) return ReadMore();
  // A server may answer before it has read the whole command; then only the rest of the
  // command is left to write.
  if (awaiting_.empty()) return WriteMore();
  // Full duplex: write while the server accepts, read whenever it has sent something, so
  // a server that stops reading until we read its replies cannot deadlock us.
  Result<Readiness> ready = transport_->Wait(true);
  if (!ready) return std::move(ready).error();
  if (ready->writable) MPOP_TRY(WriteMore());
  if (ready->readable) MPOP_TRY(ReadMore());
  return {};
}

Status Pipeline::WriteMore() {
  Result<std::size_t> written =
      transport_->WriteSome(std::string_view(output_).substr(output_pos_));
  if (!written) return std::move(written).error();
  output_pos_ += *written;
  return {};
}

Status Pipeline::ReadMore() {
  std::span<char> space = reader_.WritableSpace();
  Result<std::size_t> got = transport_->ReadSome(space);
  if (!got) return std::move(got).error();
  if (*got == 0) return ClosedError();
  reader_.Commit(*got);
  return {};
}

void Pipeline::TraceBody(std::string_view raw) {
  while (!raw.empty()) {
    const void* found = std::memchr(raw.data(), '\n', raw.size());
    std::size_t length =
        found == nullptr ? raw.size() : static_cast<const char*>(found) - raw.data() + 1;
    std::string_view piece = raw.substr(0, length);
    raw.remove_prefix(length);
    if (found == nullptr) {
      trace_partial_ += piece;
      if (trace_partial_.size() >= kMaxTraceLine) {
        options_.trace->Received(trace_partial_);
        trace_partial_.clear();
      }
    } else if (trace_partial_.empty()) {
      options_.trace->Received(piece);
    } else {
      trace_partial_ += piece;
      options_.trace->Received(trace_partial_);
      trace_partial_.clear();
    }
  }
}

}  // namespace mpop::pop3
