// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include "actionicons.h"
#include "client/handover.h"
#include "alertsdock.h"
#include "auditlog.h"
#include "commandpalette.h"
#include "commandsender.h"
#include "connectdialog.h"
#include "credentialstore.h"
#include "declaredialog.h"
#include "desktopsession.h"
#include "incidentactions.h"
#include "incidentfiltermodel.h"
#include "postmortemdashboard.h"
#include "incidentlistmodel.h"
#include "incidenttext.h"
#include "incidentview.h"
#include "incidentwindow.h"
#include "messagebanner.h"
#include "metricsview.h"
#include "permissiongate.h"
#include "postmortemwindow.h"
#include "respondersdock.h"
#include "sync/commandoutbox.h"

#include <QAction>
#include <QApplication>
#include <QFrame>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

// The window's layout between runs (QSettings); bump the version when docks change.
constexpr QLatin1String s_geometryKey("mainWindow/geometry");
constexpr QLatin1String s_stateKey("mainWindow/state");
constexpr int s_layoutVersion = 1;

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
    connect(m_session, &DesktopSession::localCopyFailed, this, [this](const QString &error) {
        m_message->showMessage(
            tr("Cannot keep the local copy on this computer: %1. New events are not shown "
               "until it can; retrying.")
                .arg(error));
    });
    connect(m_session, &DesktopSession::commandSucceeded, this,
            &MainWindow::onCommandSucceeded);
    connect(m_session, &DesktopSession::queueChanged, this, &MainWindow::refreshQueue);
    connect(m_session, &DesktopSession::permissionsChanged, this, &MainWindow::refreshActions);

    onConnectionStateChanged(m_session->connectionState());
    refreshIncidentPane();
    refreshCount();
    refreshQueue();
    resize(1280, 800);
    // The incident header's row of chips (severity, status, service, opened, both timers)
    // needs about 750 pixels before the service name is cut.
    splitter->setSizes({520, 760});

    // Where the person left the window last time, docks and toolbars included.
    const QSettings settings;
    m_layoutRestored = restoreGeometry(settings.value(s_geometryKey).toByteArray())
        && restoreState(settings.value(s_stateKey).toByteArray(), s_layoutVersion);
}

MainWindow::~MainWindow() = default;

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!std::exchange(m_shown, true) && !m_layoutRestored) {
        // The docks' tables ask for much height; the incidents and their timeline come first.
        // Sizes given before the first show are lost, so this waits for the first layout.
        QTimer::singleShot(0, this, [this] {
            m_alertsDock->raise();
            resizeDocks({m_alertsDock}, {height() / 4}, Qt::Vertical);
        });
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(s_geometryKey, saveGeometry());
    settings.setValue(s_stateKey, saveState(s_layoutVersion));
    QMainWindow::closeEvent(event);
}

void MainWindow::createActions()
{
    m_actions = new IncidentActions(m_session, this);
    m_acknowledge = m_actions->acknowledgeAction();
    m_resolve = m_actions->resolveAction();
    connect(m_actions, &IncidentActions::refused, this, &MainWindow::onCommandRefused);
    connect(m_actions->sender(), &CommandSender::accepted, this, &MainWindow::onDeclared);

    m_declare = new QAction(tr("&Declare Incident…"), this);
    m_declare->setObjectName(u"declareIncidentAction"_s);
    m_declare->setShortcut(QKeySequence::New);
    m_declare->setToolTip(tr("Open an incident by hand: title, severity, service, impact and"
                             " commander (Ctrl+N)"));
    connect(m_declare, &QAction::triggered, this, &MainWindow::declareIncident);

    m_commandPalette = new QAction(tr("Command &Palette…"), this);
    m_commandPalette->setObjectName(u"commandPaletteAction"_s);
    m_commandPalette->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_commandPalette->setToolTip(tr("Find any action or incident by typing (Ctrl+K)"));
    connect(m_commandPalette, &QAction::triggered, this, &MainWindow::openCommandPalette);

    m_newWindow = new QAction(tr("Open in New &Window"), this);
    m_newWindow->setObjectName(u"newWindowAction"_s);
    m_newWindow->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
    m_newWindow->setToolTip(tr("Show the incident in a window of its own (Ctrl+Shift+W)"));
    connect(m_newWindow, &QAction::triggered, this,
            [this]() { openIncidentInNewWindow(m_currentIncident); });

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

    m_newTab = new QAction(tr("Open in New &Tab"), this);
    m_newTab->setObjectName(u"newTabAction"_s);
    m_newTab->setShortcut(QKeySequence::AddTab);
    m_newTab->setToolTip(tr("Keep this incident open and show the selected one beside it"));
    connect(m_newTab, &QAction::triggered, this, [this]() {
        const QModelIndex current = m_table->currentIndex();
        openIncidentInNewTab(current.isValid()
                                 ? current.data(IncidentListModel::IncidentIdRole).toString()
                                 : m_currentIncident);
    });

    m_closeTab = new QAction(tr("&Close Tab"), this);
    m_closeTab->setObjectName(u"closeTabAction"_s);
    m_closeTab->setShortcut(QKeySequence::Close);
    connect(m_closeTab, &QAction::triggered, this,
            [this]() { closeIncidentTab(m_tabs->currentIndex()); });

    m_searchTimeline = new QAction(tr("&Search Timeline"), this);
    m_searchTimeline->setObjectName(u"searchTimelineAction"_s);
    m_searchTimeline->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(m_searchTimeline, &QAction::triggered, this,
            [this]() { currentView()->focusSearch(); });

    m_followLive = new QAction(tr("&Follow Live"), this);
    m_followLive->setObjectName(u"followLiveAction"_s);
    m_followLive->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_followLive->setToolTip(tr("Jump to the newest entry of the timeline and follow it"
                                " (Ctrl+L)"));
    connect(m_followLive, &QAction::triggered, this,
            [this]() { currentView()->setFollowingLive(true); });

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
    incident->addAction(m_commandPalette);
    incident->addAction(m_findIncident);
    incident->addAction(m_declare);
    incident->addSeparator();
    m_actions->addToMenu(incident);
    incident->addSeparator();
    incident->addAction(m_postMortem);
    incident->addSeparator();
    incident->addAction(m_dismissRefused);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->setObjectName(u"viewMenu"_s);
    m_viewMenu->addAction(m_newTab);
    m_viewMenu->addAction(m_newWindow);
    m_viewMenu->addAction(m_closeTab);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_searchTimeline);
    m_viewMenu->addAction(m_followLive);
    m_viewMenu->addSeparator();
    QAction *metrics = m_viewMenu->addAction(tr("Incident &Metrics…"), this, [this] {
        MetricsView::showFor(m_session, this);
    });
    metrics->setObjectName(u"metricsAction"_s);
    metrics->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(u"helpMenu"_s);
    help->addAction(m_about);

    QToolBar *toolBar = addToolBar(tr("Incident"));
    toolBar->setObjectName(u"mainToolBar"_s);
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    // The incident's own actions sit in a row above its timeline; the window's go here.
    toolBar->addAction(m_declare);
    toolBar->addAction(m_commandPalette);
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
    m_sortedIncidents = new IncidentFilterModel(m_incidents, this);
    connect(m_filter, &QLineEdit::textChanged, m_sortedIncidents,
            &IncidentFilterModel::setFilterText);

    createIncidentTable(panel);
    CommandPalette::keepShortcutFrom(panel);
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
    // Narrow fixed columns, so that the title keeps most of the list's width, yet never
    // narrower than their header's words ("Schweregrad" is longer than "Severity").
    const int margin = 2 * style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
    const auto narrow = [this, header, margin](int column, int width) {
        const QString title
            = m_sortedIncidents->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(
            column, std::max(width, header->fontMetrics().horizontalAdvance(title) + margin));
    };
    narrow(IncidentListModel::NumberColumn, digit * 9);
    narrow(IncidentListModel::SeverityColumn, digit * 7);
    narrow(IncidentListModel::StatusColumn, digit * 13);
    narrow(IncidentListModel::AgeColumn, digit * 9);
    narrow(IncidentListModel::ServiceColumn, digit * 11);
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
    createMessageBanner(details);

    m_tabs = new QTabWidget(details);
    m_tabs->setObjectName(u"incidentTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setTabBarAutoHide(true);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeIncidentTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentTabChanged);
    addIncidentTab();

    layout->addWidget(m_message);
    layout->addWidget(m_tabs, 1);
    m_pane->addWidget(placeholder);
    m_pane->addWidget(details);
    return m_pane;
}

IncidentView *MainWindow::addIncidentTab()
{
    auto *view = new IncidentView(m_session, m_tabs);
    view->setQuickActions(m_actions->quickActions());
    CommandPalette::keepShortcutFrom(view);
    connect(view, &IncidentView::incidentUpdated, this, &MainWindow::refreshTabTitles);
    m_tabs->addTab(view, QString());
    return view;
}

void MainWindow::closeIncidentTab(int index)
{
    // The last tab stays: it shows whatever is chosen in the list next.
    if (m_tabs->count() <= 1 || index < 0) {
        return;
    }
    QWidget *view = m_tabs->widget(index);
    m_tabs->removeTab(index);
    view->deleteLater();
}

IncidentView *MainWindow::currentView() const
{
    return qobject_cast<IncidentView *>(m_tabs->currentWidget());
}

QList<IncidentView *> MainWindow::incidentViews() const
{
    QList<IncidentView *> views;
    for (int i = 0; i < m_tabs->count(); ++i) {
        views.append(qobject_cast<IncidentView *>(m_tabs->widget(i)));
    }
    return views;
}

bool MainWindow::openIncidentInNewTab(const QString &incident)
{
    const IncidentRecord *record = m_session->projection().incident(incident);
    if (!record) {
        return false;
    }
    IncidentView *view = addIncidentTab();
    view->setIncident(record->id);
    m_tabs->setCurrentWidget(view);
    return true;
}

void MainWindow::onCurrentTabChanged()
{
    IncidentView *view = currentView();
    if (!view) {
        return;
    }
    m_currentIncident = view->incident();
    m_message->hide();
    // Keep the list on the incident of the tab without navigating the tab again.
    const QScopedValueRollback guard(m_syncingSelection, true);
    if (!m_currentIncident.isEmpty()) {
        selectIncident(m_currentIncident);
    }
    refreshIncidentPane();
}

void MainWindow::refreshTabTitles()
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        const auto *view = qobject_cast<IncidentView *>(m_tabs->widget(i));
        const IncidentRecord *incident = m_session->projection().incident(view->incident());
        m_tabs->setTabText(i, incident ? incident->numberText() : tr("No incident"));
        m_tabs->setTabToolTip(i, incident ? IncidentText::plainToolTip(incident->title)
                                          : QString());
    }
}

void MainWindow::createMessageBanner(QWidget *parent)
{
    m_message = new MessageBanner(parent);
    connect(m_message, &MessageBanner::dismissed, statusBar(), &QStatusBar::clearMessage);
}

void MainWindow::createStatusBar()
{
    statusBar()->setObjectName(u"statusBar"_s);
    m_connectionIndicator = new QLabel(this);
    m_connectionIndicator->setObjectName(u"connectionIndicator"_s);
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setTextFormat(Qt::PlainText);
    m_connectionLabel->setObjectName(u"connectionLabel"_s);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(u"incidentCountLabel"_s);
    m_queueLabel = new QLabel(this);
    m_queueLabel->setTextFormat(Qt::PlainText);
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
    auto *postMortems = new PostMortemDashboard(m_session, this);
    addDockWidget(Qt::BottomDockWidgetArea, postMortems);
    tabifyDockWidget(m_alertsDock, responders);
    tabifyDockWidget(responders, postMortems);
    m_alertsDock->raise();
    connect(m_alertsDock, &AlertsDock::incidentActivated, this, &MainWindow::selectIncident);
    connect(postMortems, &PostMortemDashboard::postMortemActivated, this,
            [this](const QString &incident) {
                if (const IncidentRecord *record = m_session->projection().incident(incident)) {
                    PostMortemWindow::open(m_session, *record, this);
                }
            });

    m_viewMenu->addAction(m_alertsDock->toggleViewAction());
    m_viewMenu->addAction(responders->toggleViewAction());

    // Who did what, from where: hidden until asked for.
    auto *audit = new AuditLogDock(m_session, this);
    addDockWidget(Qt::BottomDockWidgetArea, audit);
    tabifyDockWidget(responders, audit);
    audit->hide();
    m_viewMenu->addAction(audit->toggleViewAction());
    m_viewMenu->addAction(postMortems->toggleViewAction());
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
    if (!m_syncingSelection) {
        showIncident(current.data(IncidentListModel::IncidentIdRole).toString());
    }
}

void MainWindow::showIncident(const QString &incidentId)
{
    if (incidentId == m_currentIncident) {
        return;
    }
    // A tab that already shows the incident is brought forward; otherwise this tab shows it.
    const QList<IncidentView *> views = incidentViews();
    for (IncidentView *view : views) {
        if (!incidentId.isEmpty() && view->incident() == incidentId) {
            m_tabs->setCurrentWidget(view);
            return;
        }
    }
    m_currentIncident = incidentId;
    currentView()->setIncident(incidentId);
    m_message->hide();
    statusBar()->clearMessage();
    refreshTabTitles();
    refreshIncidentPane();
}

void MainWindow::refreshIncidentPane()
{
    const IncidentRecord *incident = m_session->projection().incident(m_currentIncident);
    m_pane->setCurrentIndex(incident ? 1 : 0);
    refreshActions();
}

void MainWindow::refreshActions()
{
    // Offline too: commands wait in the queue until the server is back.
    const IncidentRecord *incident = m_session->projection().incident(m_currentIncident);
    if (m_actions->incident() != m_currentIncident) {
        m_actions->setIncident(m_currentIncident);
    }
    m_postMortem->setEnabled(incident != nullptr);
    m_newWindow->setEnabled(incident != nullptr);
    PermissionGate::apply(m_declare, *m_session, u"incident.declare"_s);
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
    m_queueLabel->setToolTip(IncidentText::plainToolTip(lines.join(u'\n')));
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
    if (!m_declaredIncident.isEmpty() && selectIncident(m_declaredIncident)) {
        m_declaredIncident.clear();
    }
    refreshCount();
}

void MainWindow::onProjectionReset()
{
    // The model was reset: the selection is gone, and the incidents of the tabs may be too.
    const QList<IncidentView *> views = incidentViews();
    for (IncidentView *view : views) {
        if (!m_session->projection().incident(view->incident())) {
            view->setIncident(QString());
        }
    }
    refreshTabTitles();
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
        if (!m_session->localCopyError().isEmpty()) {
            text = tr("Cannot keep the local copy: %1 — showing what it holds; retrying")
                       .arg(m_session->localCopyError());
        } else if (m_session->connectionError() == u"unauthorized") {
            // Reachable, but the token is unknown, expired or revoked (docs/protocol.md).
            text = tr("The server refused the token — showing the local copy; connect again"
                      " with File → Connect to Server…");
        } else if (m_session->connectionError().startsWith(u"TLS: "_s)) {
            text = tr("Server certificate refused: %1 — showing the local copy; retrying")
                       .arg(m_session->connectionError().mid(5));
        } else {
            text = tr("Server unreachable — showing the local copy; retrying");
        }
        break;
    }
    m_connectionLabel->setText(text);
    m_connectionLabel->setToolTip(IncidentText::plainToolTip(m_session->connectionError()));
    m_connectionIndicator->setPixmap(connectionDot(connectionColor(state), devicePixelRatioF()));
    const bool local = m_session->isLocalMode();
    setWindowTitle(server.isEmpty() || local ? tr("Firebreak")
                                             : tr("Firebreak — %1").arg(server));
    m_handOver->setEnabled(local);
    refreshActions();
}

void MainWindow::onCommandRefused(const QString &message)
{
    m_message->showMessage(message);
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

void MainWindow::declareIncident()
{
    auto *dialog = new DeclareDialog(m_session->projection(), this);
    connect(dialog, &QDialog::accepted, this, [this, dialog]() {
        m_message->hide();
        m_declaredIncident.clear();
        const QJsonObject command = dialog->command();
        m_declareCommand = m_actions->sender()->send(
            command, tr("Declare “%1”").arg(command.value(u"title"_s).toString()));
    });
    dialog->open();
}

void MainWindow::onDeclared(const QString &commandId, const QJsonObject &,
                             const QJsonArray &events)
{
    if (commandId.isEmpty() || commandId != m_declareCommand || events.isEmpty()) {
        return;
    }
    m_declareCommand.clear();
    // The new incident is shown once its events are here; they may come before or after this.
    const QString incident = events.first().toObject().value(u"incident"_s).toString();
    if (!selectIncident(incident)) {
        m_declaredIncident = incident;
    }
}

void MainWindow::openCommandPalette()
{
    if (!m_palette) {
        m_palette = new CommandPalette(m_session, this);
        connect(m_palette, &CommandPalette::incidentChosen, this, &MainWindow::selectIncident);
    }
    QList<QAction *> actions = m_actions->paletteActions();
    actions += {m_declare,    m_postMortem,     m_newTab,     m_newWindow,
                m_findIncident, m_searchTimeline, m_followLive, m_connect};
    m_palette->setActions(actions);
    m_palette->popUp();
}

QWidget *MainWindow::openIncidentInNewWindow(const QString &incident)
{
    const IncidentRecord *record = m_session->projection().incident(incident);
    if (!record) {
        return nullptr;
    }
    auto *window = new IncidentWindow(m_session, record->id, this);
    window->show();
    return window;
}

void MainWindow::chooseServer()
{
    ConnectDialog dialog(this);
    dialog.setServer(suggestedServer());
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    m_session->connectToServer(dialog.server(), dialog.token());
    Q_EMIT serverChosen(dialog.server(), dialog.token());
}

QUrl MainWindow::suggestedServer() const
{
    // In local mode the session's server is its own in-process core on a loopback port, which
    // is no server to connect to: offer the team server used last, if any.
    return m_session->isLocalMode() ? CredentialStore::lastServer() : m_session->server();
}

void MainWindow::handOverToServer()
{
    ConnectDialog dialog(this);
    dialog.setWindowTitle(tr("Hand Over to Team Server"));
    dialog.setServer(suggestedServer());
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
