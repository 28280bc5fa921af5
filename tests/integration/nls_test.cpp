// Translations (issue 21): the real mpop and mpopd under LANG=de_DE.UTF-8, fr_FR.UTF-8 and
// es_ES.UTF-8 speak German, French and Spanish (a configuration error, a retrieval with its
// status and progress lines, a rejected password, --help); under LANG=C every byte is the
// English the other tests assert. The catalogs come from the build tree: MPOP_LOCALEDIR
// points the programs at <build>/locale (po/CMakeLists.txt), so nothing needs installing.
// A locale missing on this machine (scripts/setup.sh generates them) makes its test skip.

#include <gtest/gtest.h>

#include <clocale>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <regex>
#include <string>
#include <vector>

#include "support/json_objects.hpp"
#include "support/mpop_runner.hpp"
#include "support/mpopd_process.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "util/i18n.hpp"

namespace mpop::testing {
namespace {

namespace fs = std::filesystem;

const std::string kLocaleDir = (fs::path(MPOP_BIN).parent_path() / "locale").string();

// What each language says; "C" is the English of the other tests, byte for byte.
struct Language {
  std::string lang;
  std::string unknown_command;  // ": line 2: unknown command foo" after the file name
  std::string header;           // "joe at 127.0.0.1:", the status line's first line
  std::string status;           // the status line for two mails of 23 bytes each (CRLF)
  std::string progress;         // "retrieving message 1 of 2 (23 bytes)"
  std::string rejected;         // the whole stderr of a wrong password, after "mpop: "
  std::string trailer;          // "error during mail retrieval (account default from "
  std::string help_start;       // the first line of --help
  std::string help_line;        // --help's line for --help
  std::string mpopd_help;       // the first line of mpopd --help
  std::string mpopd_error;      // mpopd's error for a --maildir before any --auth
  std::string mpopd_log;        // mpopd's log line for an --inetd connection
};

const Language kLanguages[] = {
    {"C", ": line 2: unknown command foo",
     "joe at 127.0.0.1:", "new: 2 messages in 46 bytes, total: 2 messages in 46 bytes",
     "retrieving message 1 of 2 (23 bytes)",
     "POP3 server rejected PASS: \"-ERR [AUTH] authorization failed\" (the credentials were "
     "rejected; check the user name and password)",
     "error during mail retrieval (account default from ",
     "Usage:", "  --help                          show this help", "Usage: mpopd [option...]",
     "--maildir=/m must follow an --auth option",
     "connection from stdin (inetd mode), auth_delay=yes"},
    {"de_DE.UTF-8", ": Zeile 2: unbekannter Befehl foo",
     "joe auf 127.0.0.1:", "neu: 2 Nachrichten mit 46 Bytes, insgesamt: 2 Nachrichten mit 46 Bytes",
     "empfange Nachricht 1 von 2 (23 Bytes)",
     "POP3-Server hat PASS abgelehnt: \"-ERR [AUTH] authorization failed\" (die Zugangsdaten "
     "wurden abgelehnt; prüfen Sie Benutzernamen und Passwort)",
     "Fehler beim Abholen der Mails (Konto default aus ",
     "Aufruf:", "  --help                          diese Hilfe zeigen", "Aufruf: mpopd [Option...]",
     "--maildir=/m muss auf eine Option --auth folgen",
     "Verbindung von stdin (inetd-Modus), auth_delay=yes"},
    {"fr_FR.UTF-8", " : ligne 2 : commande inconnue foo", "joe sur 127.0.0.1 :",
     "nouveaux : 2 messages pour 46 octets, total : 2 messages pour 46 octets",
     "réception du message 1 sur 2 (23 octets)",
     "le serveur POP3 a refusé PASS: \"-ERR [AUTH] authorization failed\" (les identifiants ont "
     "été refusés ; vérifiez le nom d'utilisateur et le mot de passe)",
     "erreur lors de la réception du courrier (compte default de ",
     "Utilisation :", "  --help                          afficher cette aide",
     "Utilisation : mpopd [option...]", "--maildir=/m doit suivre une option --auth",
     "connexion de stdin (mode inetd), auth_delay=yes"},
    {"es_ES.UTF-8", ": línea 2: orden desconocida foo",
     "joe en 127.0.0.1:", "nuevos: 2 mensajes en 46 bytes, total: 2 mensajes en 46 bytes",
     "recibiendo mensaje 1 de 2 (23 bytes)",
     "el servidor POP3 rechazó PASS: \"-ERR [AUTH] authorization failed\" (se rechazaron las "
     "credenciales; compruebe el nombre de usuario y la contraseña)",
     "error durante la recepción del correo (cuenta default de ",
     "Uso:", "  --help                          mostrar esta ayuda", "Uso: mpopd [opción...]",
     "--maildir=/m debe seguir a una opción --auth",
     "conexión desde stdin (modo inetd), auth_delay=yes"},
};

void PrintTo(const Language& language, std::ostream* out) { *out << language.lang; }

class NlsTest : public ::testing::TestWithParam<Language> {
 protected:
  void SetUp() override {
    if (!NlsEnabled()) GTEST_SKIP() << "built with -DMPOP_NLS=OFF";
    const std::string& lang = GetParam().lang;
    // The programs call setlocale(LC_ALL, ""): the locale must exist here, as in CI.
    if (lang != "C" && std::setlocale(LC_MESSAGES, lang.c_str()) == nullptr) {
      GTEST_SKIP() << "locale " << lang << " is not generated (scripts/setup.sh does it)";
    }
    std::setlocale(LC_MESSAGES, "C");
  }

  RunResult Run(const std::string& binary, const std::vector<std::string>& args) const {
    Command command;
    command.argv.push_back(binary);
    command.argv.insert(command.argv.end(), args.begin(), args.end());
    command.env = {{"HOME", home_.home()},
                   {"USER", "tester"},
                   {"LANG", GetParam().lang},
                   {"MPOP_LOCALEDIR", kLocaleDir}};
    command.unset_env = {"XDG_CONFIG_HOME", "XDG_STATE_HOME", "DBUS_SESSION_BUS_ADDRESS",
                         "XDG_RUNTIME_DIR"};
    return RunToResult(command, {.timeout = std::chrono::seconds(60)});
  }
  std::string ConfigFile() const { return home_.home() + "/.mpoprc"; }

  // mpopd serving two mails of 20 bytes to joe with the password "secret".
  void StartServer() {
    maildir_ = dir_.File("served");
    MakeMaildir(maildir_);
    WriteFile(maildir_ + "/new/1.mail", "Subject: one\n\nbody1\n");
    WriteFile(maildir_ + "/new/2.mail", "Subject: two\n\nbody2\n");
    ASSERT_TRUE(
        server_.Start({"--auth=joe,echo secret", "--maildir=" + maildir_}, dir_.File("mpopd.log")));
  }
  void WriteAccount(const std::string& password) {
    home_.WriteConfig("account default\nhost 127.0.0.1\nport " + std::to_string(server_.port()) +
                      "\nuser joe\npassword " + password +
                      "\nauth user\ntls off\ntimeout 30\ndelivery maildir " +
                      home_.MakeMaildir("Mail") + "\n");
  }

  MpopHome home_;
  ScopedTempDir dir_;
  std::string maildir_;
  MpopdProcess server_;
};

TEST_P(NlsTest, ConfigurationError) {
  home_.WriteConfig("account default\nfoo bar\n");
  RunResult run = Run(MPOP_BIN, {});
  EXPECT_EQ(run.exit_code, 78) << run.Describe();
  EXPECT_EQ(run.err, "mpop: " + ConfigFile() + GetParam().unknown_command + "\n");
}

TEST_P(NlsTest, RetrievalWithProgress) {
  StartServer();
  WriteAccount("secret");
  RunResult run = Run(MPOP_BIN, {});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  std::string second = GetParam().progress;
  second.replace(second.find('1'), 1, "2");
  // The percentages between 0 and 100 depend on how the mail arrives: left out.
  const std::string out = std::regex_replace(run.out, std::regex("[ 0-9]{3}\b\b\b"), "");
  EXPECT_EQ(out, GetParam().header + "\n" + GetParam().status + "\n" + GetParam().progress +
                     ":   0%\b\b\b\b100\n" + second + ":   0%\b\b\b\b100\n");
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(FilesIn(home_.home() + "/Mail/new").size(), 2u);
}

TEST_P(NlsTest, WrongPassword) {
  StartServer();
  WriteAccount("wrong");
  RunResult run = Run(MPOP_BIN, {"-q"});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  EXPECT_EQ(run.err, "mpop: " + GetParam().rejected + "\nmpop: " + GetParam().trailer +
                         ConfigFile() + ")\n");
}

// --json is read by programs: its messages are English in every language.
TEST_P(NlsTest, JsonMessagesStayEnglish) {
  StartServer();
  WriteAccount("wrong");
  RunResult run = Run(MPOP_BIN, {"--json"});
  EXPECT_EQ(run.exit_code, 77) << run.Describe();
  EXPECT_EQ(run.err, "");
  nlohmann::json error;
  for (const nlohmann::json& object : ParseJsonLines(run.out)) {
    if (object["type"] == "error") error = object;
  }
  ASSERT_FALSE(error.is_null()) << run.out;
  EXPECT_EQ(error["message"], kLanguages[0].rejected) << run.out;
}

TEST_P(NlsTest, Help) {
  RunResult run = Run(MPOP_BIN, {"--help"});
  ASSERT_EQ(run.exit_code, 0) << run.Describe();
  EXPECT_TRUE(run.out.starts_with(GetParam().help_start + "\n")) << run.out;
  EXPECT_NE(run.out.find("\n" + GetParam().help_line + "\n"), std::string::npos) << run.out;

  RunResult daemon = Run(MPOPD_BIN, {"--help"});
  ASSERT_EQ(daemon.exit_code, 0) << daemon.Describe();
  EXPECT_TRUE(daemon.out.starts_with(GetParam().mpopd_help + "\n")) << daemon.out;
  RunResult error = Run(MPOPD_BIN, {"--maildir=/m"});
  EXPECT_EQ(error.exit_code, 3) << error.Describe();
  EXPECT_EQ(error.err, "mpopd: " + GetParam().mpopd_error + "\n");
}

// mpopd's log lines (here of an --inetd session) are in the language of its locale.
TEST_P(NlsTest, MpopdLog) {
  const std::string maildir = dir_.File("served");
  MakeMaildir(maildir);
  Command command{.argv = {MPOPD_BIN, "--inetd", "--auth=joe,echo secret", "--maildir=" + maildir,
                           "--log=" + dir_.File("log")},
                  .env = {{"LANG", GetParam().lang}, {"MPOP_LOCALEDIR", kLocaleDir}}};
  RunResult run = RunToResult(command, {.stdin_bytes = "QUIT\r\n"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_EQ(run.out, "+OK mpopd ready.\r\n+OK mpopd signing off\r\n");  // POP3: English
  const std::string log = ReadFile(dir_.File("log"));
  EXPECT_NE(log.find("] info: " + GetParam().mpopd_log + "\n"), std::string::npos) << log;
}

// The English of the programs does not depend on the catalogs: without MPOP_LOCALEDIR (and so
// with the installed ones, or none) LANG=C prints what the tests above expect for "C".
TEST(NlsCLocaleTest, VersionNamesTheCatalogDirectory) {
  MpopHome home;
  RunResult run = home.Run({"--version"});
  ASSERT_TRUE(run.ok()) << run.Describe();
  EXPECT_NE(run.out.find("\n" + NlsVersionLine()), std::string::npos) << run.out;
  EXPECT_EQ(NlsVersionLine(),
            NlsEnabled() ? "NLS: enabled, LOCALEDIR is " + std::string(CompiledLocaleDir()) + "\n"
                         : std::string("NLS: disabled\n"));
}

INSTANTIATE_TEST_SUITE_P(Languages, NlsTest, ::testing::ValuesIn(kLanguages),
                         [](const ::testing::TestParamInfo<Language>& param_info) {
                           return param_info.param.lang == "C" ? std::string("C")
                                                               : param_info.param.lang.substr(0, 2);
                         });

}  // namespace
}  // namespace mpop::testing
