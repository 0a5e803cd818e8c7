// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

class QCheckBox;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTextBrowser;

namespace Firebreak {

struct IncidentRecord;

/**
 * Writes a note in Markdown for an incident's timeline, with a preview rendered as the
 * timeline will show it. A note may become the incident's current summary (prefilled with the
 * summary in force when chosen). Ctrl+Return adds it. Deletes itself when closed.
 */
class NoteDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NoteDialog)
public:
    explicit NoteDialog(const IncidentRecord &incident, QWidget *parent = nullptr);
    ~NoteDialog() override;

    QString text() const;
    bool isSummary() const;

private:
    void refresh();

    QString m_summary;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    QTextBrowser *m_preview = nullptr;
    QCheckBox *m_summaryBox = nullptr;
    QPushButton *m_add = nullptr;
};

} // namespace Firebreak
