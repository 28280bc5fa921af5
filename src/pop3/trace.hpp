#pragma once
// Trace: receives every protocol line for `mpop --debug` (doc/COMPAT.md 7.5). Lines are
// passed raw, unsanitized, with their line ending; this includes passwords and mail
// bodies, as upstream prints them.

#include <cstdio>
#include <string_view>

namespace mpop::pop3 {

class Trace {
 public:
  virtual ~Trace() = default;
  // A command line sent, ending in "\r\n".
  virtual void Sent(std::string_view line) = 0;
  // A line received, with the line ending the server used; a piece of an over-long body
  // line or a last fragment may come without one.
  virtual void Received(std::string_view line) = 0;
};

// Prints "--> LINE" and "<-- LINE" to a stdio stream (the client passes stdout).
class FileTrace : public Trace {
 public:
  explicit FileTrace(std::FILE* stream) : stream_(stream) {}
  void Sent(std::string_view line) override;
  void Received(std::string_view line) override;

 private:
  std::FILE* stream_;
};

}  // namespace mpop::pop3
