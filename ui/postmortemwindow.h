// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QTimer>
#include <QWidget>

namespace Firebreak {

class DesktopSession;
struct IncidentRecord;

namespace Collab {
class PostMortemSession;
}
class ActionItemsPanel;
class PostMortemEditor;
class PostMortemReview;
class PostMortemTimeline;

/**
 * The window in which a person writes an incident's post-mortem with the others: a
 * PostMortemEditor on a PostMortemSession that replicates over the desktop's connection,
 * started from what the local replica holds, between the incident's timeline (key moments,
 * outside events) and the action items and review (state, clock, comments). Exports to
 * Markdown, HTML and PDF. Edits the server has not acknowledged are kept
 * in the application's local data folder (postmortems/INCIDENT.state) until it has, so that
 * nothing typed offline is lost when the desktop quits. One window per incident; it deletes
 * itself when closed.
 */
class PostMortemWindow final : public QWidget
{
    Q_OBJECT
public:
    /// Shows the incident's post-mortem window, opening it if needed; `parent` owns it.
    static PostMortemWindow *open(DesktopSession *desktop, const IncidentRecord &incident,
                                  QWidget *parent);

    Collab::PostMortemSession *session() const { return m_session; }
    PostMortemEditor *editor() const { return m_editor; }
    PostMortemTimeline *timeline() const { return m_timeline; }
    ActionItemsPanel *actionItems() const { return m_actionItems; }
    PostMortemReview *review() const { return m_review; }
    /// Writes the post-mortem to `path` in the format its suffix names (.md, .html, .pdf).
    bool exportTo(const QString &path, QString *error = nullptr);

private:
    void chooseExportFile();
    void createActionItemFromSelection();

    PostMortemWindow(DesktopSession *desktop, const IncidentRecord &incident, QWidget *parent);
    ~PostMortemWindow() override;
    void saveUnsentEdits();

    DesktopSession *m_desktop;
    QString m_incident;
    QString m_statePath;
    PostMortemTimeline *m_timeline = nullptr;
    ActionItemsPanel *m_actionItems = nullptr;
    PostMortemReview *m_review = nullptr;
    Collab::PostMortemSession *m_session = nullptr;
    PostMortemEditor *m_editor = nullptr;
    QTimer m_saveTimer;
};

} // namespace Firebreak
