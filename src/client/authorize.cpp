#include "client/authorize.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <optional>

#include "client/keyring_vault.hpp"
#include "client/oauth2_account.hpp"
#include "client/terminal_qr.hpp"
#include "oauth2/clock.hpp"
#include "oauth2/code_flow.hpp"
#include "oauth2/curl_http_client.hpp"
#include "oauth2/device_flow.hpp"
#include "oauth2/discovery.hpp"
#include "oauth2/token_store.hpp"
#include "util/i18n.hpp"

extern char** environ;

namespace mpop::client {
namespace {

// How long the browser flow waits for the user to finish at the provider.
constexpr std::chrono::minutes kBrowserTimeout{10};

void Print(std::FILE* out, const std::string& text) {
  std::fputs(text.c_str(), out);
  std::fflush(out);
}

// Starts `xdg-open URL` with its output discarded; the child is reaped when the returned
// pid is given to ReapBrowserOpener. nullopt when it could not be started (the printed URL
// is enough then).
std::optional<pid_t> StartBrowserOpener(const std::string& url) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const char* argv[] = {"xdg-open", url.c_str(), nullptr};
  pid_t pid = -1;
  const int failed =
      posix_spawnp(&pid, "xdg-open", &actions, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (failed != 0) return std::nullopt;
  return pid;
}

// xdg-open may still run (it waits for some browsers): it is not waited for, only reaped
// if it has ended, so a browser left open does not hold --authorize.
void ReapBrowserOpener(std::optional<pid_t> pid) {
  if (pid) waitpid(*pid, nullptr, WNOHANG);
}

Result<oauth2::TokenSet> RunDeviceFlow(oauth2::HttpClient& http, oauth2::Clock& clock,
                                       const oauth2::ProviderMetadata& provider,
                                       const OAuth2Account& resolved,
                                       const AuthorizeOptions& options) {
  Result<oauth2::DeviceAuthorization> device =
      oauth2::StartDeviceAuthorization(http, provider, resolved.client, resolved.scope);
  if (!device) return std::move(device).error();
  std::string text = TrFormat(
      "To authorize mpop for account {}, open\n  {}\nin a browser and enter the code\n  {}\n",
      resolved.label, device->verification_uri, device->user_code);
  const std::string& qr_target = device->verification_uri_complete.empty()
                                     ? device->verification_uri
                                     : device->verification_uri_complete;
  if (!device->verification_uri_complete.empty()) {
    text += TrFormat("(or open {}, which has the code in it)\n", device->verification_uri_complete);
  }
  if (options.terminal) {
    // The QR code is an extra: without libqrencode, a line says why it is missing.
    Result<std::optional<std::string>> qr = TerminalQrCode(qr_target);
    if (!qr) text += qr.error().message + "\n";
    if (qr && *qr) text += **qr;
  }
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(device->expires_in).count();
  text +=
      TrNFormat("Waiting for the approval (the code expires in {} minute)...\n",
                "Waiting for the approval (the code expires in {} minutes)...\n", minutes, minutes);
  Print(options.out, text);
  return oauth2::PollDeviceToken(http, clock, provider.token_endpoint, resolved.client, *device);
}

Result<oauth2::TokenSet> RunBrowserFlow(oauth2::HttpClient& http, oauth2::Clock& clock,
                                        const oauth2::ProviderMetadata& provider,
                                        const OAuth2Account& resolved,
                                        const AuthorizeOptions& options) {
  Result<oauth2::BrowserFlow> flow = oauth2::StartBrowserFlow(
      provider, resolved.client, resolved.scope, resolved.authorization_params);
  if (!flow) return std::move(flow).error();
  Print(options.out, TrFormat("To authorize mpop for account {}, open this URL in a browser on "
                              "this computer:\n  {}\nWaiting for the browser to come back to {} "
                              "...\n",
                              resolved.label, flow->url, flow->listener.redirect_uri()));
  std::optional<pid_t> opener;
  if (options.open_browser) opener = StartBrowserOpener(flow->url);
  Result<oauth2::TokenSet> tokens =
      oauth2::FinishBrowserFlow(http, clock, *flow, provider, resolved.client, kBrowserTimeout);
  ReapBrowserOpener(opener);
  return tokens;
}

}  // namespace

Status Authorize(const config::Account& account, const AuthorizeOptions& options) {
  const std::string label = account.name.empty() ? "--host" : account.name;
  if (!UsesOAuth2(account)) {
    return Error::Config(TrFormat(
        "account {} has no oauth2_issuer: set oauth2_issuer and oauth2_client_id to authorize it",
        label));
  }
  const OAuth2Account resolved = ResolveOAuth2(account);
  oauth2::CurlHttpClient http(options.http_library, OAuth2HttpOptions(account, {}));
  oauth2::SystemClock clock;
  Result<oauth2::ProviderMetadata> provider =
      oauth2::Discover(http, resolved.issuer, resolved.discovery);
  if (!provider) return std::move(provider).error();
  Result<oauth2::TokenSet> tokens = resolved.flow == oauth2::Flow::kDevice
                                        ? RunDeviceFlow(http, clock, *provider, resolved, options)
                                        : RunBrowserFlow(http, clock, *provider, resolved, options);
  if (!tokens) return std::move(tokens).error();
  if (tokens->refresh_token.empty()) {
    return Error::Protocol(
        Tr("the provider issued no refresh token, so mpop could not renew the access token: "
           "ask for offline access in oauth2_scope (such as offline_access)"));
  }
  KeyringVault keyring;
  const oauth2::TokenFileStore store(options.token_directory, util::PosixFileSystem(), &keyring);
  MPOP_TRY(store.Save(resolved.store_key, {.refresh_token = tokens->refresh_token,
                                           .access_token = tokens->access_token,
                                           .expires_at = tokens->expires_at}));
  Result<std::optional<oauth2::StoredTokens>> saved = store.Load(resolved.store_key);
  const bool in_keyring = saved && *saved && (*saved)->refresh_token_in_vault;
  Print(options.out,
        in_keyring
            ? TrFormat("Account {} is authorized; its tokens are stored in {} and the refresh "
                       "token in the key ring\n",
                       resolved.label, store.PathFor(resolved.store_key))
            : TrFormat("Account {} is authorized; its tokens are stored in {}\n", resolved.label,
                       store.PathFor(resolved.store_key)));
  return {};
}

}  // namespace mpop::client
