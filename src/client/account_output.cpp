#include "client/account_output.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "client/human_size.hpp"
#include "client/json_lines.hpp"
#include "util/i18n.hpp"

namespace mpop::client {

void AccountOutput::Out(std::string_view text) {
  if (!json_) Write(false, text);
}

void AccountOutput::Err(std::string_view text) {
  if (!json_) return Write(true, text);
  // A warning meant for a person: each line becomes an object, without the "mpop: ".
  while (!text.empty()) {
    std::string_view line = text.substr(0, text.find('\n'));
    text.remove_prefix(std::min(text.size(), line.size() + 1));
    if (line.starts_with("mpop: ")) line.remove_prefix(6);
    if (line.empty()) continue;
    nlohmann::json object = JsonObject("warning");
    object["account"] = json_account_;
    object["message"] = std::string(line);
    Json(object);
  }
}

void AccountOutput::EnableJson(std::string account) {
  json_ = true;
  json_account_ = std::move(account);
}

void AccountOutput::Json(const nlohmann::json& object) {
  if (json_) Write(false, FormatJsonLine(object));
}

void AccountOutput::Write(bool to_stderr, std::string_view text) {
  if (!buffered_) {
    std::lock_guard lock(console_.mutex());
    if (to_stderr) std::fflush(stdout);  // keep the order a terminal user expects
    std::fwrite(text.data(), 1, text.size(), to_stderr ? stderr : stdout);
    std::fflush(to_stderr ? stderr : stdout);
    return;
  }
  if (pieces_.empty() || pieces_.back().to_stderr != to_stderr) {
    pieces_.push_back({to_stderr, {}});
  }
  pieces_.back().text.append(text);
}

void AccountOutput::Flush() {
  if (printer_ != nullptr && buffered_) {
    buffered_ = false;  // what comes after the hand-over is printed at once
    printer_->Finished(position_, std::move(pieces_));
    pieces_.clear();
    return;
  }
  if (pieces_.empty()) return;
  std::lock_guard lock(console_.mutex());
  Print(pieces_);
  pieces_.clear();
}

void AccountOutput::Print(const std::vector<Piece>& pieces) {
  for (const Piece& piece : pieces) {
    FILE* stream = piece.to_stderr ? stderr : stdout;
    std::fwrite(piece.text.data(), 1, piece.text.size(), stream);
    std::fflush(stream);
  }
}

void OrderedPrinter::Finished(std::size_t position, std::vector<AccountOutput::Piece> pieces) {
  std::lock_guard lock(console_.mutex());
  finished_[position] = std::move(pieces);
  for (; next_ < finished_.size() && finished_[next_]; ++next_) {
    AccountOutput::Print(*finished_[next_]);
    finished_[next_]->clear();
  }
}

void Progress::Begin(std::int64_t index, std::int64_t count, std::int64_t size) {
  if (!enabled_) return;
  active_ = true;
  size_ = size;
  done_ = 0;
  percent_ = 0;
  std::string text =
      size > 0 ? TrFormat("retrieving message {} of {} ({})", index, count, FormatHumanSize(size))
               : TrFormat("retrieving message {} of {}", index, count);
  out_.Out(text + ":   0%\b\b\b\b");
}

void Progress::Advance(std::int64_t bytes) {
  if (!active_ || size_ <= 0) return;
  done_ += bytes;
  int percent = static_cast<int>(std::min<std::int64_t>(99, done_ * 100 / size_));
  if (percent > percent_) {
    percent_ = percent;
    out_.Out(fmt::format("{:3d}\b\b\b", percent));
  }
}

void Progress::End() {
  if (!active_) return;
  active_ = false;
  out_.Out("100\n");
}

void Progress::Abort() {
  if (!active_) return;
  active_ = false;
  out_.Out("\n");
}

}  // namespace mpop::client
