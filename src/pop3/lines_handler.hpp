#pragma once
// LinesHandler: a ReplyHandler for multi-line replies that are lists (CAPA, LIST, UIDL):
// it splits the body into lines and hands each to OnLine(). Lines are bounded by
// kMaxLineLength, so a hostile server cannot make one grow without limit.

#include <string>
#include <string_view>

#include "pop3/pipeline.hpp"

namespace mpop::pop3 {

class LinesHandler : public ReplyHandler {
 public:
  // `command` names the command in error messages ("UIDL").
  explicit LinesHandler(std::string command) : command_(std::move(command)) {}

  Status OnData(std::string_view chunk) final;
  Status OnDataEnd() override;

 protected:
  // One body line, without its "\n".
  virtual Status OnLine(std::string_view line) = 0;
  const std::string& command() const { return command_; }

 private:
  Status Append(std::string_view piece);

  std::string command_;
  std::string partial_;
};

}  // namespace mpop::pop3
