#pragma once
// DNS SRV records (RFC 2782) for --configure (RFC 6186: _pop3s._tcp / _pop3._tcp).
//
// The lookup asks the resolvers of /etc/resolv.conf through libresolv with a private
// resolver state (res_ninit), so nothing process-wide is touched. Parsing the answer is
// separate and pure, so it is tested on hand-made DNS messages.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mpop::net {

struct SrvRecord {
  int priority = 0;  // lower is preferred
  int weight = 0;    // among equal priorities, higher is preferred (see SortSrvRecords)
  int port = 0;
  std::string target;  // without the trailing dot; "." (service not provided) becomes ""

  bool operator==(const SrvRecord&) const = default;
};

// The SRV records in the answer section of a DNS response message (other record types,
// e.g. a CNAME the server followed, are skipped). Records whose target is the root ("."),
// which RFC 2782 uses to say "this service is not provided here", are dropped.
// Errors: kProtocol "malformed DNS response for NAME" (NAME is only for the message).
Result<std::vector<SrvRecord>> ParseSrvResponse(std::span<const unsigned char> message,
                                                std::string_view name);

// Deterministic preference order: priority ascending, then weight descending (mpop does
// not do RFC 2782's weighted random choice, so the same records always give the same
// configuration), then target name and port, so the order of the answer does not matter.
void SortSrvRecords(std::vector<SrvRecord>& records);

// Looks up the SRV records of `name` (ASCII), sorted by SortSrvRecords(). A name that does
// not exist or has no SRV records gives an empty list, as do answers the server refused.
// Errors: kTempFail "DNS lookup of NAME failed: temporary failure in name resolution"
// (SERVFAIL, no answer in time), kSoftware "cannot initialize the DNS resolver".
Result<std::vector<SrvRecord>> LookupSrv(std::string_view name);

}  // namespace mpop::net
