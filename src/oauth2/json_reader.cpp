#include "oauth2/json_reader.hpp"

#include <charconv>
#include <string>

#include "util/i18n.hpp"

namespace mpop::oauth2 {

Result<nlohmann::json> ParseJsonObject(std::string_view body, std::string_view what) {
  nlohmann::json value = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) return Error::Protocol(TrFormat("{} is not a JSON object", what));
  return value;
}

std::optional<std::string> StringMember(const nlohmann::json& object, std::string_view name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get_ref<const std::string&>();
}

std::optional<std::int64_t> IntegerMember(const nlohmann::json& object, std::string_view name) {
  auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_float()) return static_cast<std::int64_t>(it->get<double>());
  if (!it->is_string()) return std::nullopt;
  const std::string& text = it->get_ref<const std::string&>();
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

std::vector<std::string> StringArrayMember(const nlohmann::json& object, std::string_view name) {
  std::vector<std::string> strings;
  auto it = object.find(name);
  if (it == object.end() || !it->is_array()) return strings;
  for (const auto& element : *it) {
    if (element.is_string()) strings.push_back(element.get<std::string>());
  }
  return strings;
}

}  // namespace mpop::oauth2
