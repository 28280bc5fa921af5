#pragma once
// What `mpop` does from argv to exit status; app/mpop.cpp only calls this.
//
//   1. Parse the command line (config/command_line.hpp); usage errors exit 64.
//   2. --help, --version: print to stdout, exit 0. --configure, --mda: their own modes.
//   3. Accounts: with --host one unnamed account made of the command line and built-in
//      defaults, and no configuration file is read at all; else the file (-C or the
//      default) and the accounts of doc/COMPAT.md 7.2 (none: "default"; names in the given
//      order, repeats included; -a: all in file order), "FILE: no account X",
//      "FILE: no account default", "FILE: no accounts defined" (EX_CONFIG).
//   4. Command-line settings override every selected account; then FinishAccount() for
//      the mode. Every selected account is checked before anything is printed or sent.
//   5. --pretend prints each account's settings (no separator, as upstream) and exits 0;
//      --debug prints the same, then runs. Both evaluate passwordeval first, as upstream
//      does, so the dump shows "password = *" (a failing command is EX_CONFIG).
//   6. client::RunAccounts() for the network modes; its exit code is mpop's. --poll runs
//      client::RunPollLoop() instead, which re-reads the configuration on SIGHUP.
// Errors print to stderr as "mpop: MESSAGE" (plus "mpop: POP3 server message: TEXT" when
// a server said something) and the Error's sysexits code is returned.

namespace mpop::client {

int AppMain(int argc, char** argv);

}  // namespace mpop::client
