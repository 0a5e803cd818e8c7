// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The war-room dashboard against a real firebreak-server: the timeline's filters, search and
// pinning, the incident header, the quick actions from buttons, menus, shortcuts and the
// command palette, declaring by hand, and several incidents open at once.
#include "assignroledialog.h"
#include "commandpalette.h"
#include "declaredialog.h"
#include "desktopsession.h"
#include "evidencedialog.h"
#include "incidentactions.h"
#include "incidentheader.h"
#include "incidentview.h"
#include "incidentwindow.h"
#include "mainwindow.h"
#include "notedialog.h"
#include "serverprocess.h"
#include "timelinefilter.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QTranslator>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace Firebreak;
using Firebreak::Testing::ServerProcess;

namespace {

constexpr int s_timeoutMs = 20000;

template<typename T>
T *visibleTopLevel(const QString &objectName)
{
    const QWidgetList widgets = QApplication::topLevelWidgets();
    for (QWidget *widget : widgets) {
        if (widget->objectName() == objectName && widget->isVisible()) {
            if (auto *found = qobject_cast<T *>(widget)) {
                return found;
            }
        }
    }
    return nullptr;
}

QStringList rows(const QAbstractItemModel *model, int role = Qt::DisplayRole)
{
    QStringList lines;
    for (int row = 0; row < model->rowCount(); ++row) {
        lines.append(model->index(row, 0).data(role).toString());
    }
    return lines;
}

} // namespace

class TestDashboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void fuzzyScoreRanksMatches_data();
    void fuzzyScoreRanksMatches();
    void headerShowsRolesAndSummary();
    void headerClocksTurnAtRiskAndBreached();
    void headerTitleHeightFollowsText();
    void timelineFiltersByKindAndText();
    void pinnedTimelineStaysStill();
    void acknowledgeAndChangeStatusFromMenus();
    void changeSeverityFromKeyboard();
    void showsServerRefusalWithReason();
    void assignRoleFromDialog();
    void addMarkdownNote();
    void attachLinkAndFileEvidence();
    void commandPaletteRunsActionsAndOpensIncidents();
    void declareIncidentByHand();
    void severalIncidentsStayLive();
    void headerShowsMarkupAsTyped();

private:
    ServerProcess::Reply command(const QJsonObject &command) const;
    QString declare(const QString &title, const QString &severity);
    IncidentView *view() const { return m_window->currentView(); }
    QString label(const char *objectName) const;
    QAction *action(const char *objectName) const;
    QStringList timeline() const { return rows(view()->timelineView()->model()); }
    void pressKeys(QKeySequence keys);

    QTemporaryDir m_dir;
    ServerProcess m_server;
    std::unique_ptr<DesktopSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    QString m_first; // INC-1, from an alert
};

void TestDashboard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    auto *english = new QTranslator(this);
    QVERIFY(english->load(u"firebreak_en"_s, QStringLiteral(FIREBREAK_TRANSLATIONS_DIR)));
    QCoreApplication::installTranslator(english);
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.standardError()));
    const QString key = m_server.createIntegration(u"alertmanager"_s, u"prometheus"_s);
    QVERIFY(!key.isEmpty());
    const auto alert = m_server.request("POST", u"/api/v1/alerts/alertmanager"_s,
                                        Testing::testData(u"alerts/alertmanager-firing.json"_s),
                                        key);
    QCOMPARE(alert.status, 202);

    m_session = std::make_unique<DesktopSession>();
    QVERIFY(m_session->open(m_dir.filePath(u"replica.sqlite"_s)));
    m_window = std::make_unique<MainWindow>(m_session.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_session->connectToServer(m_server.url(), m_server.adminToken());
    QTRY_VERIFY_WITH_TIMEOUT(m_session->connectionState() == SyncClient::State::Live,
                             s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->selectIncident(u"INC-1"_s), s_timeoutMs);
    m_first = m_window->currentIncident();
    QVERIFY(!m_first.isEmpty());
}

void TestDashboard::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
}

ServerProcess::Reply TestDashboard::command(const QJsonObject &command) const
{
    return m_server.request("POST", u"/api/v1/commands"_s,
                            QJsonDocument(command).toJson(QJsonDocument::Compact),
                            m_server.adminToken());
}

// Declares an incident through the API and waits until the desktop knows it; its UUID.
QString TestDashboard::declare(const QString &title, const QString &severity)
{
    const auto reply = command({{u"type"_s, u"incident.declare"_s},
                                {u"title"_s, title},
                                {u"severity"_s, severity},
                                {u"service"_s, u"search"_s}});
    if (reply.status != 200) {
        qWarning() << "declare refused:" << reply.status << reply.body;
        return {};
    }
    const QString id = reply.json().value(u"events"_s).toArray().first().toObject()
                           .value(u"incident"_s).toString();
    const bool known = QTest::qWaitFor(
        [&]() { return m_session->projection().incident(id) != nullptr; }, s_timeoutMs);
    return known ? id : QString();
}

QString TestDashboard::label(const char *objectName) const
{
    const auto *found = view()->findChild<QLabel *>(QString::fromLatin1(objectName));
    return found ? found->text() : u"<no %1>"_s.arg(QString::fromLatin1(objectName));
}

QAction *TestDashboard::action(const char *objectName) const
{
    return m_window->findChild<QAction *>(QString::fromLatin1(objectName));
}

void TestDashboard::pressKeys(QKeySequence keys)
{
    // The offscreen platform does not give the activation back when a popup closes.
    QApplication::setActiveWindow(m_window.get());
    QTRY_COMPARE_WITH_TIMEOUT(QApplication::activeWindow(), m_window.get(), s_timeoutMs);
    const QKeyCombination combination = keys[0];
    QTest::keyClick(m_window.get(), combination.key(), combination.keyboardModifiers());
}

void TestDashboard::fuzzyScoreRanksMatches_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("better");
    QTest::addColumn<QString>("worse");

    QTest::newRow("prefix beats scattered") << u"ack"_s << u"Acknowledge"_s
                                            << u"Attach Evidence"_s;
    QTest::newRow("word starts") << u"sp3"_s << u"Severity P3"_s << u"Supersede part 3x"_s;
    QTest::newRow("incident number") << u"inc-12"_s << u"INC-12  Disk full"_s
                                     << u"INC-125  Disk full"_s;
    QTest::newRow("words in any gap") << u"sev p1"_s << u"Severity P1"_s << u"Severity P2"_s;
}

void TestDashboard::fuzzyScoreRanksMatches()
{
    QFETCH(QString, pattern);
    QFETCH(QString, better);
    QFETCH(QString, worse);
    const int high = CommandPalette::fuzzyScore(pattern, better);
    const int low = CommandPalette::fuzzyScore(pattern, worse);
    QVERIFY2(high > low, qPrintable(u"%1 vs %2"_s.arg(high).arg(low)));
    QCOMPARE(CommandPalette::fuzzyScore(u"xyz"_s, better), -1);
}

void TestDashboard::headerShowsRolesAndSummary()
{
    QCOMPARE(label("incidentCommanderLabel"), u"Commander: unassigned"_s);
    QCOMPARE(command({{u"type"_s, u"incident.assign_role"_s},
                      {u"incident"_s, m_first},
                      {u"role"_s, u"commander"_s},
                      {u"user"_s, u"alice"_s}})
                 .status,
             200);
    QCOMPARE(command({{u"type"_s, u"incident.assign_role"_s},
                      {u"incident"_s, m_first},
                      {u"role"_s, u"responder"_s},
                      {u"user"_s, u"bob"_s}})
                 .status,
             200);
    QCOMPARE(command({{u"type"_s, u"incident.add_note"_s},
                      {u"incident"_s, m_first},
                      {u"text"_s, u"Checkout **fails** for <script>x</script> cards"_s},
                      {u"summary"_s, true}})
                 .status,
             200);

    QTRY_COMPARE_WITH_TIMEOUT(label("incidentCommanderLabel"), u"Commander: alice"_s,
                              s_timeoutMs);
    QCOMPARE(label("incidentRespondersLabel"), u"Responders: bob"_s);
    QCOMPARE(label("incidentScribeLabel"), u"Scribe: unassigned"_s);
    QTRY_VERIFY_WITH_TIMEOUT(label("incidentSummaryLabel").contains(u"fails"_s), s_timeoutMs);
    // Rendered from Markdown, with the note's HTML shown as typed, never as markup.
    const QString summary = label("incidentSummaryLabel");
    QVERIFY2(summary.contains(u"font-weight"_s) || summary.contains(u"<b>"_s),
             qPrintable(summary));
    QVERIFY2(summary.contains(u"&lt;script&gt;"_s), qPrintable(summary));
    QVERIFY(!summary.contains(u"<script>"_s));
}

void TestDashboard::headerTitleHeightFollowsText()
{
    // The header's labels keep their height per width: a new title or font is measured anew.
    IncidentHeader header;
    header.resize(360, 240);
    header.show();
    QVERIFY(QTest::qWaitForWindowExposed(&header));
    IncidentRecord incident;
    incident.id = u"height"_s;
    incident.number = 5;
    incident.title = u"Short"_s;
    incident.createdAt = QDateTime::currentMSecsSinceEpoch();
    header.showIncident(&incident);
    auto *title = header.findChild<QLabel *>(u"incidentTitleLabel"_s);
    QVERIFY(title);
    const int width = 200;
    const int one = title->heightForWidth(width);
    QVERIFY(one > 0);
    incident.title = u"A title long enough to wrap over several lines at two hundred pixels"_s;
    header.showIncident(&incident);
    const int several = title->heightForWidth(width);
    QVERIFY2(several > one, qPrintable(u"%1 <= %2"_s.arg(several).arg(one)));
    QVERIFY(title->heightForWidth(2 * width) < several);
    incident.title = u"Short"_s;
    header.showIncident(&incident);
    QCOMPARE(title->heightForWidth(width), one);
    QFont bigger = title->font();
    bigger.setPointSizeF(bigger.pointSizeF() * 2);
    title->setFont(bigger);
    QVERIFY(title->heightForWidth(width) > one);
}

void TestDashboard::headerClocksTurnAtRiskAndBreached()
{
    auto *firstResponse = view()->findChild<QLabel *>(u"firstResponseTimerLabel"_s);
    QVERIFY(firstResponse->isVisible());
    QCOMPARE(firstResponse->property("targetState").toString(), u"on_track"_s);
    QVERIFY2(firstResponse->text().contains(u"left"_s), qPrintable(firstResponse->text()));

    // At risk after a sliver of the time, then breached when the target is nearly nothing.
    QCOMPARE(command({{u"type"_s, u"config.set_targets"_s},
                      {u"targets"_s, QJsonObject{{u"atRiskFraction"_s, 0.0001}}}})
                 .status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(firstResponse->property("targetState").toString(),
                              u"at_risk"_s, s_timeoutMs);
    QVERIFY2(firstResponse->text().contains(u"at risk"_s), qPrintable(firstResponse->text()));
    const QJsonObject tiny{{u"firstResponseMinutes"_s, 0.001}};
    QCOMPARE(command({{u"type"_s, u"config.set_targets"_s},
                      {u"targets"_s, QJsonObject{{u"severities"_s, QJsonObject{{u"P1"_s, tiny}}},
                                                 {u"atRiskFraction"_s, 0.8}}}})
                 .status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(firstResponse->property("targetState").toString(),
                              u"breached"_s, s_timeoutMs);
    QVERIFY2(firstResponse->text().contains(u"breached"_s), qPrintable(firstResponse->text()));
    QVERIFY(firstResponse->styleSheet().contains(u"#d32f2f"_s));
}

void TestDashboard::timelineFiltersByKindAndText()
{
    // The note, two role changes and the alerts are all there.
    QTRY_VERIFY_WITH_TIMEOUT(timeline().filter(u"Summary updated"_s).size() == 1, s_timeoutMs);
    const int all = int(timeline().size());

    // Notes only.
    const QStringList others{u"alertKindAction"_s,   u"statusKindAction"_s,
                             u"severityKindAction"_s, u"roleKindAction"_s,
                             u"taskKindAction"_s,    u"messageKindAction"_s,
                             u"evidenceKindAction"_s, u"otherKindAction"_s};
    for (const QString &name : others) {
        auto *kind = view()->findChild<QAction *>(name);
        QVERIFY2(kind, qPrintable(name));
        kind->setChecked(false);
    }
    QCOMPARE(timeline().size(), 1);
    QVERIFY(timeline().constFirst().contains(u"Summary updated"_s));
    QCOMPARE(view()->findChild<QToolButton *>(u"timelineKindButton"_s)->text(),
             u"1 of 9 kinds"_s);

    // Roles only.
    view()->findChild<QAction *>(u"noteKindAction"_s)->setChecked(false);
    view()->findChild<QAction *>(u"roleKindAction"_s)->setChecked(true);
    QCOMPARE(timeline().size(), 2);
    QVERIFY(timeline().at(0).contains(u"alice is now incident commander"_s));

    // Everything again, then the search narrows by words in any entry.
    view()->findChild<QAction *>(u"allKindsAction"_s)->trigger();
    QCOMPARE(timeline().size(), all);
    auto *search = view()->findChild<QLineEdit *>(u"timelineSearch"_s);
    QTest::keyClicks(search, u"api-02"_s);
    QTRY_COMPARE_WITH_TIMEOUT(timeline().size(), 1, s_timeoutMs);
    QVERIFY(timeline().constFirst().contains(u"Alert received"_s));
    search->clear();
    QCOMPARE(timeline().size(), all);
}

void TestDashboard::pinnedTimelineStaysStill()
{
    // Enough entries to scroll.
    for (int i = 0; i < 40; ++i) {
        QCOMPARE(command({{u"type"_s, u"incident.add_note"_s},
                          {u"incident"_s, m_first},
                          {u"text"_s, u"Observation %1"_s.arg(i)}})
                     .status,
                 200);
    }
    QTRY_VERIFY_WITH_TIMEOUT(timeline().filter(u"Observation 39"_s).size() == 1, s_timeoutMs);
    QListView *list = view()->timelineView();
    QScrollBar *bar = list->verticalScrollBar();
    QTRY_VERIFY_WITH_TIMEOUT(bar->maximum() > 0 && bar->value() == bar->maximum(), s_timeoutMs);

    // Pin halfway up, as a person scrolling back would.
    bar->triggerAction(QAbstractSlider::SliderToMinimum);
    bar->setSliderPosition(bar->maximum() / 2);
    bar->triggerAction(QAbstractSlider::SliderMove);
    QVERIFY(!view()->isFollowingLive());
    auto *follow = view()->findChild<QToolButton *>(u"followLiveButton"_s);
    QVERIFY(!follow->isChecked());
    const int position = bar->value();
    const QModelIndex top = list->indexAt(QPoint(4, 4));
    QVERIFY(top.isValid());

    for (int i = 0; i < 2; ++i) {
        QCOMPARE(command({{u"type"_s, u"incident.add_note"_s},
                          {u"incident"_s, m_first},
                          {u"text"_s, u"Late news %1"_s.arg(i)}})
                     .status,
                 200);
    }
    auto *fresh = view()->findChild<QPushButton *>(u"newEventsButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(fresh->isVisible(), s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(fresh->text(), u"↓ 2 new"_s, s_timeoutMs);
    QCOMPARE(view()->newEventCount(), 2);
    QCOMPARE(bar->value(), position);
    QTRY_COMPARE_WITH_TIMEOUT(list->indexAt(QPoint(4, 4)), top, s_timeoutMs);
    // Narrowing and widening the filter brings back old entries, not news.
    auto *notes = view()->findChild<QAction *>(u"noteKindAction"_s);
    notes->setChecked(false);
    notes->setChecked(true);
    QCOMPARE(view()->newEventCount(), 2);
    QVERIFY(!view()->isFollowingLive());

    // The button jumps back to the live end and follows again.
    QTest::mouseClick(fresh, Qt::LeftButton);
    QVERIFY(view()->isFollowingLive());
    QVERIFY(follow->isChecked());
    QVERIFY(!fresh->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(bar->value(), bar->maximum(), s_timeoutMs);
    QCOMPARE(command({{u"type"_s, u"incident.add_note"_s},
                      {u"incident"_s, m_first},
                      {u"text"_s, u"Followed live"_s}})
                 .status,
             200);
    QTRY_VERIFY_WITH_TIMEOUT(timeline().constLast().contains(u"Followed live"_s), s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(bar->value(), bar->maximum(), s_timeoutMs);
    QVERIFY(!fresh->isVisible());
}

void TestDashboard::acknowledgeAndChangeStatusFromMenus()
{
    QAction *acknowledge = action("acknowledgeAction");
    QCOMPARE(acknowledge->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    QVERIFY(acknowledge->isEnabled());
    // Triggered: only acknowledging moves on; going back or closing is not offered.
    auto *statusMenu = m_window->findChild<QMenu *>(u"statusMenu"_s);
    QVERIFY(statusMenu);
    QVERIFY(action("statusAcknowledgedAction")->isVisible());
    QVERIFY(!action("statusClosedAction")->isVisible());
    QVERIFY(!action("reopenAction")->isVisible());

    // The button in the incident's quick-action row.
    auto *button = view()->findChild<QToolButton *>(u"acknowledgeActionButton"_s);
    QVERIFY(button && button->isVisible());
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentStatusLabel"), u"Acknowledged"_s, s_timeoutMs);
    QVERIFY(!acknowledge->isEnabled());
    QVERIFY(!action("statusAcknowledgedAction")->isVisible());
    QVERIFY(action("statusInvestigatingAction")->isVisible());
    QVERIFY(action("statusMonitoringAction")->isVisible());
    QVERIFY(!action("statusClosedAction")->isVisible());

    // From the status menu, reached from the keyboard.
    pressKeys(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    QTRY_VERIFY_WITH_TIMEOUT(statusMenu->isVisible(), s_timeoutMs);
    statusMenu->hide();
    action("statusMonitoringAction")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentStatusLabel"), u"Monitoring"_s, s_timeoutMs);
    // Entering monitoring also records when the incident was mitigated.
    QTRY_COMPARE_WITH_TIMEOUT(
        timeline().filter(u"Status changed from Acknowledged to Monitoring"_s).size(), 1,
        s_timeoutMs);
    QVERIFY(action("statusInvestigatingAction")->isVisible());
    QVERIFY(!action("statusMonitoringAction")->isVisible());
}

void TestDashboard::changeSeverityFromKeyboard()
{
    QCOMPARE(label("incidentSeverityLabel"), u"P1"_s);
    QVERIFY(action("severityP1Action")->isChecked());
    pressKeys(QKeySequence(Qt::CTRL | Qt::Key_2));
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentSeverityLabel"), u"P2"_s, s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(action("severityP2Action")->isChecked(), s_timeoutMs);
    QVERIFY(!action("severityP2Action")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(timeline().constLast().contains(u"Severity changed from P1 to P2"_s),
                             s_timeoutMs);
    // The entry carries the severity it names, for its chip.
    const QAbstractItemModel *model = view()->timelineView()->model();
    QCOMPARE(model->index(model->rowCount() - 1, 0).data(TimelineModel::SeverityRole).toInt(),
             int(Severity::P2));
}

void TestDashboard::showsServerRefusalWithReason()
{
    // A fresh triggered incident whose service has no escalation policy.
    const QString id = declare(u"Search results empty"_s, u"P3"_s);
    QVERIFY(!id.isEmpty());
    QVERIFY(m_window->selectIncident(id));
    QTRY_VERIFY_WITH_TIMEOUT(action("escalateAction")->isEnabled(), s_timeoutMs);
    QSignalSpy refused(m_session.get(), &DesktopSession::commandRefused);
    pressKeys(QKeySequence(Qt::CTRL | Qt::Key_E));
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, s_timeoutMs);
    const auto *banner = m_window->findChild<QLabel *>(u"messageLabel"_s);
    QVERIFY(banner->isVisible());
    const QString prefix = u"Refused: Escalate INC-2: "_s;
    QVERIFY2(banner->text().startsWith(prefix), qPrintable(banner->text()));
    QVERIFY2(banner->text().contains(u"escalation policy"_s), qPrintable(banner->text()));
    // The refusal stays on the incident's timeline until dismissed.
    QTRY_VERIFY_WITH_TIMEOUT(timeline().constLast().contains(u"no escalation policy"_s),
                             s_timeoutMs);
    action("dismissRefusedAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!timeline().constLast().contains(u"no escalation policy"_s),
                             s_timeoutMs);
    QVERIFY(m_window->selectIncident(m_first));
}

void TestDashboard::assignRoleFromDialog()
{
    action("assignRoleAction")->trigger();
    AssignRoleDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<AssignRoleDialog *>()), s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), s_timeoutMs);
    auto *role = dialog->findChild<QComboBox *>(u"roleCombo"_s);
    role->setCurrentIndex(role->findData(u"scribe"_s));
    auto *user = dialog->findChild<QComboBox *>(u"roleUserCombo"_s);
    QTest::keyClicks(user->lineEdit(), u"carol"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"assignButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentScribeLabel"), u"Scribe: carol"_s, s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(timeline().constLast().contains(u"carol is now scribe"_s),
                             s_timeoutMs);

    // Hand-over of command: the previous commander is recorded.
    action("assignRoleAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT((dialog = visibleTopLevel<AssignRoleDialog>(u"assignRoleDialog"_s)),
                             s_timeoutMs);
    dialog->findChild<QComboBox *>(u"roleUserCombo"_s)->setCurrentText(u"dana"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"assignButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentCommanderLabel"), u"Commander: dana"_s,
                              s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(timeline().constLast().contains(u"taking over from alice"_s),
                             s_timeoutMs);
}

void TestDashboard::addMarkdownNote()
{
    pressKeys(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    NoteDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = visibleTopLevel<NoteDialog>(u"noteDialog"_s)),
                             s_timeoutMs);
    auto *editor = dialog->findChild<QPlainTextEdit *>(u"noteEditor"_s);
    QTRY_VERIFY_WITH_TIMEOUT(editor->hasFocus(), s_timeoutMs);
    const QString note = u"Restarted **api-02**; see [runbook](https://runbooks.example/api)"_s;
    QTest::keyClicks(editor, note);
    dialog->findChild<QCheckBox *>(u"noteSummaryCheckBox"_s)->setChecked(true);
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);

    QTRY_VERIFY_WITH_TIMEOUT(label("incidentSummaryLabel").contains(u"Restarted"_s),
                             s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(timeline().constLast().contains(u"Summary updated"_s), s_timeoutMs);
    const QAbstractItemModel *model = view()->timelineView()->model();
    const QModelIndex last = model->index(model->rowCount() - 1, 0);
    QCOMPARE(last.data(TimelineModel::MarkdownRole).toString(), note);
    QCOMPARE(last.data(TimelineModel::KindRole).toInt(), int(TimelineModel::NoteKind));

    // Chosen, the entry shows the note rendered: bold and a link, no asterisks.
    view()->timelineView()->setCurrentIndex(last);
    auto *entry = view()->findChild<QTextBrowser *>(u"timelineEntryView"_s);
    QVERIFY(entry->isVisible());
    QVERIFY2(entry->toPlainText().contains(u"Restarted api-02; see runbook"_s),
             qPrintable(entry->toPlainText()));
    QVERIFY(entry->toHtml().contains(u"https://runbooks.example/api"_s));
}

void TestDashboard::attachLinkAndFileEvidence()
{
    action("attachEvidenceAction")->trigger();
    EvidenceDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = visibleTopLevel<EvidenceDialog>(u"evidenceDialog"_s)),
                             s_timeoutMs);
    dialog->findChild<QLineEdit *>(u"evidenceLinkNameEdit"_s)->setText(u"Error dashboard"_s);
    dialog->findChild<QLineEdit *>(u"evidenceUrlEdit"_s)
        ->setText(u"https://grafana.example/d/errors"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"attachEvidenceButton"_s),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(timeline().constLast().contains(u"Link attached: Error dashboard"_s),
                             s_timeoutMs);

    // A file goes to the evidence store first and is attached by its SHA-256.
    const QByteArray bytes = "12:00:01 ERROR upstream timed out\n12:00:02 ERROR again\n";
    QFile file(m_dir.filePath(u"api-02.log"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
    file.close();
    action("attachEvidenceAction")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT((dialog = visibleTopLevel<EvidenceDialog>(u"evidenceDialog"_s)),
                             s_timeoutMs);
    auto *kind = dialog->findChild<QComboBox *>(u"evidenceKindCombo"_s);
    kind->setCurrentIndex(kind->findData(u"file"_s));
    auto *path = dialog->findChild<QLineEdit *>(u"evidenceFilePathEdit"_s);
    // Its label's mnemonic leads to it (no literal "&File:").
    const QList<QLabel *> labels = dialog->findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.cbegin(), labels.cend(),
                        [path](const QLabel *label) { return label->buddy() == path; }));
    path->setText(file.fileName());
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"attachEvidenceButton"_s),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(timeline().constLast().contains(u"File attached: api-02.log"_s),
                             s_timeoutMs);
    const QString sha256 = QString::fromLatin1(
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    QVERIFY2(timeline().constLast().contains(sha256.left(12)), qPrintable(timeline().constLast()));
    const auto stored = m_server.request("GET", u"/api/v1/evidence/"_s + sha256, {},
                                         m_server.adminToken());
    QCOMPARE(stored.status, 200);
    QCOMPARE(stored.body, bytes);

    // Only evidence, when asked.
    for (QAction *kindAction : view()->findChildren<QAction *>()) {
        if (kindAction->objectName().endsWith(u"KindAction"_s)) {
            kindAction->setChecked(kindAction->objectName() == u"evidenceKindAction");
        }
    }
    QCOMPARE(timeline().size(), 2);
    view()->findChild<QAction *>(u"allKindsAction"_s)->trigger();
}

void TestDashboard::commandPaletteRunsActionsAndOpensIncidents()
{
    // Even from a text field, where Ctrl+K would otherwise delete to the end of the line.
    m_window->findChild<QLineEdit *>(u"incidentFilter"_s)->setFocus();
    pressKeys(QKeySequence(Qt::CTRL | Qt::Key_K));
    CommandPalette *palette = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((palette = visibleTopLevel<CommandPalette>(u"commandPalette"_s)),
                             s_timeoutMs);
    auto *input = palette->findChild<QLineEdit *>(u"commandPaletteInput"_s);
    auto *list = palette->findChild<QListWidget *>(u"commandPaletteList"_s);
    QTest::keyClicks(input, u"sev p3"_s);
    QVERIFY(list->count() > 0);
    QVERIFY2(list->currentItem()->text().startsWith(u"Severity P3"_s),
             qPrintable(list->currentItem()->text()));
    QTest::keyClick(input, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!palette->isVisible(), s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentSeverityLabel"), u"P3"_s, s_timeoutMs);

    // An incident by words of its title.
    pressKeys(QKeySequence(Qt::CTRL | Qt::Key_K));
    QTRY_VERIFY_WITH_TIMEOUT(palette->isVisible(), s_timeoutMs);
    QVERIFY(input->text().isEmpty());
    QTest::keyClicks(input, u"search empty"_s);
    QVERIFY2(list->currentItem()->text().startsWith(u"INC-2"_s),
             qPrintable(list->currentItem()->text()));
    QTest::keyClick(input, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentNumberLabel"), u"INC-2"_s, s_timeoutMs);

    // Actions that cannot run now are not offered: INC-2 is open, so nothing reopens it.
    pressKeys(QKeySequence(Qt::CTRL | Qt::Key_K));
    QTRY_VERIFY_WITH_TIMEOUT(palette->isVisible(), s_timeoutMs);
    QTest::keyClicks(input, u"reopen"_s);
    for (int row = 0; row < list->count(); ++row) {
        QVERIFY(!list->item(row)->text().startsWith(u"Reopen"_s));
    }
    QTest::keyClick(input, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!palette->isVisible(), s_timeoutMs);
}

void TestDashboard::declareIncidentByHand()
{
    pressKeys(QKeySequence(QKeySequence::New));
    DeclareDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = visibleTopLevel<DeclareDialog>(u"declareDialog"_s)),
                             s_timeoutMs);
    auto *declareButton = dialog->findChild<QPushButton *>(u"declareButton"_s);
    QVERIFY(!declareButton->isEnabled());
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"declareTitleEdit"_s),
                     u"Card payments declined"_s);
    auto *severity = dialog->findChild<QComboBox *>(u"declareSeverityCombo"_s);
    severity->setCurrentIndex(severity->findData(u"P2"_s));
    dialog->findChild<QComboBox *>(u"declareServiceCombo"_s)->setCurrentText(u"payments"_s);
    dialog->findChild<QPlainTextEdit *>(u"declareImpactEdit"_s)
        ->setPlainText(u"One card in five is declined at checkout"_s);
    dialog->findChild<QComboBox *>(u"declareCommanderCombo"_s)->setCurrentText(u"erin"_s);
    QVERIFY(declareButton->isEnabled());
    QTest::mouseClick(declareButton, Qt::LeftButton);

    // The new incident is shown as soon as it exists.
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentNumberLabel"), u"INC-3"_s, s_timeoutMs);
    QCOMPARE(label("incidentTitleLabel"), u"Card payments declined"_s);
    QCOMPARE(label("incidentSeverityLabel"), u"P2"_s);
    QCOMPARE(label("incidentServiceLabel"), u"Service: payments"_s);
    QTRY_COMPARE_WITH_TIMEOUT(label("incidentCommanderLabel"), u"Commander: erin"_s,
                              s_timeoutMs);
    const IncidentRecord *incident = m_session->projection().incident(u"INC-3"_s);
    QVERIFY(incident);
    QCOMPARE(incident->impact, u"One card in five is declined at checkout"_s);
    QCOMPARE(label("incidentImpactLabel"), u"Impact: One card in five is declined at checkout"_s);
}

void TestDashboard::severalIncidentsStayLive()
{
    // INC-3 in this tab, INC-1 in a second one, INC-2 in a window of its own.
    QVERIFY(m_window->openIncidentInNewTab(m_first));
    auto *tabs = m_window->findChild<QTabWidget *>(u"incidentTabs"_s);
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(view()->incident(), m_first);
    QCOMPARE(tabs->tabText(1), u"INC-1"_s);
    IncidentView *third = m_window->incidentViews().at(0);
    QCOMPARE(third->incident(), m_session->projection().incident(u"INC-3"_s)->id);

    auto *window = qobject_cast<IncidentWindow *>(m_window->openIncidentInNewWindow(u"INC-2"_s));
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QCOMPARE(window->findChild<QLabel *>(u"incidentNumberLabel"_s)->text(), u"INC-2"_s);

    // Events on each arrive in each, whichever is in front.
    for (const QString &number : {u"INC-1"_s, u"INC-2"_s, u"INC-3"_s}) {
        QCOMPARE(command({{u"type"_s, u"incident.add_note"_s},
                          {u"incident"_s, number},
                          {u"text"_s, QString(u"Seen on "_s + number)}})
                     .status,
                 200);
    }
    const auto lastLine = [](IncidentView *shown) {
        const QStringList lines = rows(shown->timelineView()->model(),
                                       TimelineModel::SearchTextRole);
        return lines.isEmpty() ? QString() : lines.constLast();
    };
    QTRY_VERIFY_WITH_TIMEOUT(lastLine(view()).contains(u"Seen on INC-1"_s), s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(lastLine(third).contains(u"Seen on INC-3"_s), s_timeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(lastLine(window->view()).contains(u"Seen on INC-2"_s), s_timeoutMs);

    // The window has its own actions: acknowledging there changes INC-2 only.
    QAction *acknowledge = window->findChild<QAction *>(u"acknowledgeAction"_s);
    QVERIFY(acknowledge->isEnabled());
    acknowledge->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window->findChild<QLabel *>(u"incidentStatusLabel"_s)->text(),
                              u"Acknowledged"_s, s_timeoutMs);
    QCOMPARE(m_session->projection().incident(u"INC-3"_s)->status, IncidentStatus::Triggered);

    // Choosing an incident already open in a tab brings that tab forward.
    tabs->setCurrentIndex(0);
    QVERIFY(m_window->selectIncident(m_first));
    QCOMPARE(tabs->currentIndex(), 1);
    window->close();
}

void TestDashboard::headerShowsMarkupAsTyped()
{
    // Titles, services and impact come from people and alert sources: never rendered.
    const QString title = u"<b>x</b><img src=\"/etc/hostname\">"_s;
    const auto reply = command({{u"type"_s, u"incident.declare"_s},
                                {u"title"_s, title},
                                {u"severity"_s, u"P3"_s},
                                {u"service"_s, u"<i>web</i>"_s},
                                {u"impact"_s, u"<a href=\"http://127.0.0.1:1/\">click</a>"_s}});
    QCOMPARE(reply.status, 200);
    const QString id = reply.json().value(u"events"_s).toArray().first().toObject()
                           .value(u"incident"_s).toString();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->selectIncident(id), s_timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(view()->incident(), id, s_timeoutMs);

    for (const char *name : {"incidentNumberLabel", "incidentTitleLabel", "incidentServiceLabel",
                             "incidentImpactLabel", "incidentCommanderLabel",
                             "incidentRespondersLabel", "incidentNotesLabel"}) {
        const auto *shown = view()->findChild<QLabel *>(QString::fromLatin1(name));
        QVERIFY2(shown, name);
        QCOMPARE(shown->textFormat(), Qt::PlainText);
    }
    QCOMPARE(label("incidentTitleLabel"), title);
    QCOMPARE(label("incidentServiceLabel"), u"Service: <i>web</i>"_s);
    QCOMPARE(label("incidentImpactLabel"),
             u"Impact: <a href=\"http://127.0.0.1:1/\">click</a>"_s);

    // Tooltips take markup as rich text unless it is escaped.
    auto *tabs = m_window->findChild<QTabWidget *>(u"incidentTabs"_s);
    const QString tip = tabs->tabToolTip(tabs->currentIndex());
    QVERIFY2(tip.contains(u"&lt;b&gt;x&lt;/b&gt;&lt;img"_s), qPrintable(tip));
    QTRY_VERIFY_WITH_TIMEOUT(view()->timelineView()->model()->rowCount() > 0, s_timeoutMs);
    const QString entryTip = view()->timelineView()->model()->index(0, 0)
                                 .data(Qt::ToolTipRole).toString();
    QVERIFY2(entryTip.contains(u"&lt;img"_s) && !entryTip.contains(u"<img"_s),
             qPrintable(entryTip));
}

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
