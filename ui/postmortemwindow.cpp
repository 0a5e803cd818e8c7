// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "postmortemwindow.h"

#include "collab/postmortemsession.h"
#include "desktopsession.h"
#include "logging.h"
#include "model/projection.h"
#include "actionitemspanel.h"
#include "postmortemeditor.h"
#include "postmortemexport.h"
#include "postmortemreview.h"
#include "postmortemtimeline.h"
#include "permissiongate.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QString windowName(const QString &incident)
{
    return u"postMortemWindow-"_s + incident;
}

QHash<QString, QString> templateValues(const IncidentRecord &incident)
{
    const auto time = [](qint64 ms) { return ms > 0 ? isoFromMs(ms) : u"…"_s; };
    return {{u"title"_s, incident.title},
            {u"number"_s, incident.numberText()},
            {u"severity"_s, severityName(incident.severity)},
            {u"service"_s, incident.service.isEmpty() ? u"…"_s : incident.service},
            {u"start"_s, time(incident.createdAt)},
            {u"end"_s, time(incident.resolvedAt)}};
}

} // namespace

PostMortemWindow *PostMortemWindow::open(DesktopSession *desktop, const IncidentRecord &incident,
                                         QWidget *parent)
{
    auto *window = parent->findChild<PostMortemWindow *>(windowName(incident.id),
                                                         Qt::FindDirectChildrenOnly);
    if (!window) {
        window = new PostMortemWindow(desktop, incident, parent);
    }
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}

PostMortemWindow::PostMortemWindow(DesktopSession *desktop, const IncidentRecord &incident,
                                   QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_desktop(desktop)
    , m_incident(incident.id)
    , m_session(new Collab::PostMortemSession(desktop->syncClient(), incident.id, this))
{
    setObjectName(windowName(incident.id));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Post-mortem of %1: %2").arg(incident.numberText(), incident.title));

    // Edits still unsent when the desktop last closed come back first, then what the replica
    // holds; the connection brings the rest and takes the unsent edits.
    m_statePath = QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
                      .filePath(u"postmortems/%1.state"_s.arg(incident.id));
    QFile state(m_statePath);
    if (state.open(QIODevice::ReadOnly) && !m_session->restoreState(state.readAll())) {
        qCWarning(lcUi) << "ignoring unreadable post-mortem state" << m_statePath;
    }
    m_session->applyEvents(desktop->timeline(incident.id));
    m_saveTimer.setInterval(2000);
    connect(&m_saveTimer, &QTimer::timeout, this, &PostMortemWindow::saveUnsentEdits);
    m_saveTimer.start();
    m_editor = new PostMortemEditor(m_session, this);
    m_editor->setTemplateValues(templateValues(incident));
    m_editor->setOrganisationTemplate(desktop->followUp().templateText());
    connect(desktop, &DesktopSession::eventsApplied, this, [this]() {
        m_editor->setOrganisationTemplate(m_desktop->followUp().templateText());
    });

    // The timeline on the left, the text in the middle, follow-up on the right.
    m_timeline = new PostMortemTimeline(desktop, incident.id, this);
    m_actionItems = new ActionItemsPanel(desktop, incident.id, this);
    m_review = new PostMortemReview(desktop, incident.id, m_session, m_editor, this);
    connect(m_timeline, &PostMortemTimeline::insertRequested, m_editor,
            &PostMortemEditor::insertAtCursor);
    connect(m_editor, &PostMortemEditor::linkActivated, m_timeline,
            &PostMortemTimeline::showLink);
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(u"postMortemSideTabs"_s);
    tabs->addTab(m_actionItems, tr("Action items"));
    tabs->addTab(m_review, tr("Review"));
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_timeline);
    splitter->addWidget(m_editor);
    splitter->addWidget(tabs);
    splitter->setStretchFactor(1, 2);

    auto *exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setObjectName(u"postMortemExport"_s);
    connect(exportButton, &QPushButton::clicked, this, &PostMortemWindow::chooseExportFile);
    auto *fromSelection = new QPushButton(tr("Action item from selection"), this);
    fromSelection->setObjectName(u"postMortemActionFromSelection"_s);
    connect(fromSelection, &QPushButton::clicked, this,
            &PostMortemWindow::createActionItemFromSelection);
    auto *bar = new QHBoxLayout;
    bar->addStretch(1);
    bar->addWidget(fromSelection);
    bar->addWidget(exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    resize(1400, 800);

    // A role that may not write post-mortems reads this one as it grows, and writes nothing.
    const auto gate = [this, fromSelection]() {
        const QString missing = m_desktop->missingPermission(u"postmortem.edit"_s);
        m_editor->setReadOnlyReason(missing.isEmpty() ? QString()
                                                      : PermissionGate::missingText(missing));
        PermissionGate::apply(fromSelection, *m_desktop, u"action_item.create"_s);
    };
    connect(desktop, &DesktopSession::permissionsChanged, this, gate);
    gate();
}

void PostMortemWindow::createActionItemFromSelection()
{
    const auto [start, end] = m_editor->selectedRange();
    const QString passage = m_session->text().mid(start, end - start);
    m_actionItems->createFromText(passage);
    if (auto *tabs = findChild<QTabWidget *>(u"postMortemSideTabs"_s)) {
        tabs->setCurrentWidget(m_actionItems);
    }
}

bool PostMortemWindow::exportTo(const QString &path, QString *error)
{
    const IncidentRecord *incident = m_desktop->projection().incident(m_incident);
    const QString title = incident ? tr("Post-mortem of %1: %2").arg(incident->numberText(),
                                                                      incident->title)
                                   : tr("Post-mortem");
    PostMortemExport exporter(m_session->text(), title,
                              m_desktop->followUp().postMortem(m_incident));
    if (exporter.write(path, PostMortemExport::formatFor(path))) {
        return true;
    }
    qCWarning(lcUi) << "cannot export the post-mortem to" << path << ":"
                    << exporter.errorString();
    if (error) {
        *error = exporter.errorString();
    }
    return false;
}

void PostMortemWindow::chooseExportFile()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the post-mortem"), QString(),
        tr("PDF (*.pdf);;HTML (*.html);;Markdown (*.md)"));
    QString error;
    if (!path.isEmpty() && !exportTo(path, &error)) {
        QMessageBox::warning(this, tr("Export failed"),
                             tr("The post-mortem could not be written to %1: %2").arg(path, error));
    }
}

PostMortemWindow::~PostMortemWindow()
{
    saveUnsentEdits();
}

void PostMortemWindow::saveUnsentEdits()
{
    if (!m_session->hasPendingEdits()) {
        QFile::remove(m_statePath);
        return;
    }
    QDir().mkpath(QFileInfo(m_statePath).absolutePath());
    QSaveFile file(m_statePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_session->saveState()) < 0
        || !file.commit()) {
        qCWarning(lcUi) << "cannot keep unsent post-mortem edits in" << m_statePath << ":"
                             << file.errorString();
    }
}

} // namespace Firebreak
