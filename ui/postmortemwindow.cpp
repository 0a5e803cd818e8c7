// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "postmortemwindow.h"

#include "collab/postmortemsession.h"
#include "desktopsession.h"
#include "logging.h"
#include "model/projection.h"
#include "postmortemeditor.h"

#include <QDir>
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
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);
    resize(800, 700);
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
