// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "sync/syncclient.h"

#include <QJsonArray>
#include <QMainWindow>
#include <QUrl>

class QAction;
class QFrame;
class QLabel;
class QLineEdit;
class QMenu;
class QListView;
class QModelIndex;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace Firebreak {

class AlertsDock;
class CommandPalette;
class DesktopSession;
class IncidentActions;
class MessageBanner;
class IncidentFilterModel;
class IncidentListModel;
class IncidentView;

/**
 * The war-room window: the incident list beside the selected incident's header and live
 * timeline, actions to acknowledge and resolve, and the connection state in the status bar.
 *
 * Incidents open in tabs, like pages in a browser: choosing an incident in the list shows it
 * in the current tab (or switches to a tab already showing it), and Open in New Tab keeps the
 * current one while opening another. Every tab stays live.
 *
 * Widgets carry object names ("incidentTable", "timelineView", "connectionLabel",
 * "messageLabel", …) so that tests and accessibility tools find them. The session is not owned.
 */
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(DesktopSession *session, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// The incident shown in the pane (UUID), or empty.
    QString currentIncident() const { return m_currentIncident; }
    /// Selects an incident (UUID or INC-n) in the table; false when it is not listed.
    bool selectIncident(const QString &incident);
    /// Opens an incident (UUID or INC-n) in a new tab and shows it; false when unknown.
    bool openIncidentInNewTab(const QString &incident);
    /// The view of the current tab (never null).
    IncidentView *currentView() const;
    /// The views of all tabs, in tab order.
    QList<IncidentView *> incidentViews() const;
    /// The quick actions on the current tab's incident.
    IncidentActions *incidentActions() const { return m_actions; }
    /// Opens an incident (UUID or INC-n) in a window of its own; null when unknown.
    QWidget *openIncidentInNewWindow(const QString &incident);

Q_SIGNALS:
    /// The person chose a server in the connect dialog; the session is already connecting.
    void serverChosen(const QUrl &server, const QString &token);
    /// A hand-over of local-mode data to a team server ended (docs/desktop.md).
    void handOverFinished(bool ok, const QString &message);

public:
    /// Hands the local-mode data over to `server` and then connects to it; what the
    /// "Hand Over to Team Server…" action does after asking. Ends with handOverFinished().
    void handOverTo(const QUrl &server, const QString &token);

protected:
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    QWidget *createIncidentList();
    void createIncidentTable(QWidget *parent);
    QWidget *createIncidentPane();
    void createMessageBanner(QWidget *parent);
    void createStatusBar();
    void createDocks();

    void onCurrentRowChanged(const QModelIndex &current);
    void onEventsApplied(const Firebreak::EventList &events);
    void onProjectionReset();
    void onConnectionStateChanged(Firebreak::SyncClient::State state);
    void onCommandRefused(const QString &message);
    void onCommandSucceeded(const QString &message);
    void refreshQueue();

    void showIncident(const QString &incidentId);
    IncidentView *addIncidentTab();
    void closeIncidentTab(int index);
    void onCurrentTabChanged();
    void refreshTabTitles();
    void refreshIncidentPane();
    void refreshActions();
    void refreshCount();
    void openPostMortem();
    void declareIncident();
    void onDeclared(const QString &commandId, const QJsonObject &, const QJsonArray &events);
    void openCommandPalette();
    void chooseServer();
    /// What the connect dialogs start with: the server in use, or in local mode the team
    /// server used last (empty when none).
    QUrl suggestedServer() const;
    void handOverToServer();
    void showAbout();

    DesktopSession *m_session;
    IncidentListModel *m_incidents = nullptr;
    IncidentFilterModel *m_sortedIncidents = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
    QStackedWidget *m_pane = nullptr;
    QTabWidget *m_tabs = nullptr;
    MessageBanner *m_message = nullptr;
    IncidentActions *m_actions = nullptr;
    CommandPalette *m_palette = nullptr;
    QLabel *m_connectionIndicator = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_queueLabel = nullptr;
    QAction *m_acknowledge = nullptr;
    QAction *m_resolve = nullptr;
    QAction *m_postMortem = nullptr;
    QAction *m_dismissRefused = nullptr;
    QAction *m_connect = nullptr;
    QAction *m_handOver = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_findIncident = nullptr;
    QAction *m_declare = nullptr;
    QAction *m_commandPalette = nullptr;
    QAction *m_newWindow = nullptr;
    QAction *m_newTab = nullptr;
    QAction *m_closeTab = nullptr;
    QAction *m_searchTimeline = nullptr;
    QAction *m_followLive = nullptr;
    QAction *m_about = nullptr;
    QMenu *m_viewMenu = nullptr;
    AlertsDock *m_alertsDock = nullptr;
    QString m_currentIncident;
    QString m_declareCommand;
    QString m_declaredIncident;
    bool m_syncingSelection = false;
    bool m_layoutRestored = false;
    bool m_shown = false;
};

} // namespace Firebreak
