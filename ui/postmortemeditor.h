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

Q_SIGNALS:
    void undoRequested();
    void redoRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
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
    /// The organisation's template if there is one (templates/postmortem.md in the
    /// application's data folder), else the built-in one, with the placeholders filled.
    static QString templateText(const QHash<QString, QString> &values);
    /// A stable colour for a person, readable on light and dark backgrounds.
    static QColor colorFor(const QString &actor);

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
};

} // namespace Firebreak
