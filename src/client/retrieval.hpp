#pragma once
// The mailbox stage of a session, after authentication (doc/COMPAT.md 1.1 steps 10-18): STAT,
// LIST and UIDL, the UIDLs store, the status line; then, in retrieval mode, filters, the
// pipelined RETR stream into the delivery with group commit, DELE and QUIT.
//
// The durability promise (doc/ARCHITECTURE.md): mails are delivered in batches; for each batch the
// delivery makes the mails durable where they lie (maildir: tmp/), the store journals
// each UID with its delivery token (one fsync), the delivery publishes the batch
// (maildir: links into new/), and only then are DELEs queued. A crash at any moment
// leaves every mail either unpublished and unrecorded (fetched again, never seen twice)
// or recorded with a token the next run uses to finish its publication.

#include <cstddef>
#include <string>

#include "client/session_context.hpp"
#include "net/connect.hpp"
#include "pop3/capabilities.hpp"
#include "pop3/session.hpp"
#include "util/result.hpp"

namespace mpop::client {

// Whether the scan asks UIDL (RunMailboxStage; also for Session::ScanRightAfterLogin).
bool ScanWantsUidl(const pop3::Capabilities& capabilities);

// Whether the scan asks the whole LIST (RunMailboxStage; also for
// Session::ScanRightAfterLogin). Not when only the sizes of the mails to fetch matter (no
// killsize, skipsize, filter or --dry-run): those come by "LIST n" (issue 17).
bool ScanWantsList(const SessionContext& context, const pop3::Capabilities& capabilities);

// The user name that names the account's list in its UIDLs file.
std::string UidlsUser(const config::Account& account);

// What a retrieval session found and did, for the decision to open another one
// (client/portions.hpp).
struct MailboxOutcome {
  std::size_t listed = 0;             // mails the server listed
  std::size_t new_mails = 0;          // of those, how many the UIDLs file did not know
  std::size_t retrieved = 0;          // mails fetched and delivered
  std::size_t state_known = 0;        // UIDs the UIDLs file knew when the session began
  bool retry_with_full_list = false;  // "LIST n" was answered badly: ask LIST next time
};

// Runs the stage; `outcome` (may be null) is filled as far as the session got.
Status RunMailboxStage(const SessionContext& context, pop3::Session& session,
                       const pop3::Capabilities& capabilities,
                       const net::ConnectionInfo& connection, MailboxOutcome* outcome = nullptr);

}  // namespace mpop::client
