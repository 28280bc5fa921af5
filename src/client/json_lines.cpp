#include "client/json_lines.hpp"

namespace mpop::client {

nlohmann::json JsonObject(std::string_view type) {
  return {{"type", type}, {"schema", kJsonSchemaVersion}};
}

std::string FormatJsonLine(const nlohmann::json& object) {
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

nlohmann::json TextOrNull(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

nlohmann::json OptionalOrNull(const std::optional<std::string>& text) {
  return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
}

std::string_view ExitCodeName(ExitCode code) {
  // Our own table, not SysexitsDescription(): that one's text may be translated.
  static constexpr std::string_view kNames[] = {
      "EX_USAGE",       "EX_DATAERR",  "EX_NOINPUT",  "EX_NOUSER", "EX_NOHOST",
      "EX_UNAVAILABLE", "EX_SOFTWARE", "EX_OSERR",    "EX_OSFILE", "EX_CANTCREAT",
      "EX_IOERR",       "EX_TEMPFAIL", "EX_PROTOCOL", "EX_NOPERM", "EX_CONFIG"};
  const int value = static_cast<int>(code);
  if (value == 0) return "EX_OK";
  if (value < 64 || value > 78) return "EX_UNKNOWN";
  return kNames[value - 64];
}

nlohmann::json ErrorJson(const std::string* account, const Error& error) {
  nlohmann::json object = JsonObject("error");
  object["account"] = account != nullptr ? nlohmann::json(*account) : nlohmann::json(nullptr);
  object["code"] = static_cast<int>(error.code);
  object["code_name"] = ExitCodeName(error.code);
  object["message"] = error.message;
  if (!error.server_message.empty()) object["server_message"] = error.server_message;
  return object;
}

void JsonLines::Write(const nlohmann::json& object) const {
  const std::string line = FormatJsonLine(object);
  std::fwrite(line.data(), 1, line.size(), stream_);
  std::fflush(stream_);
}

}  // namespace mpop::client
