// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "timelinemodel.h"

#include <QWidget>

class QAction;
class QToolBar;
class QLineEdit;
class QListView;
class QPushButton;
class QTextBrowser;
class QToolButton;

namespace Firebreak {

class DesktopSession;
class IncidentHeader;
class TimelineFilter;

/**
 * One incident, live: its header (status, severity, roles, target clocks, summary), a row of
 * quick-action buttons, and its timeline with a filter by kind, a search field, and a choice
 * between following the live end and staying pinned where the reader is.
 *
 * While pinned, arriving events leave the view still and are counted on a "N new" button that
 * jumps back to the live end. Scrolling up or choosing an earlier entry pins the view; reaching
 * the end again follows it. The selected entry is shown in full below the timeline, notes
 * rendered from Markdown. Several views may show incidents side by side; each keeps its own
 * filter and position. The session is not owned.
 */
class IncidentView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IncidentView)
public:
    explicit IncidentView(DesktopSession *session, QWidget *parent = nullptr);
    ~IncidentView() override;

    /// Shows an incident (UUID); empty shows nothing.
    void setIncident(const QString &incidentId);
    QString incident() const { return m_incidentId; }

    /// The buttons of the quick-action row, one per action (not owned); null adds a gap.
    void setQuickActions(const QList<QAction *> &actions);

    bool isFollowingLive() const { return m_following; }
    /// Following scrolls to the newest entry and keeps it in view; pinning keeps the view still.
    void setFollowingLive(bool follow);
    /// Entries that arrived while pinned, not yet looked at.
    int newEventCount() const { return m_newEvents; }

    TimelineModel *timeline() const { return m_timeline; }
    TimelineFilter *timelineFilter() const { return m_filter; }
    QListView *timelineView() const { return m_timelineView; }
    /// Puts the keyboard in the timeline's search field.
    void focusSearch();

Q_SIGNALS:
    /// The incident shown changed or one of its events arrived; its title may have changed.
    void incidentUpdated();

private:
    QWidget *createTimelineBar();
    QToolButton *createKindButton(QWidget *parent);
    void createEntryView();

    void refreshHeader();
    void onEventsApplied(const Firebreak::EventList &events);
    void onRowsInserted(int first, int last);
    void onScrollAction();
    void onCurrentEntryChanged();
    void onKindsChanged();
    void refreshNewEventsButton();
    void showEntry(const QModelIndex &index);

    DesktopSession *m_session;
    QString m_incidentId;
    TimelineModel *m_timeline = nullptr;
    TimelineFilter *m_filter = nullptr;
    IncidentHeader *m_header = nullptr;
    QToolBar *m_actionRow = nullptr;
    QToolButton *m_kindButton = nullptr;
    QList<QAction *> m_kindActions;
    QLineEdit *m_search = nullptr;
    QToolButton *m_followButton = nullptr;
    QPushButton *m_newEventsButton = nullptr;
    QListView *m_timelineView = nullptr;
    QTextBrowser *m_entryView = nullptr;
    bool m_following = true;
    bool m_refiltering = false;
    int m_newEvents = 0;
};

} // namespace Firebreak
