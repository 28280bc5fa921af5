#pragma once
// The median the benchmarks report: robust against the odd slow run on a shared machine.

#include <algorithm>
#include <vector>

namespace mpop::testing {

inline double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace mpop::testing
