// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "cli.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTextStream>
#include <QTranslator>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <sys/ioctl.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

/// Width of standard output when it is a terminal, else 0 (tables then keep 60 columns).
int terminalColumns()
{
#ifdef Q_OS_UNIX
    winsize size{};
    if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
        return size.ws_col;
    }
#endif
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"firebreak-cli"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(FIREBREAK_VERSION));
    // Messages and table headings in the user's language where there is a catalogue
    // (LC_ALL, LC_MESSAGES or LANG); --json output is the same in every language.
    QTranslator translator;
    if (translator.load(QLocale(), u"firebreak-cli"_s, u"_"_s, u":/i18n"_s)) {
        QCoreApplication::installTranslator(&translator);
    }
    // Qt's own words (an unknown option) where its catalogues are installed.
    QTranslator qt;
    if (qt.load(QLocale(), u"qtbase"_s, u"_"_s,
                QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(&qt);
    }

    Firebreak::Cli::Environment environment;
    environment.arguments = QCoreApplication::arguments();
    environment.server = qEnvironmentVariable("FIREBREAK_SERVER");
    environment.token = qEnvironmentVariable("FIREBREAK_TOKEN");
    environment.caFile = qEnvironmentVariable("FIREBREAK_CA_FILE");
    environment.pinnedCertificate = qEnvironmentVariable("FIREBREAK_PINNED_CERTIFICATE");
    environment.terminalColumns = terminalColumns();

    QTextStream out(stdout);
    QTextStream err(stderr);
    Firebreak::Cli::CommandLine commandLine(out, err);
    return commandLine.run(environment);
}
