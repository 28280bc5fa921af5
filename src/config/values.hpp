#pragma once
// Parsers for the values of mpoprc commands and of the matching command-line options
// (manual chapter 2, doc/COMPAT.md 6 and 10). Pure functions: no I/O except ExpandTilde's
// look-up of the home directory. The empty argument is handled by the caller unless a
// function says otherwise (it means "on" for switches, "unset" for strings).
//
// Errors are kConfig with a short phrase naming the bad value, e.g. "invalid port 0x";
// the configuration file puts "FILE: line N: " in front of its own wording, the command
// line says "invalid argument X for --opt".

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "config/account.hpp"
#include "util/result.hpp"

namespace mpop::config {

// A port number 1..65535, read like C strtol with base 0: leading white space, a sign,
// "0x" hex and leading-0 octal are accepted; anything after the number is an error.
Result<int> ParsePort(std::string_view text);

// `off` gives 0 (no timeout), else seconds >= 1 (strtol base 0, at most INT_MAX).
Result<int> ParseTimeout(std::string_view text);

// A size in bytes: a non-negative integer (strtoll base 0) with an optional lowercase
// `k` (x1024) or `m` (x1048576) suffix. `off` is the caller's business. The error text is
// upstream's: "invalid size (not a number or out of range): TEXT".
Result<std::int64_t> ParseSize(std::string_view text);

// `redownload_limit`: `off` gives -1, else a count >= 0 (strtoll base 0).
Result<std::int64_t> ParseCountLimit(std::string_view text);

// `keep`: "" and `on` give kKeepForever, `off` gives 0, else a duration in seconds made of
// terms `<digits><d|h|m|s>` that are summed ("1d12h", "36h", "1d 11h 60m"; "0s" is off).
// Every term needs its unit; blanks are allowed before a term but not at the end.
Result<std::int64_t> ParseKeep(std::string_view text);

// `poll_interval`: a duration as for `keep` (terms with d, h, m, s), at least one second.
Result<std::int64_t> ParsePollInterval(std::string_view text);

// "" and `on` give true, `off` false; nothing else (case-sensitive).
Result<bool> ParseOnOff(std::string_view text);

// `auto`, `on` (or ""), `off`.
Result<Pipelining> ParsePipelining(std::string_view text);

// `auth`: "" and `on` give "" (choose automatically); a lowercase method name of the
// manual (a row of auth/method_registry.hpp, written in lower case) gives its upper-case
// name.
Result<std::string> ParseAuthMethod(std::string_view text);

// `delivery METHOD ARGUMENT` / `--delivery=METHOD,ARGUMENT`. METHOD is exactly one of
// mda, maildir, mbox, exchange; ARGUMENT must not be empty (an empty MDA command would
// silently drop mail). Paths (not the mda command) are tilde-expanded.
Result<Delivery> ParseDelivery(std::string_view method, std::string_view argument);

// A certificate fingerprint: 16, 20 or 32 hex pairs (MD5, SHA1, SHA256) separated by ':'
// or ' ', any case. Returns the canonical form: uppercase pairs joined by ':'.
Result<std::string> ParseFingerprint(std::string_view text);

// `tls_min_dh_prime_bits`: "" gives -1 (unset), else an integer >= 1 (strtol base 0).
Result<int> ParseDhPrimeBits(std::string_view text);

// Replaces a leading `~` with the home directory ($HOME if set and not empty, else the
// passwd entry of the effective user). Only the first character counts: "~user/x" is not
// another user's home but home + "user/x", as upstream does. Other paths are returned
// unchanged, as is everything when no home directory can be found.
std::string ExpandTilde(std::string_view path);

}  // namespace mpop::config
