// mpop: retrieves mail from POP3 accounts. Everything happens in client::AppMain(); this
// file only turns an escaped C++ exception (a bug, or std::bad_alloc) into EX_SOFTWARE.

#include <cstdio>
#include <exception>

#include "client/app_main.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"

int main(int argc, char** argv) {
  mpop::InitTranslations();  // before any thread starts
  try {
    return mpop::client::AppMain(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mpop: internal error: %s\n", e.what());
    return static_cast<int>(mpop::ExitCode::kSoftware);
  }
}
