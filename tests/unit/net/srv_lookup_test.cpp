#include "net/srv_lookup.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mpop::net {
namespace {

using Bytes = std::vector<unsigned char>;

void Put16(Bytes& out, int value) {
  out.push_back(static_cast<unsigned char>(value >> 8));
  out.push_back(static_cast<unsigned char>(value & 0xff));
}

// A domain name in label form, e.g. "a.b" -> 1 'a' 1 'b' 0.
Bytes Name(const std::string& name) {
  Bytes out;
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    out.push_back(static_cast<unsigned char>(dot - start));
    out.insert(out.end(), name.begin() + static_cast<long>(start),
               name.begin() + static_cast<long>(dot));
    start = dot + 1;
  }
  out.push_back(0);
  return out;
}

struct Answer {
  int type = 33;  // SRV
  Bytes rdata;
};

Bytes Srv(int priority, int weight, int port, const Bytes& target) {
  Bytes rdata;
  Put16(rdata, priority);
  Put16(rdata, weight);
  Put16(rdata, port);
  rdata.insert(rdata.end(), target.begin(), target.end());
  return rdata;
}

// A response to "QNAME IN SRV" whose answers all name the question (pointer 0xc00c).
Bytes Response(const std::string& qname, const std::vector<Answer>& answers) {
  Bytes out;
  Put16(out, 0x1234);  // id
  Put16(out, 0x8180);  // response, RD, RA, NOERROR
  Put16(out, 1);
  Put16(out, static_cast<int>(answers.size()));
  Put16(out, 0);
  Put16(out, 0);
  Bytes question = Name(qname);
  out.insert(out.end(), question.begin(), question.end());
  Put16(out, 33);
  Put16(out, 1);
  for (const Answer& answer : answers) {
    Put16(out, 0xc00c);
    Put16(out, answer.type);
    Put16(out, 1);
    Put16(out, 0);
    Put16(out, 300);  // TTL
    Put16(out, static_cast<int>(answer.rdata.size()));
    out.insert(out.end(), answer.rdata.begin(), answer.rdata.end());
  }
  return out;
}

constexpr const char* kQuery = "_pop3s._tcp.example.org";

TEST(ParseSrvResponseTest, ReadsEveryRecordInAnswerOrder) {
  Bytes message = Response(kQuery, {{33, Srv(10, 5, 995, Name("pop.example.org"))},
                                    {33, Srv(0, 1, 1995, Name("backup.example.net"))}});
  auto records = ParseSrvResponse(message, kQuery);
  ASSERT_TRUE(records.has_value()) << records.error().message;
  EXPECT_EQ(*records, (std::vector<SrvRecord>{{10, 5, 995, "pop.example.org"},
                                              {0, 1, 1995, "backup.example.net"}}));
}

TEST(ParseSrvResponseTest, FollowsCompressionPointersInTheTarget) {
  // Target "pop" + pointer to the question's "example.org" (offset 12 + 12 bytes).
  Bytes target = {3, 'p', 'o', 'p', 0xc0, 12 + 12};
  Bytes message = Response(kQuery, {{33, Srv(1, 2, 110, target)}});
  auto records = ParseSrvResponse(message, kQuery);
  ASSERT_TRUE(records.has_value()) << records.error().message;
  EXPECT_EQ(*records, (std::vector<SrvRecord>{{1, 2, 110, "pop.example.org"}}));
}

TEST(ParseSrvResponseTest, SkipsOtherTypesAndTheRootTarget) {
  Bytes cname = Name("alias.example.org");
  Bytes message = Response(
      kQuery,
      {{5, cname}, {33, Srv(0, 0, 0, Name(""))}, {33, Srv(5, 0, 110, Name("pop.example.org"))}});
  auto records = ParseSrvResponse(message, kQuery);
  ASSERT_TRUE(records.has_value()) << records.error().message;
  EXPECT_EQ(*records, (std::vector<SrvRecord>{{5, 0, 110, "pop.example.org"}}));
}

TEST(ParseSrvResponseTest, NoAnswersIsAnEmptyList) {
  auto records = ParseSrvResponse(Response(kQuery, {}), kQuery);
  ASSERT_TRUE(records.has_value());
  EXPECT_TRUE(records->empty());
}

TEST(ParseSrvResponseTest, RejectsMalformedMessages) {
  const std::string expected = std::string("malformed DNS response for ") + kQuery;
  Bytes good = Response(kQuery, {{33, Srv(0, 1, 995, Name("pop.example.org"))}});
  Bytes truncated(good.begin(), good.end() - 3);
  Bytes short_rdata = Response(kQuery, {{33, Bytes{0, 1, 0, 2, 0}}});
  // The target's label claims more bytes than the message holds.
  Bytes overrun = Response(kQuery, {{33, Srv(0, 1, 995, Bytes{40, 'a', 'b'})}});
  Bytes header_only(good.begin(), good.begin() + 6);
  for (const Bytes& message : {truncated, short_rdata, overrun, header_only}) {
    auto records = ParseSrvResponse(message, kQuery);
    ASSERT_FALSE(records.has_value());
    EXPECT_EQ(records.error().code, ExitCode::kProtocol);
    EXPECT_EQ(records.error().message, expected);
  }
}

TEST(SortSrvRecordsTest, LowestPriorityThenHighestWeight) {
  struct Case {
    std::vector<SrvRecord> in;
    std::vector<SrvRecord> out;
  };
  const Case cases[] = {
      {{}, {}},
      {{{10, 1, 110, "b"}, {0, 1, 110, "a"}}, {{0, 1, 110, "a"}, {10, 1, 110, "b"}}},
      {{{5, 1, 110, "low"}, {5, 7, 110, "high"}, {5, 3, 110, "mid"}, {10, 100, 110, "later"}},
       {{5, 7, 110, "high"}, {5, 3, 110, "mid"}, {5, 1, 110, "low"}, {10, 100, 110, "later"}}},
      // Full ties are broken by name and port, not by answer order.
      {{{1, 1, 995, "z"}, {1, 1, 110, "z"}, {1, 1, 995, "a"}},
       {{1, 1, 995, "a"}, {1, 1, 110, "z"}, {1, 1, 995, "z"}}},
      {{{65535, 0, 1, "x"}, {0, 65535, 2, "y"}}, {{0, 65535, 2, "y"}, {65535, 0, 1, "x"}}},
  };
  for (const Case& c : cases) {
    std::vector<SrvRecord> records = c.in;
    SortSrvRecords(records);
    EXPECT_EQ(records, c.out);
    std::vector<SrvRecord> reversed(c.in.rbegin(), c.in.rend());
    SortSrvRecords(reversed);
    EXPECT_EQ(reversed, c.out);
  }
}

}  // namespace
}  // namespace mpop::net
