// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "connectdialog.h"
#include "credentialstore.h"
#include "desktopsession.h"
#include "firstpaint.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>

using namespace Qt::StringLiterals;
using Firebreak::CredentialStore;

namespace {

struct Options
{
    QCommandLineOption server{u"server"_s,
                              QCoreApplication::translate("main", "Server to connect to"
                                                                  " (http://host:port)."),
                              u"url"_s};
    QCommandLineOption token{u"token"_s,
                             QCoreApplication::translate("main", "API token for the server."),
                             u"token"_s};
    QCommandLineOption local{u"local"_s,
                             QCoreApplication::translate("main", "Work in local mode: no team"
                                                                 " server, data kept on this"
                                                                 " computer.")};
    QCommandLineOption caFile{u"ca-file"_s,
                              QCoreApplication::translate("main", "PEM file of CA certificates"
                                                                  " to trust besides the"
                                                                  " system's (or"
                                                                  " FIREBREAK_CA_FILE)."),
                              u"file"_s};
    QCommandLineOption pinnedCertificate{
        u"pin-certificate"_s,
        QCoreApplication::translate("main", "Accept only a server presenting this PEM"
                                            " certificate (or FIREBREAK_PINNED_CERTIFICATE)."),
        u"file"_s};
    QCommandLineOption localCopy{u"local-copy"_s,
                                 QCoreApplication::translate("main", "File of the local copy of"
                                                                     " the events (SQLite)."),
                                 u"file"_s};
};

// Qt aborts when it cannot open a display; say what to do instead.
bool displayAvailable()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

bool asksOnlyForInformation(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"-h", "--help", "--help-all", "-?", "-v", "--version"}) {
            if (std::strcmp(argv[i], flag) == 0) {
                return true;
            }
        }
    }
    return false;
}

void installTranslations(QCoreApplication &app)
{
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), u"qtbase"_s, u"_"_s,
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
    }
    // English is the source language; its catalogue only holds the plural forms.
    auto *firebreak = new QTranslator(&app);
    if (firebreak->load(QLocale(), u"firebreak"_s, u"_"_s, u":/i18n"_s)
        || firebreak->load(u"firebreak_en"_s, u":/i18n"_s)) {
        QCoreApplication::installTranslator(firebreak);
    }
}

void setUpParser(QCommandLineParser &parser, const Options &options)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Firebreak, the incident war-room. Without --server and --token (or"
                " FIREBREAK_SERVER and FIREBREAK_TOKEN) it uses the server it kept from last"
                " time, or works in local mode."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({options.server, options.token, options.local, options.caFile,
                       options.pinnedCertificate, options.localCopy});
}

void setUpApplication()
{
    QCoreApplication::setOrganizationName(u"Firebreak"_s);
    QCoreApplication::setApplicationName(u"firebreak"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(FIREBREAK_VERSION));
}

// The command line wins, then the environment, then what was kept, then the person.
CredentialStore::Credentials chooseCredentials(const QCommandLineParser &parser,
                                               const Options &options, bool *alreadyKept)
{
    *alreadyKept = false;
    CredentialStore::Credentials given;
    const QString server = parser.isSet(options.server) ? parser.value(options.server)
                                                        : qEnvironmentVariable("FIREBREAK_SERVER");
    given.server = QUrl::fromUserInput(server);
    given.token = parser.isSet(options.token) ? parser.value(options.token)
                                              : qEnvironmentVariable("FIREBREAK_TOKEN");
    if (given.isValid() && !server.isEmpty()) {
        return given;
    }

    const CredentialStore::Credentials kept = CredentialStore::load();
    if (kept.isValid() && (server.isEmpty() || kept.server == given.server)) {
        *alreadyKept = true;
        return kept;
    }
    // No server at all: local mode. A server named without a token still asks for one.
    if (server.isEmpty() || parser.isSet(options.local)) {
        return {};
    }

    Firebreak::ConnectDialog dialog;
    dialog.setServer(given.server);
    if (dialog.exec() != QDialog::Accepted) {
        return {};
    }
    return {dialog.server(), dialog.token()};
}

// Credentials are kept once they have worked, so that a typo is not remembered.
std::shared_ptr<CredentialStore::Credentials> keepOnceLive(Firebreak::DesktopSession &session)
{
    auto pending = std::make_shared<CredentialStore::Credentials>();
    QObject::connect(&session, &Firebreak::DesktopSession::connectionStateChanged, &session,
                     [pending](Firebreak::SyncClient::State state) {
                         if (state == Firebreak::SyncClient::State::Live && pending->isValid()) {
                             CredentialStore::save(*pending);
                             *pending = {};
                         }
                     });
    return pending;
}

int runHeadless(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    setUpApplication();
    installTranslations(app);
    const Options options;
    QCommandLineParser parser;
    setUpParser(parser, options);
    parser.process(app);
    return 0;
}

int explainMissingDisplay()
{
    std::fprintf(stderr, "firebreak: no display found (neither DISPLAY nor WAYLAND_DISPLAY is"
                         " set).\nRun it under a virtual display, for example"
                         " `xvfb-run firebreak ...`, or without one with"
                         " QT_QPA_PLATFORM=offscreen.\n");
    return 2;
}

int runDesktop(const QCommandLineParser &parser, const Options &options)
{
    bool alreadyKept = false;
    const CredentialStore::Credentials credentials = chooseCredentials(parser, options,
                                                                       &alreadyKept);
    if (credentials.server.isValid()
        && !Firebreak::ConnectDialog::isUsableServer(credentials.server)) {
        std::fprintf(stderr, "firebreak: %s is not an http:// or https:// server address\n",
                     qPrintable(credentials.server.toDisplayString()));
        return 2;
    }

    Firebreak::TlsTrust trust;
    const QString caFile = parser.isSet(options.caFile) ? parser.value(options.caFile)
                                                        : qEnvironmentVariable("FIREBREAK_CA_FILE");
    const QString pinned = parser.isSet(options.pinnedCertificate)
        ? parser.value(options.pinnedCertificate)
        : qEnvironmentVariable("FIREBREAK_PINNED_CERTIFICATE");
    if (!trust.load(caFile, pinned)) {
        std::fprintf(stderr, "firebreak: %s\n", qPrintable(trust.errorString()));
        return 2;
    }

    Firebreak::DesktopSession session;
    session.setTlsTrust(trust);
    if (!session.open(parser.value(options.localCopy))) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Firebreak"),
                              session.errorString());
        return 1;
    }

    const auto toKeep = keepOnceLive(session);
    Firebreak::MainWindow window(&session);
    QObject::connect(&window, &Firebreak::MainWindow::serverChosen, &session,
                     [toKeep](const QUrl &server, const QString &token) {
                         *toKeep = {server, token};
                     });
    window.show();
    Firebreak::markFirstPaint(&window);
    if (credentials.isValid() && !parser.isSet(options.local)) {
        if (!alreadyKept) {
            *toKeep = credentials;
        }
        session.connectToServer(credentials.server, credentials.token);
    } else if (!session.startLocalMode()) {
        QMessageBox::warning(&window, QCoreApplication::translate("main", "Firebreak"),
                             session.errorString());
    }
    return QApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    if (!displayAvailable()) {
        return asksOnlyForInformation(argc, argv) ? runHeadless(argc, argv)
                                                  : explainMissingDisplay();
    }

#ifdef Q_OS_UNIX
    // Local mode writes its store in this process: a file-size limit reached fails the write
    // (EFBIG, shown as a store error) instead of killing the window with SIGXFSZ.
    std::signal(SIGXFSZ, SIG_IGN);
#endif
    QApplication app(argc, argv);
    setUpApplication();
    installTranslations(app);
    const Options options;
    QCommandLineParser parser;
    setUpParser(parser, options);
    parser.process(app);
    return runDesktop(parser, options);
}
