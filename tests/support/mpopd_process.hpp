#pragma once
// MpopdProcess: the real mpopd binary (MPOPD_BIN) on 127.0.0.1 and a free port, for
// integration tests. Ready once its log says "listening on": that works for implicit TLS
// too, where no greeting comes until a client has done the TLS handshake.

#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "util/result.hpp"

namespace mpop::testing {

class MpopdProcess {
 public:
  // Starts mpopd with --port and --log=log_path added before args; retries with another
  // port if the port was taken meanwhile. Errors: kUnavailable if the binary is missing,
  // kSoftware with mpopd's output if it does not start listening within 10 s.
  Status Start(const std::vector<std::string>& args, const std::string& log_path);

  int port() const { return port_; }
  BackgroundProcess& process() { return *process_; }

 private:
  std::optional<BackgroundProcess> process_;
  int port_ = 0;
};

}  // namespace mpop::testing
