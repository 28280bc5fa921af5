#include <gnutls/gnutls.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "net/gnutls_library.hpp"

namespace mpop::net {
namespace {

TEST(GnutlsLibraryTest, InitIsCountedAndMovable) {
  auto first = GnutlsLibrary::Init();
  ASSERT_TRUE(first.has_value()) << first.error().message;
  {
    auto second = GnutlsLibrary::Init();
    ASSERT_TRUE(second.has_value());
    GnutlsLibrary moved(std::move(*second));
  }  // one deinit for the moved object, none for the moved-from one
  // The library still works for the first holder.
  gnutls_certificate_credentials_t credentials = nullptr;
  EXPECT_EQ(gnutls_certificate_allocate_credentials(&credentials), 0);
  gnutls_certificate_free_credentials(credentials);
  EXPECT_EQ(std::string(first->RuntimeVersion()), gnutls_check_version(nullptr));
}

}  // namespace
}  // namespace mpop::net
