#pragma once
// GsaslPop3Server: the server half of POP3 AUTH (RFC 5034) on GNU SASL's server
// mechanisms, for testing our client mechanisms in-process. It knows one user, checks the
// channel binding it is given, and records what the client claimed. Answer() takes one
// client line (without line end) and returns the reply line; Responder() adapts it to
// FakeTransport.

#include <gsasl.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "auth/base64.hpp"
#include "auth/gsasl_mechanism.hpp"
#include "support/fake_transport.hpp"

namespace mpop::testing {

inline constexpr std::string_view kSaslHost = "pop.example.org";

class GsaslPop3Server {
 public:
  GsaslPop3Server() {
    EXPECT_EQ(gsasl_init(&context_), GSASL_OK);
    gsasl_callback_set(context_, &GsaslPop3Server::Callback);
  }
  ~GsaslPop3Server() {
    if (session_ != nullptr) gsasl_finish(session_);
    gsasl_done(context_);
  }

  std::string user = "alice";
  std::string password = "alicepw";
  std::optional<auth::ChannelBinding> binding;
  std::string authzid_seen;
  bool accepted = false;

  FakeTransport::Responder Responder() {
    return [this](std::string_view line) { return Answer(line) + "\r\n"; };
  }

  std::string Answer(std::string_view line) {
    if (session_ == nullptr) return Start(line);
    if (line == "*") return Fail("-ERR cancelled");
    if (finished_) return line.empty() ? Succeed() : Fail("-ERR data after the end");
    return Step(std::string(line));
  }

 private:
  std::string Start(std::string_view line) {
    if (!line.starts_with("AUTH ")) return "-ERR expected AUTH";
    line.remove_prefix(5);
    const std::size_t space = line.find(' ');
    const std::string mechanism(line.substr(0, space));
    if (gsasl_server_start(context_, mechanism.c_str(), &session_) != GSASL_OK) {
      return "-ERR unknown mechanism";
    }
    gsasl_session_hook_set(session_, this);
    gsasl_property_set(session_, GSASL_SERVICE, "pop");
    gsasl_property_set(session_, GSASL_HOSTNAME, std::string(kSaslHost).c_str());
    gsasl_property_set(session_, GSASL_REALM, std::string(kSaslHost).c_str());
    if (space == std::string_view::npos) return Step("");
    const std::string_view initial = line.substr(space + 1);
    return Step(initial == "=" ? "" : std::string(initial));
  }

  std::string Step(const std::string& base64) {
    char* output = nullptr;
    const int rc = gsasl_step64(session_, base64.c_str(), &output);
    const std::string challenge = output != nullptr ? output : "";
    gsasl_free(output);
    if (rc == GSASL_NEEDS_MORE) return "+ " + challenge;
    if (rc != GSASL_OK) return Fail("-ERR [AUTH] Authentication failed.");
    if (challenge.empty()) return Succeed();
    finished_ = true;  // additional data: sent as a last challenge, answered empty
    return "+ " + challenge;
  }

  std::string Succeed() {
    accepted = true;
    return "+OK Logged in.";
  }
  std::string Fail(std::string reply) {
    gsasl_finish(session_);
    session_ = nullptr;
    return reply;
  }

  static int Callback(Gsasl*, Gsasl_session* session, Gsasl_property property) {
    auto* self = static_cast<GsaslPop3Server*>(gsasl_session_hook_get(session));
    const char* authid = gsasl_property_fast(session, GSASL_AUTHID);
    switch (property) {
      case GSASL_PASSWORD:
        if (authid == nullptr || self->user != authid) return GSASL_AUTHENTICATION_ERROR;
        return gsasl_property_set(session, GSASL_PASSWORD, self->password.c_str());
      case GSASL_VALIDATE_EXTERNAL: {
        const char* authzid = gsasl_property_fast(session, GSASL_AUTHZID);
        self->authzid_seen = authzid != nullptr ? authzid : "";
        return GSASL_OK;
      }
      case GSASL_CB_TLS_UNIQUE:
      case GSASL_CB_TLS_EXPORTER: {
        const auth::ChannelBinding::Kind kind = property == GSASL_CB_TLS_UNIQUE
                                                    ? auth::ChannelBinding::Kind::kTlsUnique
                                                    : auth::ChannelBinding::Kind::kTlsExporter;
        if (!self->binding || self->binding->kind != kind) return GSASL_NO_CALLBACK;
        return gsasl_property_set(session, property,
                                  auth::Base64Encode(self->binding->data).c_str());
      }
      default:
        return GSASL_NO_CALLBACK;
    }
  }

  Gsasl* context_ = nullptr;
  Gsasl_session* session_ = nullptr;
  bool finished_ = false;
};

}  // namespace mpop::testing
