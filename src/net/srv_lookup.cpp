#include "net/srv_lookup.hpp"

#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>

#include <algorithm>
#include <cstring>
#include <tuple>

#include "util/i18n.hpp"

namespace mpop::net {
namespace {

// A private libresolv state: res_ninit reads /etc/resolv.conf, res_nclose frees it.
class ResolverState {
 public:
  ResolverState() {
    std::memset(&state_, 0, sizeof state_);
    initialized_ = res_ninit(&state_) == 0;
  }
  ~ResolverState() {
    if (initialized_) res_nclose(&state_);
  }
  ResolverState(const ResolverState&) = delete;
  ResolverState& operator=(const ResolverState&) = delete;

  bool initialized() const { return initialized_; }
  res_state get() { return &state_; }

 private:
  struct __res_state state_;
  bool initialized_ = false;
};

Error Malformed(std::string_view name) {
  return Error::Protocol(TrFormat("malformed DNS response for {}", name));
}

// The target of one SRV record's RDATA (priority, weight, port, name).
Result<SrvRecord> ParseSrvRdata(const ns_msg& message, const ns_rr& rr, std::string_view name) {
  const unsigned char* rdata = ns_rr_rdata(rr);
  if (ns_rr_rdlen(rr) < 7) return Malformed(name);
  SrvRecord record;
  record.priority = ns_get16(rdata);
  record.weight = ns_get16(rdata + 2);
  record.port = ns_get16(rdata + 4);
  char target[NS_MAXDNAME];
  // The name must lie inside the RDATA; dn_expand only checks the message bounds.
  int used = dn_expand(ns_msg_base(message), ns_msg_end(message), rdata + 6, target, sizeof target);
  if (used < 0 || used > ns_rr_rdlen(rr) - 6) return Malformed(name);
  record.target = target;
  if (record.target == ".") record.target.clear();
  if (!record.target.empty() && record.target.back() == '.') record.target.pop_back();
  return record;
}

}  // namespace

Result<std::vector<SrvRecord>> ParseSrvResponse(std::span<const unsigned char> message,
                                                std::string_view name) {
  ns_msg handle;
  if (ns_initparse(message.data(), static_cast<int>(message.size()), &handle) < 0) {
    return Malformed(name);
  }
  std::vector<SrvRecord> records;
  const int count = ns_msg_count(handle, ns_s_an);
  for (int i = 0; i < count; ++i) {
    ns_rr rr;
    if (ns_parserr(&handle, ns_s_an, i, &rr) < 0) return Malformed(name);
    if (ns_rr_type(rr) != ns_t_srv || ns_rr_class(rr) != ns_c_in) continue;
    Result<SrvRecord> record = ParseSrvRdata(handle, rr, name);
    if (!record) return std::move(record).error();
    if (!record->target.empty()) records.push_back(std::move(*record));
  }
  return records;
}

void SortSrvRecords(std::vector<SrvRecord>& records) {
  std::sort(records.begin(), records.end(), [](const SrvRecord& a, const SrvRecord& b) {
    return std::tie(a.priority, b.weight, a.target, a.port) <
           std::tie(b.priority, a.weight, b.target, b.port);
  });
}

Result<std::vector<SrvRecord>> LookupSrv(std::string_view name) {
  ResolverState resolver;
  if (!resolver.initialized()) return Error::Software(Tr("cannot initialize the DNS resolver"));
  const std::string query(name);
  std::vector<unsigned char> answer(NS_MAXMSG);
  int length = res_nquery(resolver.get(), query.c_str(), ns_c_in, ns_t_srv, answer.data(),
                          static_cast<int>(answer.size()));
  if (length < 0) {
    // HOST_NOT_FOUND (NXDOMAIN), NO_DATA (no SRV records) and NO_RECOVERY (refused,
    // not implemented) all mean: nothing to configure from. Only TRY_AGAIN (SERVFAIL
    // or no answer in time) may go away by itself.
    if (resolver.get()->res_h_errno == TRY_AGAIN) {
      return Error::TempFail(
          TrFormat("DNS lookup of {} failed: temporary failure in name resolution", query));
    }
    return std::vector<SrvRecord>{};
  }
  answer.resize(std::min<std::size_t>(static_cast<std::size_t>(length), answer.size()));
  Result<std::vector<SrvRecord>> records = ParseSrvResponse(answer, query);
  if (records) SortSrvRecords(*records);
  return records;
}

}  // namespace mpop::net
