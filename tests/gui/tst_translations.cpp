// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "desktopsession.h"
#include "incidenttext.h"
#include "mainwindow.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace Firebreak;

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations;
    bool unfinished = false;
};

QList<Message> readCatalogue(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    QList<Message> messages;
    QString context;
    bool numerus = false;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) {
            continue;
        }
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"message") {
            numerus = xml.attributes().value(u"numerus"_s) == u"yes";
            messages.append({context, {}, {}, false});
        } else if (xml.name() == u"source") {
            messages.last().source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            messages.last().unfinished = !xml.attributes().value(u"type"_s).isEmpty();
            if (!numerus) {
                messages.last().translations.append(xml.readElementText());
            }
        } else if (xml.name() == u"numerusform") {
            messages.last().translations.append(xml.readElementText());
        }
    }
    return messages;
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression marker(u"%(\\d+|n)"_s);
    QSet<QString> found;
    for (const auto &match : marker.globalMatch(text)) {
        found.insert(match.captured());
    }
    return found;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void germanIsComplete();
    void germanKeepsPlaceholders();
    void windowSpeaksGerman();
    void englishHasPlurals();

private:
    QList<Message> m_german;
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_german = readCatalogue(QStringLiteral(FIREBREAK_TS_DIR) + u"/firebreak_de.ts"_s);
    QVERIFY(m_german.size() > 50);
}

void TestTranslations::germanIsComplete()
{
    for (const Message &message : std::as_const(m_german)) {
        const QString where = message.context + u": "_s + message.source;
        QVERIFY2(!message.unfinished, qPrintable(where));
        QVERIFY2(!message.translations.isEmpty(), qPrintable(where));
        for (const QString &translation : message.translations) {
            QVERIFY2(!translation.isEmpty(), qPrintable(where));
        }
    }
}

void TestTranslations::germanKeepsPlaceholders()
{
    for (const Message &message : std::as_const(m_german)) {
        const QSet<QString> expected = placeholders(message.source);
        for (const QString &translation : message.translations) {
            // A singular form may spell the number out instead of using %n.
            QSet<QString> found = placeholders(translation);
            if (message.translations.size() > 1) {
                found.insert(u"%n"_s);
            }
            QVERIFY2(found == expected,
                     qPrintable(message.source + u" → "_s + translation));
        }
    }
}

void TestTranslations::windowSpeaksGerman()
{
    QTranslator german;
    QVERIFY(german.load(u"firebreak_de"_s, QStringLiteral(FIREBREAK_TRANSLATIONS_DIR)));
    QCoreApplication::installTranslator(&german);

    QTemporaryDir dir;
    DesktopSession session;
    QVERIFY(session.open(dir.filePath(u"replica.sqlite"_s)));
    MainWindow window(&session);
    QCOMPARE(window.findChild<QAction *>(u"acknowledgeAction"_s)->text(), u"&Bestätigen"_s);
    QCOMPARE(window.findChild<QAction *>(u"resolveAction"_s)->text(), u"Be&heben"_s);
    QCOMPARE(window.findChild<QLabel *>(u"connectionLabel"_s)->text(),
             u"Nicht verbunden – lokale Kopie wird angezeigt"_s);
    QCOMPARE(IncidentText::status(IncidentStatus::Triggered), u"Ausgelöst"_s);
    QCOMPARE(IncidentText::age(0, 5 * 60 * 1000), u"5 Min."_s);
    QCoreApplication::removeTranslator(&german);
}

void TestTranslations::englishHasPlurals()
{
    QTranslator english;
    QVERIFY(english.load(u"firebreak_en"_s, QStringLiteral(FIREBREAK_TRANSLATIONS_DIR)));
    QCoreApplication::installTranslator(&english);

    QTemporaryDir dir;
    DesktopSession session;
    QVERIFY(session.open(dir.filePath(u"replica.sqlite"_s)));
    MainWindow window(&session);
    QCOMPARE(window.findChild<QLabel *>(u"incidentCountLabel"_s)->text(), u"0 incidents"_s);
    QCoreApplication::removeTranslator(&english);
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
