#include "auth/apop.hpp"

#include "auth/md5.hpp"

namespace mpop::auth {

std::string ApopDigest(std::string_view timestamp, std::string_view secret) {
  Md5 md5;
  md5.Update(timestamp);
  md5.Update(secret);
  return ToHex(md5.Finish());
}

}  // namespace mpop::auth
