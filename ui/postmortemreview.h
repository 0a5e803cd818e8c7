// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace Firebreak {

class CommandSender;
class DesktopSession;
class PostMortemEditor;

namespace Collab {
class PostMortemSession;
}

/**
 * Review of one post-mortem: its state (draft, in review, published) and the buttons that move
 * it, the completion clock, root-cause tags, and comments on passages of the text. A comment
 * names the passage by the engine's ids of its first and last characters, so it still marks the
 * same words after anyone's edits; choosing a comment selects its passage in the editor.
 */
class PostMortemReview final : public QWidget
{
    Q_OBJECT
public:
    PostMortemReview(DesktopSession *desktop, const QString &incident,
                     Collab::PostMortemSession *session, PostMortemEditor *editor,
                     QWidget *parent = nullptr);

    QListWidget *comments() const { return m_comments; }
    /// Comments on the passage selected in the editor with the text typed.
    void commentOnSelection();
    /// Selects the passage of the comment in row `row` in the editor; false when it is gone.
    bool showComment(int row);
    void resolveSelectedComment();
    /// Sends a review command: postmortem.request_review, postmortem.publish, postmortem.reopen.
    void sendReview(const QString &type);

private:
    void refresh();
    void showMessage(const QString &message);

    DesktopSession *m_desktop;
    QString m_incident;
    Collab::PostMortemSession *m_session;
    PostMortemEditor *m_editor;
    CommandSender *m_sender;
    QLabel *m_state;
    QLabel *m_clock;
    QPushButton *m_requestReview;
    QPushButton *m_publish;
    QPushButton *m_reopen;
    QLineEdit *m_tags;
    QListWidget *m_comments;
    QLineEdit *m_commentText;
    QPushButton *m_comment;
    QPushButton *m_resolve;
    QLabel *m_message;
};

} // namespace Firebreak
