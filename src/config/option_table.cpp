#include "config/option_table.hpp"

#include "util/i18n.hpp"

namespace mpop::config {
namespace {

using A = OptionArg;
using G = OptionGroup;
using I = OptionId;

constexpr int Code(OptionId id) { return static_cast<int>(id); }

constexpr OptionSpec kPlainOptions[] = {
    {"version", '\0', A::kNone, Code(I::kVersion), G::kGeneral, "",
     N_("show version and build details"), nullptr},
    {"help", '\0', A::kNone, Code(I::kHelp), G::kGeneral, "", N_("show this help"), nullptr},
    {"pretend", 'P', A::kNone, Code(I::kPretend), G::kGeneral, "",
     N_("print the settings to be used, then stop"), nullptr},
    {"debug", 'd', A::kNone, Code(I::kDebug), G::kGeneral, "",
     N_("print the server dialogue, passwords included"), nullptr},

    {"configure", '\0', A::kRequired, Code(I::kConfigure), G::kMode, "=ADDRESS",
     N_("suggest a configuration found via DNS SRV"), nullptr},
    {"serverinfo", 'S', A::kNone, Code(I::kServerInfo), G::kMode, "",
     N_("describe the server and its TLS certificate"), nullptr},
    {"mda", '\0', A::kNone, Code(I::kMda), G::kMode, "",
     N_("deliver one mail from stdin via --delivery"), nullptr},
    {"import-uidls", '\0', A::kRequired, Code(I::kImportUidls), G::kMode, "=FILE",
     N_("take fetchmail's or getmail's seen mails"), nullptr},
    {"authorize", '\0', A::kNone, Code(I::kAuthorize), G::kMode, "",
     N_("get and store the accounts' OAuth2 tokens"), nullptr},
    {"poll", '\0', A::kNone, Code(I::kPoll), G::kMode, "",
     N_("keep running, polling accounts on a schedule"), nullptr},

    {"file", 'C', A::kRequired, Code(I::kFile), G::kConfiguration, "=FILE",
     N_("read FILE instead of ~/.mpoprc"), nullptr},

    {"quiet", 'q', A::kNone, Code(I::kQuiet), G::kRetrieval, "",
     N_("print neither status nor progress"), nullptr},
    {"half-quiet", 'Q', A::kNone, Code(I::kHalfQuiet), G::kRetrieval, "",
     N_("print status but no progress"), nullptr},
    {"all-accounts", 'a', A::kNone, Code(I::kAllAccounts), G::kRetrieval, "",
     N_("use every account of the configuration file"), nullptr},
    {"auth-only", 'A', A::kNone, Code(I::kAuthOnly), G::kRetrieval, "",
     N_("log in and out again, retrieve nothing"), nullptr},
    {"status-only", 's', A::kNone, Code(I::kStatusOnly), G::kRetrieval, "",
     N_("print how many mails wait, retrieve nothing"), nullptr},
    {"jobs", 'j', A::kRequired, Code(I::kJobs), G::kRetrieval, "=N",
     N_("retrieve N accounts in parallel (default 8)"), nullptr},
    {"accept-new", '\0', A::kNone, Code(I::kAcceptNew), G::kRetrieval, "",
     N_("fetch what the re-download guard stopped"), nullptr},
    {"dry-run", '\0', A::kNone, Code(I::kDryRun), G::kRetrieval, "",
     N_("say what a retrieval would do, change nothing"), nullptr},
    {"mark-seen", '\0', A::kNone, Code(I::kMarkSeen), G::kRetrieval, "",
     N_("record all mails as retrieved, fetch none"), nullptr},
    {"json", '\0', A::kNone, Code(I::kJson), G::kRetrieval, "",
     N_("print JSON Lines instead of text (man mpop)"), nullptr},
    {"metrics-file", '\0', A::kRequired, Code(I::kMetricsFile), G::kRetrieval, "=FILE",
     N_("write Prometheus metrics to FILE per account"), nullptr},
};

}  // namespace

std::vector<OptionSpec> JoinOptions(const SettingTable& table) {
  std::vector<OptionSpec> options;
  const std::span<const SettingRow> settings = table.rows();
  for (G group : {G::kGeneral, G::kMode, G::kConfiguration, G::kRetrieval}) {
    for (const OptionSpec& spec : kPlainOptions) {
      if (spec.group == group) options.push_back(spec);
    }
    for (std::size_t i = 0; i < settings.size(); ++i) {
      const SettingRow& row = settings[i];
      if (row.group != group || row.option.long_name == nullptr) continue;
      const SettingOption& option = row.option;
      options.push_back({option.long_name, option.short_name, option.arg,
                         kFirstSettingCode + static_cast<int>(i), group, option.help_argument,
                         option.help_text, &row});
    }
  }
  return options;
}

std::span<const OptionSpec> Options() {
  static const std::vector<OptionSpec> options = JoinOptions(Settings());
  return options;
}

const OptionSpec* FindOption(std::span<const OptionSpec> options, int code) {
  for (const OptionSpec& spec : options) {
    if (spec.code == code) return &spec;
  }
  return nullptr;
}

}  // namespace mpop::config
