#include "support/wait_until.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace mpop::testing {

bool BlockedInKernel(pid_t id) {
  std::ifstream stat("/proc/" + std::to_string(id) + "/stat");
  std::stringstream text;
  text << stat.rdbuf();
  // "pid (comm) state ...": comm may hold spaces and parentheses, so look after the last ')'.
  const std::string line = text.str();
  const std::size_t close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'S';
}

pid_t ThisThreadId() { return ::gettid(); }

}  // namespace mpop::testing
