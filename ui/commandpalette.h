// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

class QAction;
class QLineEdit;
class QListWidget;
class QListWidgetItem;

namespace Firebreak {

class DesktopSession;

/**
 * Ctrl+K: one field that finds actions and incidents by a few typed letters ("ack",
 * "sev p1", "INC-12", words of a title) with fuzzy matching, best first. Return runs the
 * action or opens the incident; Escape closes. Only actions that can run now are offered.
 */
class CommandPalette final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandPalette)
public:
    /// The session is not owned; the actions are read when the palette opens.
    explicit CommandPalette(DesktopSession *session, QWidget *parent = nullptr);
    ~CommandPalette() override;

    void setActions(const QList<QAction *> &actions) { m_actions = actions; }
    /// Clears the field, fills the list and shows the palette over its parent.
    void popUp();

    /**
     * How well `pattern` matches `text`, ignoring case: -1 when its characters do not all
     * appear in order; otherwise higher for matches at word starts, runs of consecutive
     * characters and whole-word or prefix matches.
     */
    static int fuzzyScore(const QString &pattern, const QString &text);

    /// Lets Ctrl+K reach the palette from the text fields under `widget`, where it would
    /// otherwise delete to the end of the line.
    static void keepShortcutFrom(QWidget *widget);

Q_SIGNALS:
    /// An incident (UUID) was chosen.
    void incidentChosen(const QString &incidentId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Candidate
    {
        int score = 0;
        QString text;
        QString hint;
        QAction *action = nullptr;
        QString incidentId;
        /// Shown greyed, not run: the role lacks the action's permission (PermissionGate).
        bool refused = false;
    };

    void refresh();
    QList<Candidate> actionCandidates(const QString &pattern) const;
    QList<Candidate> incidentCandidates(const QString &pattern) const;
    void run(QListWidgetItem *item);

    DesktopSession *m_session;
    QList<QAction *> m_actions;
    QLineEdit *m_input = nullptr;
    QListWidget *m_list = nullptr;
};

} // namespace Firebreak
