#include "config/pretend.hpp"

namespace mpop::config {

std::string FormatPretend(const Account& a, bool retrieval, const SettingTable& settings) {
  std::string text;
  if (!a.config_file.empty()) text = "using account " + a.name + " from " + a.config_file + "\n";
  for (const SettingRow& row : settings.rows()) {
    if (row.pretend_key.empty()) continue;
    if (row.group == OptionGroup::kRetrieval && !retrieval) continue;
    if (row.pretend_only_when_set && !a.explicitly_set.test(&row - settings.rows().data())) {
      continue;
    }
    text.append(row.pretend_key).append(" = ").append(row.print(a)).append("\n");
  }
  return text;
}

}  // namespace mpop::config
