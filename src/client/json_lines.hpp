#pragma once
// JSON Lines (--json): one JSON object per line, each with its "type" and the version of
// the schema it follows (doc/mpop-json.schema.json). Everything that prints JSON builds
// its objects with JsonObject() and turns them into lines with FormatJsonLine(), so the
// schema version and the treatment of text that is not UTF-8 are decided once, here.
// The text is never translated: it is for programs.

#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace mpop::client {

// The schema's version, in every object as "schema". It grows when a field changes its
// meaning or goes away; new fields and new types of object keep it.
inline constexpr int kJsonSchemaVersion = 1;

// {"type": TYPE, "schema": kJsonSchemaVersion}.
nlohmann::json JsonObject(std::string_view type);

// The object on one line, ending in '\n'. Bytes that are not UTF-8 (a server's greeting
// may hold any) become U+FFFD instead of failing.
std::string FormatJsonLine(const nlohmann::json& object);

// A text, or null when it is empty (TextOrNull) or missing (OptionalOrNull).
nlohmann::json TextOrNull(const std::string& text);
nlohmann::json OptionalOrNull(const std::optional<std::string>& text);

// The sysexits name of a code ("EX_TEMPFAIL"; "EX_OK" for 0).
std::string_view ExitCodeName(ExitCode code);

// {"type": "error", "account": ACCOUNT or null, "code": N, "code_name": "EX_...",
// "message": ...}. `account` null: the error stopped mpop before any account ran.
nlohmann::json ErrorJson(const std::string* account, const Error& error);

// Writes whole lines to a stream: each line goes out with one fwrite (stdio locks the
// stream for it), so lines written from several threads never mix inside a line.
class JsonLines {
 public:
  explicit JsonLines(std::FILE* stream = stdout) : stream_(stream) {}
  void Write(const nlohmann::json& object) const;

 private:
  std::FILE* stream_;
};

}  // namespace mpop::client
