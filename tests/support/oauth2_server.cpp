#include "support/oauth2_server.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <utility>

#include "oauth2/curl_http_client.hpp"
#include "oauth2/curl_library.hpp"
#include "support/tls_certs.hpp"
#include "support/wait_until.hpp"

namespace mpop::testing {
namespace {

namespace fs = std::filesystem;

// __FILE__ may be relative to the build directory of the tests (ccache's base_dir makes
// it so), which is also where the test binaries are: resolve it from there, not from the
// working directory.
std::string DefaultServerDir() {
  fs::path source = fs::path(__FILE__).parent_path().parent_path() / "oauth2_server";
  if (source.is_relative()) {
    std::error_code ec;
    fs::path exe_dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    if (!ec) source = exe_dir / source;
  }
  return source.lexically_normal().string();
}

// node from PATH, as the setup script installs it.
std::optional<std::string> FindNode() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/usr/local/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = dir + "/node";
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// One request to the server, bounded in time; tests talk to it with the same client as
// mpop does to a provider.
Result<oauth2::HttpResponse> Send(const oauth2::HttpRequest& request,
                                  const std::string& trust_file) {
  Result<oauth2::CurlLibrary> library = oauth2::CurlLibrary::Init();
  if (!library) return std::move(library).error();
  oauth2::CurlHttpClient http(*library, {.connect_timeout = std::chrono::seconds(5),
                                         .total_timeout = std::chrono::seconds(30),
                                         .trust_file = trust_file});
  return http.Send(request);
}

}  // namespace

OAuth2TestServer::OAuth2TestServer() = default;
OAuth2TestServer::~OAuth2TestServer() = default;

std::string OAuth2TestServer::trust_file() const { return certs_ ? certs_->Path("ca.crt") : ""; }

std::string OAuth2TestServer::Log() const { return ReadFile(dir_.File("server.log")); }

Status OAuth2TestServer::Start(const OAuth2ServerOptions& options) {
  std::optional<std::string> node = FindNode();
  if (!node) return Error::Unavailable("component missing: node (Node.js) is not on PATH");
  std::string server_dir = options.server_dir.empty() ? DefaultServerDir() : options.server_dir;
  if (!fs::exists(fs::path(server_dir) / "node_modules" / "oidc-provider")) {
    return Error::Unavailable("component missing: " + server_dir +
                              "/node_modules (run scripts/setup.sh)");
  }
  std::string port_file = dir_.File("port");
  Command command{.argv = {*node, server_dir + "/server.js", "--port-file", port_file,
                           "--access-token-ttl", std::to_string(options.access_token_ttl_seconds),
                           "--device-code-ttl", std::to_string(options.device_code_ttl_seconds),
                           "--interval", std::to_string(options.interval_seconds)},
                  .env = {{"NODE_ENV", "test"}},
                  .working_dir = server_dir};
  if (options.tls) {
    certs_ = std::make_unique<TestCertificates>();
    command.argv.insert(command.argv.end(), {"--tls-cert", certs_->Path("server.crt"), "--tls-key",
                                             certs_->Path("server.key")});
    // The script's user agent fetches the provider's pages over https too.
    command.env.emplace_back("NODE_EXTRA_CA_CERTS", certs_->Path("ca.crt"));
  }
  Result<BackgroundProcess> process = BackgroundProcess::Start(command, dir_.File("server.log"));
  if (!process) return std::move(process).error();
  process_.emplace(std::move(*process));
  // The script writes the port file (atomically) once it listens.
  bool listening = WaitUntil([&] { return fs::exists(port_file) || !process_->Running(); },
                             options.start_timeout);
  if (!listening || !process_->Running()) {
    return Error::Software("OAuth2 test server did not start: " + Log());
  }
  std::string port = ReadFile(port_file);
  while (!port.empty() && port.back() == '\n') port.pop_back();
  issuer_ = (options.tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + port;
  std::string discovery = issuer_ + "/.well-known/openid-configuration";
  bool answers = WaitUntil(
      [&] {
        Result<oauth2::HttpResponse> response = Send({.url = discovery}, trust_file());
        return (response && response->status == 200) || !process_->Running();
      },
      options.start_timeout);
  if (!answers || !process_->Running()) {
    return Error::Software("OAuth2 test server does not answer at " + discovery + ": " + Log());
  }
  return {};
}

Result<std::string> OAuth2TestServer::PostTest(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& form) {
  Result<oauth2::HttpResponse> response = Send({.url = issuer_ + path, .form = form}, trust_file());
  if (!response) return std::move(response).error();
  if (response->status != 200) {
    return Error::Software(path + " answered HTTP " + std::to_string(response->status) + ": " +
                           response->body);
  }
  return response->body;
}

Result<std::string> OAuth2TestServer::ApproveDevice(const std::string& user_code, bool deny) {
  return PostTest("/test/device", {{"user_code", user_code}, {"deny", deny ? "1" : "0"}});
}

Result<std::string> OAuth2TestServer::ApproveBrowser(const std::string& authorization_url,
                                                     bool deny) {
  return PostTest("/test/browser", {{"url", authorization_url}, {"deny", deny ? "1" : "0"}});
}

Status OAuth2TestServer::AdvanceClock(std::chrono::seconds seconds) {
  Result<std::string> reply =
      PostTest("/test/clock", {{"advance", std::to_string(seconds.count())}});
  if (!reply) return std::move(reply).error();
  return {};
}

}  // namespace mpop::testing
