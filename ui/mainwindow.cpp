// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include "actionicons.h"
#include "client/handover.h"
#include "alertsdock.h"
#include "auditlog.h"
#include "connectdialog.h"
#include "desktopsession.h"
#include "incidentheader.h"
#include "postmortemwindow.h"
#include "incidentlistmodel.h"
#include "respondersdock.h"
#include "sync/commandoutbox.h"
#include "timelinedelegate.h"
#include "timelinemodel.h"

#include <QAction>
#include <QApplication>
#include <QFrame>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QPixmap connectionDot(const QColor &color, qreal devicePixelRatio)
{
    const int side = 10;
    QPixmap pixmap(QSize(side, side) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, side - 2, side - 2));
    return pixmap;
}

QColor connectionColor(SyncClient::State state)
{
    switch (state) {
    case SyncClient::State::Live:
        return QColor(0x2e, 0x7d, 0x32);
    case SyncClient::State::Connecting:
    case SyncClient::State::CatchingUp:
        return QColor(0xf9, 0xa8, 0x25);
    case SyncClient::State::Unreachable:
        return QColor(0xd3, 0x2f, 0x2f);
    case SyncClient::State::Idle:
        break;
    }
    return QColor(0x90, 0x90, 0x90);
}

QString serverName(const QUrl &server)
{
    return server.port() > 0 ? u"%1:%2"_s.arg(server.host()).arg(server.port()) : server.host();
}

} // namespace

MainWindow::MainWindow(DesktopSession *session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
{
    Q_ASSERT(m_session);
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("Firebreak"));
    m_incidents = new IncidentListModel(m_session, this);
    m_timeline = new TimelineModel(m_session, this);

    createActions();
    createMenus();
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(u"mainSplitter"_s);
    splitter->addWidget(createIncidentList());
    splitter->addWidget(createIncidentPane());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);
    createStatusBar();
    createDocks();

    connect(m_session, &DesktopSession::eventsApplied, this, &MainWindow::onEventsApplied);
    connect(m_session, &DesktopSession::projectionReset, this, &MainWindow::onProjectionReset);
    connect(m_session, &DesktopSession::connectionStateChanged, this,
            &MainWindow::onConnectionStateChanged);
    connect(m_session, &DesktopSession::commandRefused, this, &MainWindow::onCommandRefused);
    connect(m_session, &DesktopSession::commandSucceeded, this,
            &MainWindow::onCommandSucceeded);
    connect(m_session, &DesktopSession::queueChanged, this, &MainWindow::refreshQueue);

    onConnectionStateChanged(m_session->connectionState());
    refreshIncidentPane();
    refreshCount();
    refreshQueue();
    resize(1280, 800);
    splitter->setSizes({740, 540});
    resizeDocks({m_alertsDock}, {height() / 3}, Qt::Vertical);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_acknowledge = new QAction(tr("&Acknowledge"), this);
    m_acknowledge->setObjectName(u"acknowledgeAction"_s);
    m_acknowledge->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_acknowledge->setIcon(ActionIcons::acknowledge());
    m_acknowledge->setToolTip(tr("Acknowledge the selected incident: you are on it (Ctrl+K)"));
    connect(m_acknowledge, &QAction::triggered, this, &MainWindow::acknowledgeCurrent);

    m_resolve = new QAction(tr("&Resolve"), this);
    m_resolve->setObjectName(u"resolveAction"_s);
    m_resolve->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_resolve->setIcon(ActionIcons::resolve());
    m_resolve->setToolTip(tr("Resolve the selected incident (Ctrl+R)"));
    connect(m_resolve, &QAction::triggered, this, &MainWindow::resolveCurrent);

    m_postMortem = new QAction(tr("&Post-mortem"), this);
    m_postMortem->setObjectName(u"postMortemAction"_s);
    m_postMortem->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_postMortem->setToolTip(tr("Write the selected incident's post-mortem together"
                                " (Ctrl+P)"));
    connect(m_postMortem, &QAction::triggered, this, &MainWindow::openPostMortem);

    m_dismissRefused = new QAction(tr("&Dismiss Refused Commands"), this);
    m_dismissRefused->setObjectName(u"dismissRefusedAction"_s);
    m_dismissRefused->setToolTip(tr("Forget the commands the server refused; their reasons"
                                    " stay in the log"));
    connect(m_dismissRefused, &QAction::triggered, m_session,
            &DesktopSession::dismissRefusedCommands);

    m_handOver = new QAction(tr("&Hand Over to Team Server…"), this);
    m_handOver->setObjectName(u"handOverAction"_s);
    m_handOver->setToolTip(tr("Copy the incidents kept on this computer to a team server, then"
                              " work there"));
    connect(m_handOver, &QAction::triggered, this, &MainWindow::handOverToServer);

    m_connect = new QAction(tr("&Connect to Server…"), this);
    m_connect->setObjectName(u"connectAction"_s);
    m_connect->setIcon(ActionIcons::connect());
    m_connect->setToolTip(tr("Choose the server and the API token"));
    connect(m_connect, &QAction::triggered, this, &MainWindow::chooseServer);

    m_findIncident = new QAction(tr("&Find Incident"), this);
    m_findIncident->setObjectName(u"findIncidentAction"_s);
    m_findIncident->setShortcut(QKeySequence::Find);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setObjectName(u"quitAction"_s);
    m_quit->setShortcut(QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);

    m_about = new QAction(tr("&About Firebreak"), this);
    m_about->setObjectName(u"aboutAction"_s);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(u"fileMenu"_s);
    file->addAction(m_connect);
    file->addAction(m_handOver);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *incident = menuBar()->addMenu(tr("&Incident"));
    incident->setObjectName(u"incidentMenu"_s);
    incident->addAction(m_findIncident);
    incident->addSeparator();
    incident->addAction(m_acknowledge);
    incident->addAction(m_resolve);
    incident->addAction(m_postMortem);
    incident->addSeparator();
    incident->addAction(m_dismissRefused);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->setObjectName(u"viewMenu"_s);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(u"helpMenu"_s);
    help->addAction(m_about);

    QToolBar *toolBar = addToolBar(tr("Incident"));
    toolBar->setObjectName(u"mainToolBar"_s);
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_acknowledge);
    toolBar->addAction(m_resolve);
    auto *spacer = new QWidget(toolBar);
    spacer->setObjectName(u"toolBarSpacer"_s);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolBar->addWidget(spacer);
    toolBar->addAction(m_connect);
}

QWidget *MainWindow::createIncidentList()
{
    auto *panel = new QWidget(this);
    panel->setObjectName(u"incidentListPanel"_s);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 6, 0, 6);

    m_filter = new QLineEdit(panel);
    m_filter->setObjectName(u"incidentFilter"_s);
    m_filter->setPlaceholderText(tr("Filter by number, title, severity, status or service"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter incidents"));
    connect(m_findIncident, &QAction::triggered, m_filter,
            qOverload<>(&QWidget::setFocus));

    // Sorting by meaning (INC-9 before INC-10, P1 before P2); filtering on one text per row.
    m_sortedIncidents = new QSortFilterProxyModel(this);
    m_sortedIncidents->setSourceModel(m_incidents);
    m_sortedIncidents->setSortRole(IncidentListModel::SortRole);
    m_sortedIncidents->setFilterRole(IncidentListModel::SearchTextRole);
    m_sortedIncidents->setFilterKeyColumn(IncidentListModel::NumberColumn);
    m_sortedIncidents->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_filter, &QLineEdit::textChanged, m_sortedIncidents,
            &QSortFilterProxyModel::setFilterFixedString);

    createIncidentTable(panel);
    layout->addWidget(m_filter);
    layout->addWidget(m_table);
    return panel;
}

void MainWindow::createIncidentTable(QWidget *parent)
{
    m_table = new QTableView(parent);
    m_table->setObjectName(u"incidentTable"_s);
    m_table->setAccessibleName(tr("Incidents"));
    m_table->setModel(m_sortedIncidents);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(IncidentListModel::NumberColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);

    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(IncidentListModel::TitleColumn, QHeaderView::Stretch);
    const int digit = fontMetrics().horizontalAdvance(u'0');
    header->resizeSection(IncidentListModel::NumberColumn, digit * 11);
    header->resizeSection(IncidentListModel::SeverityColumn, digit * 10);
    header->resizeSection(IncidentListModel::StatusColumn, digit * 15);
    header->resizeSection(IncidentListModel::AgeColumn, digit * 11);
    header->resizeSection(IncidentListModel::ServiceColumn, digit * 13);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onCurrentRowChanged);
}

QWidget *MainWindow::createIncidentPane()
{
    m_pane = new QStackedWidget(this);
    m_pane->setObjectName(u"incidentPane"_s);

    auto *placeholder = new QLabel(tr("Select an incident to see its timeline."), m_pane);
    placeholder->setObjectName(u"noIncidentLabel"_s);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    placeholder->setForegroundRole(QPalette::PlaceholderText);

    auto *details = new QWidget(m_pane);
    details->setObjectName(u"incidentDetails"_s);
    auto *layout = new QVBoxLayout(details);
    layout->setContentsMargins(0, 6, 6, 6);
    m_header = new IncidentHeader(details);
    createMessageBanner(details);

    auto *timelineTitle = new QLabel(tr("Timeline"), details);
    timelineTitle->setObjectName(u"timelineTitleLabel"_s);
    QFont bold = timelineTitle->font();
    bold.setBold(true);
    timelineTitle->setFont(bold);
    timelineTitle->setContentsMargins(2, 6, 0, 0);

    m_timelineView = new QListView(details);
    m_timelineView->setObjectName(u"timelineView"_s);
    m_timelineView->setAccessibleName(tr("Timeline"));
    m_timelineView->setModel(m_timeline);
    m_timelineView->setItemDelegate(new TimelineDelegate(m_timelineView));
    m_timelineView->setUniformItemSizes(true);
    m_timelineView->setAlternatingRowColors(true);
    m_timelineView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Follow the live end of the timeline when new events arrive.
    connect(m_timeline, &QAbstractItemModel::rowsInserted, m_timelineView,
            &QAbstractItemView::scrollToBottom);

    layout->addWidget(m_header);
    layout->addWidget(m_message);
    layout->addWidget(timelineTitle);
    layout->addWidget(m_timelineView, 1);
    m_pane->addWidget(placeholder);
    m_pane->addWidget(details);
    return m_pane;
}

void MainWindow::createMessageBanner(QWidget *parent)
{
    m_message = new QFrame(parent);
    m_message->setObjectName(u"messageBanner"_s);
    m_message->setStyleSheet(u"#messageBanner { background: #fdecea; border: 1px solid #f5c2c0;"
                             " border-radius: 4px; } #messageBanner QLabel { color: #611a15; }"
                             " #messageBanner QToolButton { color: #611a15; border: none; }"_s);
    m_messageText = new QLabel(m_message);
    m_messageText->setObjectName(u"messageLabel"_s);
    m_messageText->setWordWrap(true);
    m_messageText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *dismiss = new QToolButton(m_message);
    dismiss->setObjectName(u"dismissMessageButton"_s);
    dismiss->setText(u"✕"_s);
    dismiss->setToolTip(tr("Dismiss"));
    dismiss->setAccessibleName(tr("Dismiss the message"));
    connect(dismiss, &QToolButton::clicked, this, [this]() {
        m_message->hide();
        statusBar()->clearMessage();
    });

    auto *layout = new QHBoxLayout(m_message);
    layout->setContentsMargins(8, 6, 4, 6);
    layout->addWidget(m_messageText, 1);
    layout->addWidget(dismiss, 0, Qt::AlignTop);
    m_message->hide();
}

void MainWindow::createStatusBar()
{
    statusBar()->setObjectName(u"statusBar"_s);
    m_connectionIndicator = new QLabel(this);
    m_connectionIndicator->setObjectName(u"connectionIndicator"_s);
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(u"connectionLabel"_s);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(u"incidentCountLabel"_s);
    m_queueLabel = new QLabel(this);
    m_queueLabel->setObjectName(u"queuedCommandsLabel"_s);
    // Permanent widgets, so that passing messages never hide the connection state.
    statusBar()->addPermanentWidget(m_queueLabel);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_connectionIndicator);
    statusBar()->addPermanentWidget(m_connectionLabel);
}

void MainWindow::createDocks()
{
    // The incidents and their timeline come first: the docks share one tabbed area below.
    m_alertsDock = new AlertsDock(m_session, this);
    auto *responders = new RespondersDock(m_session, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_alertsDock);
    addDockWidget(Qt::BottomDockWidgetArea, responders);
    tabifyDockWidget(m_alertsDock, responders);
    m_alertsDock->raise();
    connect(m_alertsDock, &AlertsDock::incidentActivated, this, &MainWindow::selectIncident);

    m_viewMenu->addAction(m_alertsDock->toggleViewAction());
    m_viewMenu->addAction(responders->toggleViewAction());

    // Who did what, from where: hidden until asked for.
    auto *audit = new AuditLogDock(m_session, this);
    addDockWidget(Qt::BottomDockWidgetArea, audit);
    tabifyDockWidget(responders, audit);
    audit->hide();
    m_viewMenu->addAction(audit->toggleViewAction());
}

bool MainWindow::selectIncident(const QString &incident)
{
    const IncidentRecord *record = m_session->projection().incident(incident);
    const int row = record ? m_incidents->rowOf(record->id) : -1;
    if (row < 0) {
        return false;
    }
    const QModelIndex index = m_sortedIncidents->mapFromSource(m_incidents->index(row, 0));
    if (!index.isValid()) {
        return false;
    }
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void MainWindow::onCurrentRowChanged(const QModelIndex &current)
{
    showIncident(current.data(IncidentListModel::IncidentIdRole).toString());
}

void MainWindow::showIncident(const QString &incidentId)
{
    if (incidentId == m_currentIncident) {
        return;
    }
    m_currentIncident = incidentId;
    m_timeline->setIncident(incidentId);
    m_message->hide();
    statusBar()->clearMessage();
    refreshIncidentPane();
}

void MainWindow::refreshIncidentPane()
{
    const IncidentRecord *incident = m_session->projection().incident(m_currentIncident);
    m_header->showIncident(incident);
    m_pane->setCurrentIndex(incident ? 1 : 0);
    refreshActions();
}

void MainWindow::refreshActions()
{
    // Offline too: commands wait in the queue until the server is back.
    const IncidentRecord *incident = m_session->projection().incident(m_currentIncident);
    m_acknowledge->setEnabled(incident && incident->status == IncidentStatus::Triggered);
    m_resolve->setEnabled(incident && incident->isOpen());
    m_postMortem->setEnabled(incident != nullptr);
}

void MainWindow::refreshCount()
{
    const int count = m_incidents->rowCount();
    m_countLabel->setText(tr("%n incident(s)", nullptr, count));
}

void MainWindow::refreshQueue()
{
    const CommandOutbox *outbox = m_session->outbox();
    const int pending = outbox ? outbox->pendingCount() : 0;
    const int refused = outbox ? outbox->refusedCount() : 0;
    QStringList parts;
    if (pending > 0) {
        parts.append(tr("%n command(s) waiting to be sent", nullptr, pending));
    }
    if (refused > 0) {
        parts.append(tr("%n refused", nullptr, refused));
    }
    m_queueLabel->setText(parts.join(u" · "_s));
    m_queueLabel->setVisible(!parts.isEmpty());

    QStringList lines;
    const QList<OutboxEntry> entries = outbox ? outbox->entries() : QList<OutboxEntry>();
    for (const OutboxEntry &entry : entries) {
        lines.append(entry.isPending() ? tr("Waiting: %1").arg(entry.description)
                                       : tr("Refused: %1 — %2").arg(entry.description,
                                                                    entry.reason));
    }
    m_queueLabel->setToolTip(lines.join(u'\n'));
    m_dismissRefused->setEnabled(refused > 0);
}

void MainWindow::onEventsApplied(const EventList &events)
{
    const bool touchesCurrent = std::any_of(events.cbegin(), events.cend(), [this](const Event &e) {
        return !m_currentIncident.isEmpty() && e.incident == m_currentIncident;
    });
    if (touchesCurrent) {
        refreshIncidentPane();
    }
    refreshCount();
}

void MainWindow::onProjectionReset()
{
    // The model was reset: the selection is gone, and the incident may be too.
    const QString previous = std::exchange(m_currentIncident, QString());
    if (!selectIncident(previous)) {
        showIncident(QString());
    }
    refreshIncidentPane();
    refreshCount();
}

void MainWindow::onConnectionStateChanged(SyncClient::State state)
{
    const QString server = serverName(m_session->server());
    QString text;
    switch (state) {
    case SyncClient::State::Idle:
        text = tr("Not connected — showing the local copy");
        break;
    case SyncClient::State::Connecting:
        text = tr("Connecting to %1…").arg(server);
        break;
    case SyncClient::State::CatchingUp:
        text = tr("Catching up with %1…").arg(server);
        break;
    case SyncClient::State::Live:
        text = m_session->isLocalMode() ? tr("Local mode — kept on this computer")
                                        : tr("Live — connected to %1").arg(server);
        break;
    case SyncClient::State::Unreachable:
        text = m_session->connectionError().startsWith(u"TLS: "_s)
            ? tr("Server certificate refused: %1 — showing the local copy; retrying")
                  .arg(m_session->connectionError().mid(5))
            : tr("Server unreachable — showing the local copy; retrying");
        break;
    }
    m_connectionLabel->setText(text);
    m_connectionLabel->setToolTip(m_session->connectionError());
    m_connectionIndicator->setPixmap(connectionDot(connectionColor(state), devicePixelRatioF()));
    const bool local = m_session->isLocalMode();
    setWindowTitle(server.isEmpty() || local ? tr("Firebreak")
                                             : tr("Firebreak — %1").arg(server));
    m_handOver->setEnabled(local);
    refreshActions();
}

void MainWindow::onCommandRefused(const QString &message)
{
    m_messageText->setText(message);
    m_message->show();
    statusBar()->showMessage(message, 10000);
}

void MainWindow::onCommandSucceeded(const QString &message)
{
    // A refusal met while replaying the queue stays in view until it is dismissed.
    const CommandOutbox *outbox = m_session->outbox();
    if (!outbox || outbox->refusedCount() == 0) {
        m_message->hide();
    }
    statusBar()->showMessage(message, 5000);
}

void MainWindow::acknowledgeCurrent()
{
    if (!m_currentIncident.isEmpty()) {
        m_message->hide();
        m_session->acknowledge(m_currentIncident);
    }
}

void MainWindow::resolveCurrent()
{
    if (!m_currentIncident.isEmpty()) {
        m_message->hide();
        m_session->resolve(m_currentIncident);
    }
}

void MainWindow::chooseServer()
{
    ConnectDialog dialog(this);
    dialog.setServer(m_session->server());
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    m_session->connectToServer(dialog.server(), dialog.token());
    Q_EMIT serverChosen(dialog.server(), dialog.token());
}

void MainWindow::handOverToServer()
{
    ConnectDialog dialog(this);
    dialog.setWindowTitle(tr("Hand Over to Team Server"));
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    handOverTo(dialog.server(), dialog.token());
}

void MainWindow::handOverTo(const QUrl &server, const QString &token)
{
    if (!m_session->isLocalMode()) {
        Q_EMIT handOverFinished(false, tr("Only local-mode data can be handed over."));
        return;
    }
    m_handOver->setEnabled(false);
    statusBar()->showMessage(tr("Handing over to %1…").arg(serverName(server)));
    auto *job = new Handover(this);
    connect(job, &Handover::progressed, this, [this](qint64 sent, qint64 total) {
        statusBar()->showMessage(tr("Handing over: %1 of %2 events…").arg(sent).arg(total));
    });
    connect(job, &Handover::finished, this,
            [this, job, server, token](bool ok, const QString &message) {
                job->deleteLater();
                if (!ok) {
                    m_handOver->setEnabled(m_session->isLocalMode());
                    onCommandRefused(message);
                } else {
                    // The team server holds everything now: work there from here on.
                    statusBar()->showMessage(message, 10000);
                    m_session->connectToServer(server, token);
                    Q_EMIT serverChosen(server, token);
                }
                Q_EMIT handOverFinished(ok, message);
            });
    job->start(m_session->localStorePath(), server, token);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Firebreak"),
                       tr("<p><b>Firebreak %1</b></p><p>A desktop war-room for incidents.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::openPostMortem()
{
    if (const IncidentRecord *incident = m_session->projection().incident(m_currentIncident)) {
        PostMortemWindow::open(m_session, *incident, this);
    }
}

} // namespace Firebreak
