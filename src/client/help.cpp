#include "client/help.hpp"

#include <string_view>

#include "config/option_table.hpp"
#include "util/i18n.hpp"

namespace mpop::client {
namespace {

constexpr std::string_view kUsage =
    N_("Usage:\n"
       "  mpop [option...] [--] [account...]    retrieve mail (no account: 'default')\n"
       "  mpop [option...] --all-accounts       retrieve mail for every account\n"
       "  mpop --host=HOST [option...]          retrieve mail, no configuration file\n"
       "  mpop [option...] --poll [account...]  retrieve on each account's schedule\n"
       "  mpop [option...] --serverinfo [account...]\n"
       "  mpop --host=HOST [option...] --serverinfo\n"
       "                                        describe the POP3 servers\n"
       "  mpop --configure=ADDRESS              suggest a configuration for ADDRESS\n"
       "  mpop --mda --delivery=METHOD,ARGUMENT [SENDER] < MAIL\n"
       "                                        deliver one mail read from stdin\n");

constexpr struct {
  config::OptionGroup group;
  std::string_view title;
} kGroups[] = {
    {config::OptionGroup::kGeneral, N_("General options:")},
    {config::OptionGroup::kMode, N_("Modes:")},
    {config::OptionGroup::kConfiguration,
     N_("Settings (override the configuration file for every account used):")},
    {config::OptionGroup::kRetrieval, N_("Mail retrieval:")},
};

// Options and their descriptions line up in this column.
constexpr std::size_t kTextColumn = 34;

std::string OptionLine(const config::OptionSpec& spec) {
  std::string line = "  ";
  if (spec.short_name != '\0') {
    line += '-';
    line += spec.short_name;
    line += ", ";
  }
  line += "--";
  line += spec.long_name;
  line += spec.help_argument;
  line.append(line.size() < kTextColumn ? kTextColumn - line.size() : 2, ' ');
  line += Tr(std::string(spec.help_text).c_str());
  line += '\n';
  return line;
}

}  // namespace

std::string HelpText() {
  std::string text(Tr(kUsage.data()));  // kUsage is a whole literal: NUL-terminated
  for (const auto& group : kGroups) {
    text += "\n";
    text += Tr(group.title.data());
    text += "\n";
    for (const config::OptionSpec& spec : config::Options()) {
      if (spec.group == group.group && !spec.help_text.empty()) text += OptionLine(spec);
    }
  }
  text += "\n";
  text += Tr("Optional arguments must be attached: --keep=off, -koff.");
  text += "\n";
  return text;
}

}  // namespace mpop::client
