#include "config/overrides.hpp"

namespace mpop::config {

// The same rule as `account a : b` inheritance: only what was explicitly set travels.
void ApplyOverrides(const Account& overrides, Account& target) {
  CopyExplicitSettings(overrides, target);
}

}  // namespace mpop::config
