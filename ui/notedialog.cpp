// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "notedialog.h"

#include "markdownhighlighter.h"
#include "model/projection.h"
#include "notemarkdown.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

NoteDialog::NoteDialog(const IncidentRecord &incident, QWidget *parent)
    : QDialog(parent)
    , m_summary(incident.summary)
{
    setObjectName(u"noteDialog"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Add a Note — %1").arg(incident.numberText()));
    resize(560, 380);

    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(u"noteEditor"_s);
    m_editor->setAccessibleName(tr("Note in Markdown"));
    m_editor->setPlaceholderText(tr("What was seen, tried or decided. Markdown works:"
                                    " **bold**, `code`, lists, links."));
    m_editor->setTabChangesFocus(true);
    new MarkdownHighlighter(m_editor->document());

    m_preview = new QTextBrowser(this);
    m_preview->setObjectName(u"notePreview"_s);
    m_preview->setOpenLinks(false);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"noteTabs"_s);
    m_tabs->addTab(m_editor, tr("&Write"));
    m_tabs->addTab(m_preview, tr("Pre&view"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this]() {
        NoteMarkdown::render(m_preview->document(), text());
    });

    m_summaryBox = new QCheckBox(tr("Make this the incident's current &summary"), this);
    m_summaryBox->setObjectName(u"noteSummaryCheckBox"_s);
    connect(m_summaryBox, &QCheckBox::toggled, this, [this](bool summary) {
        // Start a new summary from the one in force, so that it is edited, not retyped.
        if (summary && m_editor->toPlainText().trimmed().isEmpty() && !m_summary.isEmpty()) {
            m_editor->setPlainText(m_summary);
        }
    });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_add = buttons->addButton(tr("&Add Note"), QDialogButtonBox::AcceptRole);
    m_add->setObjectName(u"addNoteButton"_s);
    m_add->setToolTip(tr("Add the note (Ctrl+Return)"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *send = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(send, &QShortcut::activated, this, [this]() {
        if (m_add->isEnabled()) {
            accept();
        }
    });
    connect(m_editor, &QPlainTextEdit::textChanged, this, &NoteDialog::refresh);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_summaryBox);
    layout->addWidget(buttons);
    refresh();
    m_editor->setFocus();
}

NoteDialog::~NoteDialog() = default;

QString NoteDialog::text() const
{
    return m_editor->toPlainText().trimmed();
}

bool NoteDialog::isSummary() const
{
    return m_summaryBox->isChecked();
}

void NoteDialog::refresh()
{
    m_add->setEnabled(!text().isEmpty());
}

} // namespace Firebreak
