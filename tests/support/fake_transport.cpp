#include "support/fake_transport.hpp"

#include <algorithm>
#include <cstring>

namespace mpop::testing {

FakeTransport::FakeTransport(Options options) : options_(options) {}

void FakeTransport::ServerSends(std::string_view bytes) { server_pending_ += bytes; }

void FakeTransport::ServerCloses() { close_after_pending_ = true; }

std::size_t FakeTransport::ToServerSpace() const {
  std::size_t used = to_server_.size() - to_server_pos_;
  return used >= options_.to_server_capacity ? 0 : options_.to_server_capacity - used;
}

bool FakeTransport::ServerReadsOneCommand() {
  std::size_t newline = to_server_.find('\n', to_server_pos_);
  if (newline == std::string::npos) return false;
  std::string line = to_server_.substr(to_server_pos_, newline - to_server_pos_);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  to_server_pos_ = newline + 1;
  if (to_server_pos_ > 64 * 1024 && to_server_pos_ * 2 > to_server_.size()) {
    to_server_.erase(0, to_server_pos_);
    to_server_pos_ = 0;
  }
  commands_.push_back(line);
  if (responder_) server_pending_ += responder_(line);
  return true;
}

void FakeTransport::Pump() {
  while (true) {
    bool progress = false;
    std::size_t in_flight = to_client_.size() - to_client_pos_;
    std::size_t room =
        in_flight >= options_.to_client_capacity ? 0 : options_.to_client_capacity - in_flight;
    std::size_t n = std::min(room, server_pending_.size());
    if (n > 0) {
      to_client_.append(server_pending_, 0, n);
      server_pending_.erase(0, n);
      progress = true;
    }
    // Like a server blocked in write(): it reads the next command only when its output
    // went out.
    if (server_pending_.empty() && ServerReadsOneCommand()) progress = true;
    if (!progress) return;
  }
}

Result<std::size_t> FakeTransport::ReadSome(std::span<char> buffer) {
  Pump();
  std::size_t available = to_client_.size() - to_client_pos_;
  if (available == 0) {
    if (close_after_pending_ && server_pending_.empty()) return std::size_t{0};
    return Error::IoErr(std::string(kFakeReadTimeout));
  }
  std::size_t n = std::min({buffer.size(), available, options_.read_chunk});
  std::memcpy(buffer.data(), to_client_.data() + to_client_pos_, n);
  to_client_pos_ += n;
  if (to_client_pos_ == to_client_.size()) {
    to_client_.clear();
    to_client_pos_ = 0;
  }
  ++read_calls_;
  commands_written_at_read_.push_back(commands_written_);
  return n;
}

Result<std::size_t> FakeTransport::WriteSome(std::string_view bytes) {
  Pump();
  std::size_t n = std::min({bytes.size(), ToServerSpace(), options_.write_chunk});
  if (n == 0) return Error::IoErr(std::string(kFakeWriteTimeout));
  std::string_view chunk = bytes.substr(0, n);
  to_server_ += chunk;
  written_ += chunk;
  commands_written_ += std::count(chunk.begin(), chunk.end(), '\n');
  max_in_flight_ = std::max(max_in_flight_, commands_written_ - commands_.size());
  return n;
}

Result<Readiness> FakeTransport::Wait(bool want_write) {
  Pump();
  Readiness ready;
  ready.readable =
      to_client_.size() > to_client_pos_ || (close_after_pending_ && server_pending_.empty());
  ready.writable = want_write && ToServerSpace() > 0;
  if (!ready.readable && !ready.writable) {
    return Error::IoErr(std::string(want_write ? kFakeWriteTimeout : kFakeReadTimeout));
  }
  return ready;
}

}  // namespace mpop::testing
