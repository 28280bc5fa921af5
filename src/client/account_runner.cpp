#include "client/account_runner.hpp"

#include <cstdio>

namespace mpop::client {

// TODO(#3): the retrieval engine replaces this.
ExitCode RunAccounts(const std::vector<config::Account>&, const RunOptions&) {
  std::fprintf(stderr, "mpop: mail retrieval is not implemented yet\n");
  return ExitCode::kUnavailable;
}

}  // namespace mpop::client
