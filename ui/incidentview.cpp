// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "incidentview.h"

#include "desktopsession.h"
#include "incidentheader.h"
#include "incidentstyle.h"
#include "incidenttext.h"
#include "notemarkdown.h"
#include "timelinedelegate.h"
#include "timelinefilter.h"

#include <QAction>
#include <QBoxLayout>
#include <QDesktopServices>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBrowser>
#include <QTextCursor>
#include <QToolBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

struct KindChoice
{
    TimelineModel::Kind kind;
    const char *objectName;
    const char *text;
};

// The kinds offered in the filter menu, in the order people think of them.
const KindChoice s_kindChoices[] = {
    {TimelineModel::AlertKind, "alertKindAction",
     QT_TRANSLATE_NOOP("Firebreak::IncidentView", "Alerts")},
    {TimelineModel::StatusKind, "statusKindAction",
     QT_TRANSLATE_NOOP("Firebreak::IncidentView", "Status changes")},
    {TimelineModel::SeverityKind, "severityKindAction",
     QT_TRANSLATE_NOOP("Firebreak::IncidentView", "Severity changes")},
    {TimelineModel::NoteKind, "noteKindAction",
     QT_TRANSLATE_NOOP("Firebreak::IncidentView", "Notes")},
    {TimelineModel::RoleKind, "roleKindAction",
     QT_TRANSLATE_NOOP("Firebreak::IncidentView", "Role changes")},
    {TimelineModel::TaskKind, "taskKindAction",
     QT_TRANSLATE_NOOP("Firebreak::IncidentView", "Tasks")},
    {TimelineModel::MessageKind, "messageKindAction",
     QT_TRANSLATE_NOOP("Firebreak::IncidentView", "Messages and pages")},
    {TimelineModel::EvidenceKind, "evidenceKindAction",
     QT_TRANSLATE_NOOP("Firebreak::IncidentView", "Evidence")},
    {TimelineModel::OtherKind, "otherKindAction",
     QT_TRANSLATE_NOOP("Firebreak::IncidentView", "Targets, milestones and other")},
};

} // namespace

IncidentView::IncidentView(DesktopSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    Q_ASSERT(m_session);
    setObjectName(u"incidentView"_s);
    m_timeline = new TimelineModel(m_session, this);
    m_filter = new TimelineFilter(this);
    m_filter->setSourceModel(m_timeline);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_header = new IncidentHeader(this);
    layout->addWidget(m_header);

    // A tool bar rather than a row of buttons: when the pane is narrow, the actions that do not
    // fit move into its extension menu instead of widening the window.
    m_actionRow = new QToolBar(this);
    m_actionRow->setObjectName(u"quickActionRow"_s);
    m_actionRow->setContentsMargins(6, 0, 6, 0);
    m_actionRow->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_actionRow->setIconSize(QSize(16, 16));
    m_actionRow->hide();
    layout->addWidget(m_actionRow);

    layout->addWidget(createTimelineBar());
    m_timelineView = new QListView(this);
    m_timelineView->setObjectName(u"timelineView"_s);
    m_timelineView->setAccessibleName(tr("Timeline"));
    m_timelineView->setModel(m_filter);
    m_timelineView->setItemDelegate(new TimelineDelegate(m_timelineView));
    m_timelineView->setUniformItemSizes(true);
    m_timelineView->setAlternatingRowColors(true);
    m_timelineView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    createEntryView();

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(u"timelineSplitter"_s);
    splitter->addWidget(m_timelineView);
    splitter->addWidget(m_entryView);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter, 1);

    connect(m_filter, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    const auto keepFollowing = [this]() {
        if (m_following) {
            m_timelineView->scrollToBottom();
        }
    };
    connect(m_filter, &QAbstractItemModel::modelReset, this, keepFollowing);
    connect(m_filter, &TimelineFilter::searchFinished, this, keepFollowing);
    connect(m_timelineView->verticalScrollBar(), &QAbstractSlider::actionTriggered, this,
            &IncidentView::onScrollAction);
    connect(m_timelineView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &IncidentView::onCurrentEntryChanged);
    connect(m_session, &DesktopSession::eventsApplied, this, &IncidentView::onEventsApplied);
    connect(m_session, &DesktopSession::projectionReset, this, &IncidentView::refreshHeader);
    refreshHeader();
}

IncidentView::~IncidentView() = default;

QWidget *IncidentView::createTimelineBar()
{
    auto *bar = new QWidget(this);
    bar->setObjectName(u"timelineBar"_s);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(2, 6, 0, 0);
    layout->setSpacing(6);

    auto *title = new QLabel(tr("Timeline"), bar);
    title->setObjectName(u"timelineTitleLabel"_s);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);

    m_search = new QLineEdit(bar);
    m_search->setObjectName(u"timelineSearch"_s);
    m_search->setPlaceholderText(tr("Search the timeline"));
    m_search->setAccessibleName(tr("Search the timeline"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        const QScopedValueRollback refiltering(m_refiltering, true);
        m_filter->setSearchText(text);
        if (m_following) {
            m_timelineView->scrollToBottom();
        }
    });

    m_kindButton = createKindButton(bar);

    m_newEventsButton = new QPushButton(bar);
    m_newEventsButton->setObjectName(u"newEventsButton"_s);
    m_newEventsButton->setToolTip(tr("Jump to the newest entry and follow live"));
    m_newEventsButton->hide();
    connect(m_newEventsButton, &QPushButton::clicked, this, [this]() { setFollowingLive(true); });

    m_followButton = new QToolButton(bar);
    m_followButton->setObjectName(u"followLiveButton"_s);
    m_followButton->setText(tr("Follow live"));
    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    m_followButton->setToolTip(tr("Follow the newest entries, or stay where you are"));
    connect(m_followButton, &QToolButton::toggled, this, &IncidentView::setFollowingLive);

    layout->addWidget(title);
    layout->addStretch(1);
    layout->addWidget(m_newEventsButton);
    layout->addWidget(m_search, 2);
    layout->addWidget(m_kindButton);
    layout->addWidget(m_followButton);
    return bar;
}

QToolButton *IncidentView::createKindButton(QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(u"timelineKindButton"_s);
    button->setText(tr("All kinds"));
    button->setToolTip(tr("Show only some kinds of entries"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(button);
    menu->setObjectName(u"timelineKindMenu"_s);
    for (const KindChoice &choice : s_kindChoices) {
        QAction *action = menu->addAction(tr(choice.text));
        action->setObjectName(QString::fromLatin1(choice.objectName));
        action->setCheckable(true);
        action->setChecked(true);
        action->setData(int(choice.kind));
        connect(action, &QAction::toggled, this, &IncidentView::onKindsChanged);
        m_kindActions.append(action);
    }
    menu->addSeparator();
    QAction *all = menu->addAction(tr("Show All Kinds"));
    all->setObjectName(u"allKindsAction"_s);
    connect(all, &QAction::triggered, this, [this]() {
        for (QAction *action : std::as_const(m_kindActions)) {
            action->setChecked(true);
        }
    });
    button->setMenu(menu);
    return button;
}

void IncidentView::createEntryView()
{
    m_entryView = new QTextBrowser(this);
    m_entryView->setObjectName(u"timelineEntryView"_s);
    m_entryView->setAccessibleName(tr("Selected timeline entry"));
    m_entryView->setOpenLinks(false);
    m_entryView->setMinimumHeight(fontMetrics().height() * 3);
    connect(m_entryView, &QTextBrowser::anchorClicked, this, [](const QUrl &url) {
        if (NoteMarkdown::isSafeLink(url.toString())) {
            QDesktopServices::openUrl(url);
        }
    });
    m_entryView->hide();
}

void IncidentView::setQuickActions(const QList<QAction *> &actions)
{
    m_actionRow->clear();
    for (QAction *action : actions) {
        if (!action) {
            m_actionRow->addSeparator();
            continue;
        }
        m_actionRow->addAction(action);
        if (auto *button = qobject_cast<QToolButton *>(m_actionRow->widgetForAction(action))) {
            button->setObjectName(action->objectName() + u"Button"_s);
            if (action->menu()) {
                button->setPopupMode(QToolButton::InstantPopup);
            }
        }
    }
    m_actionRow->setVisible(!actions.isEmpty() && !m_incidentId.isEmpty());
}

void IncidentView::setIncident(const QString &incidentId)
{
    if (incidentId == m_incidentId) {
        return;
    }
    m_incidentId = incidentId;
    m_newEvents = 0;
    m_following = true;
    m_followButton->setChecked(true);
    m_timeline->setIncident(incidentId);
    m_timelineView->scrollToBottom();
    m_actionRow->setVisible(!incidentId.isEmpty() && !m_actionRow->actions().isEmpty());
    refreshNewEventsButton();
    refreshHeader();
}

void IncidentView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void IncidentView::refreshHeader()
{
    const IncidentRecord *incident = m_session->projection().incident(m_incidentId);
    m_header->showIncident(incident, m_session->projection().targets());
    Q_EMIT incidentUpdated();
}

void IncidentView::onEventsApplied(const EventList &events)
{
    const bool touches = std::any_of(events.cbegin(), events.cend(), [this](const Event &e) {
        return !m_incidentId.isEmpty() && e.incident == m_incidentId;
    });
    if (touches || std::any_of(events.cbegin(), events.cend(), [](const Event &e) {
            return e.type == u"config.targets_changed";
        })) {
        refreshHeader();
    }
}

void IncidentView::setFollowingLive(bool follow)
{
    m_following = follow;
    if (m_followButton->isChecked() != follow) {
        const QSignalBlocker blocker(m_followButton);
        m_followButton->setChecked(follow);
    }
    if (follow) {
        m_newEvents = 0;
        m_timelineView->scrollToBottom();
    }
    refreshNewEventsButton();
}

void IncidentView::onRowsInserted(int first, int last)
{
    if (m_refiltering || m_filter->isRefiltering()) {
        return; // rows shown again by a wider filter or a search's answer are not news
    }
    if (m_following) {
        m_timelineView->scrollToBottom();
        return;
    }
    m_newEvents += last - first + 1;
    refreshNewEventsButton();
}

void IncidentView::refreshNewEventsButton()
{
    m_newEventsButton->setVisible(!m_following && m_newEvents > 0);
    m_newEventsButton->setText(tr("↓ %n new", nullptr, m_newEvents));
    m_newEventsButton->setAccessibleName(tr("%n new entries: jump to them", nullptr,
                                            m_newEvents));
}

void IncidentView::onScrollAction()
{
    // The position the person moved to; the value follows after this signal.
    const QScrollBar *bar = m_timelineView->verticalScrollBar();
    const bool atEnd = bar->sliderPosition() >= bar->maximum();
    if (atEnd != m_following) {
        setFollowingLive(atEnd);
    }
}

void IncidentView::onCurrentEntryChanged()
{
    const QModelIndex current = m_timelineView->currentIndex();
    showEntry(current);
    if (!current.isValid()) {
        return;
    }
    // Choosing an earlier entry pins the view to that moment; the newest one follows again.
    const bool newest = current.row() == m_filter->rowCount() - 1;
    if (newest != m_following) {
        setFollowingLive(newest);
    }
}

void IncidentView::onKindsChanged()
{
    TimelineModel::Kinds kinds;
    int shown = 0;
    for (const QAction *action : std::as_const(m_kindActions)) {
        if (action->isChecked()) {
            kinds |= TimelineModel::Kind(action->data().toInt());
            ++shown;
        }
    }
    {
        const QScopedValueRollback refiltering(m_refiltering, true);
        m_filter->setKinds(kinds);
    }
    m_kindButton->setText(shown == m_kindActions.size()
                              ? tr("All kinds")
                              : tr("%1 of %2 kinds").arg(shown).arg(m_kindActions.size()));
    if (m_following) {
        m_timelineView->scrollToBottom();
    }
}

void IncidentView::showEntry(const QModelIndex &index)
{
    m_entryView->setVisible(index.isValid());
    if (!index.isValid()) {
        m_entryView->clear();
        return;
    }
    const QString heading = u"<p><b>%1</b><br>%2 · %3</p>"_s.arg(
        index.data(TimelineModel::DescriptionRole).toString().toHtmlEscaped(),
        IncidentText::fullTime(index.data(TimelineModel::TimestampRole).toLongLong())
            .toHtmlEscaped(),
        index.data(TimelineModel::ActorRole).toString().toHtmlEscaped());

    // A note in full, rendered from its Markdown under the heading.
    const QString markdown = index.data(TimelineModel::MarkdownRole).toString();
    if (!markdown.isEmpty()) {
        NoteMarkdown::render(m_entryView->document(), markdown);
        QTextCursor cursor(m_entryView->document());
        cursor.insertHtml(heading);
        cursor.insertBlock();
        return;
    }
    const QString detail = index.data(TimelineModel::DetailRole).toString();
    m_entryView->setHtml(heading + u"<p>%1</p>"_s.arg(detail.toHtmlEscaped()));
}

} // namespace Firebreak
