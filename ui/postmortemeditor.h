// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QPlainTextEdit>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QSyntaxHighlighter;

namespace Firebreak {

namespace Collab {
class PostMortemSession;
struct TextChange;
} // namespace Collab

/// The text area of the post-mortem editor: others' carets painted over the text, and undo and
/// redo handed to the document (which undoes this person's edits only).
class PostMortemTextEdit final : public QPlainTextEdit
{
    Q_OBJECT
public:
    struct RemoteCaret
    {
        int position = 0; ///< in the widget's UTF-16 positions
        QColor color;
        QString name;
    };

    explicit PostMortemTextEdit(QWidget *parent = nullptr);
    void setRemoteCarets(const QList<RemoteCaret> &carets);
    QList<RemoteCaret> remoteCarets() const { return m_carets; }

    /// The firebreak: link under a viewport point, or empty.
    QString linkAt(const QPoint &point) const;

Q_SIGNALS:
    void undoRequested();
    void redoRequested();
    void linkClicked(const QString &link);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QList<RemoteCaret> m_carets;
};

/**
 * A post-mortem written together: a Markdown editor on a Collab::PostMortemSession. Local
 * typing goes to the session, others' edits come back into the text without moving this
 * person's caret, others' carets and selections are shown in their colour, and a bar says who
 * is in the document. Markdown is highlighted with KSyntaxHighlighting when Firebreak was built
 * with it, else with a small built-in highlighter.
 */
class PostMortemEditor final : public QWidget
{
    Q_OBJECT
public:
    /// `session` is not owned; the editor stops following it when it is destroyed.
    explicit PostMortemEditor(Collab::PostMortemSession *session, QWidget *parent = nullptr);
    ~PostMortemEditor() override;

    PostMortemTextEdit *textEdit() const { return m_text; }
    /// Values for the template's {{placeholders}}: title, number, severity, service, start, end.
    void setTemplateValues(const QHash<QString, QString> &values);
    /// The organisation's template as the server keeps it (postmortem.set_template); empty for
    /// the built-in one.
    void setOrganisationTemplate(const QString &text) { m_organisationTemplate = text; }
    /// `organisationTemplate` if set, else the built-in template, with the placeholders filled.
    static QString templateText(const QHash<QString, QString> &values,
                                const QString &organisationTemplate = {});
    /// Inserts `text` at the caret as this person's edit (the curated timeline, for instance).
    void insertAtCursor(const QString &text);
    /// The selected passage in code points: [start, end); empty when nothing is selected.
    std::pair<qsizetype, qsizetype> selectedRange() const;
    /// Selects the passage [start, end) in code points and shows it.
    void selectRange(qsizetype start, qsizetype end);
    /// A stable colour for a person, readable on light and dark backgrounds.
    static QColor colorFor(const QString &actor);
    /**
     * Read-only for a person whose role may not edit post-mortems: others' edits still come
     * in, nothing is typed, inserted or undone here, and `reason` (the missing permission)
     * shows beside the participants and in the text's tool tip. Empty `reason` makes it
     * editable again.
     */
    void setReadOnlyReason(const QString &reason);
    bool isReadOnly() const { return !m_readOnlyReason.isEmpty(); }

Q_SIGNALS:
    /// A firebreak: link in the text was followed (Ctrl+click): `firebreak:event/ID`, …
    void linkActivated(const QString &link);

public Q_SLOTS:
    /// Starts an empty document from the template; does nothing once someone wrote.
    void insertTemplate();
    void undo();
    void redo();

protected:
    void changeEvent(QEvent *event) override;

private:
    void onContentsChanged();
    void onCursorMoved();
    void shareCursor();
    void applyChanges(const std::vector<Collab::TextChange> &changes);
    void refreshParticipants();
    void refreshTemplateButton();
    qsizetype toUtf16(qsizetype codePoint) const;
    qsizetype toCodePoint(qsizetype utf16) const;
    QString currentText() const;

    QPointer<Collab::PostMortemSession> m_session;
    PostMortemTextEdit *m_text = nullptr;
    QLabel *m_presence = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_templateButton = nullptr;
    QSyntaxHighlighter *m_highlighter = nullptr;
    QString m_shadow; ///< the text as the session has it, in UTF-16
    bool m_applying = false;
    QTimer m_cursorTimer;
    QHash<QString, QString> m_templateValues;
    QString m_organisationTemplate;
    QString m_readOnlyReason;
};

} // namespace Firebreak
