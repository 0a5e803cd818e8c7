// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "auditlog.h"

#include "desktopsession.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak {

AuditLogModel::AuditLogModel(DesktopSession *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    connect(session, &DesktopSession::projectionReset, this, &AuditLogModel::reload);
    connect(session, &DesktopSession::eventsApplied, this, &AuditLogModel::addEvents);
    reload();
}

AuditLogModel::~AuditLogModel() = default;

bool AuditLogModel::isCommand(const Event &event)
{
    return event.actor.startsWith(u"user:"_s);
}

AuditLogModel::Row AuditLogModel::rowOf(const Event &event)
{
    const QJsonObject data = event.data();
    return {event.seq, event.at, event.actor.mid(5), data.value(u"origin"_s).toString(),
            event.type, event.incident};
}

void AuditLogModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_session->visitEvents([this](const Event &event) {
        if (isCommand(event)) {
            m_rows.append(rowOf(event));
        }
        return true;
    });
    endResetModel();

    QSet<QString> actors;
    for (const Row &row : std::as_const(m_rows)) {
        actors.insert(row.actor);
    }
    m_actors = actors.values();
    std::sort(m_actors.begin(), m_actors.end());
    Q_EMIT actorsChanged();
}

void AuditLogModel::addEvents(const EventList &events)
{
    QList<Row> fresh;
    for (const Event &event : events) {
        if (isCommand(event)) {
            fresh.append(rowOf(event));
        }
    }
    if (fresh.isEmpty()) {
        return;
    }
    // Newest first: new rows go on top.
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    m_rows += fresh;
    endInsertRows();

    bool newActor = false;
    for (const Row &row : std::as_const(fresh)) {
        if (!m_actors.contains(row.actor)) {
            m_actors.append(row.actor);
            newActor = true;
        }
    }
    if (newActor) {
        std::sort(m_actors.begin(), m_actors.end());
        Q_EMIT actorsChanged();
    }
}

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditLogModel::incidentText(const QString &incident) const
{
    const IncidentRecord *record = m_session->projection().incident(incident);
    return record ? u"INC-%1"_s.arg(record->number) : incident.left(8);
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const Row &row = m_rows.at(m_rows.size() - 1 - index.row());
    if (role == Qt::ToolTipRole && index.column() == Time) {
        return isoFromMs(row.at);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case Time:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.at).toLocalTime(),
                                  u"yyyy-MM-dd HH:mm:ss"_s);
    case Actor:
        return row.actor;
    case Origin:
        return row.origin.isEmpty() ? tr("not recorded") : row.origin;
    case Action:
        return row.type;
    case Incident:
        return row.incident.isEmpty() ? QString() : incidentText(row.incident);
    case Sequence:
        return row.seq;
    default:
        return {};
    }
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Time:
        return tr("Time");
    case Actor:
        return tr("Who");
    case Origin:
        return tr("From");
    case Action:
        return tr("Action");
    case Incident:
        return tr("Incident");
    case Sequence:
        return tr("Seq");
    default:
        return {};
    }
}

QStringList AuditLogModel::actors() const
{
    return m_actors;
}

void AuditLogFilter::setActor(const QString &actor)
{
    m_actor = actor;
    invalidateFilter();
}

void AuditLogFilter::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

bool AuditLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    const QString actor = model->index(sourceRow, AuditLogModel::Actor, sourceParent).data()
                              .toString();
    if (!m_actor.isEmpty() && actor != m_actor) {
        return false;
    }
    if (m_text.isEmpty()) {
        return true;
    }
    for (int column = 0; column < AuditLogModel::ColumnCount; ++column) {
        const QString cell = model->index(sourceRow, column, sourceParent).data().toString();
        if (cell.contains(m_text, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

AuditLogDock::AuditLogDock(DesktopSession *session, QWidget *parent)
    : QDockWidget(tr("Audit log"), parent)
    , m_model(new AuditLogModel(session, this))
    , m_filter(new AuditLogFilter(this))
{
    setObjectName(u"auditLogDock"_s);
    m_filter->setSourceModel(m_model);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    auto *filters = new QHBoxLayout;
    m_text = new QLineEdit(content);
    m_text->setObjectName(u"auditFilter"_s);
    m_text->setPlaceholderText(tr("Filter by action, person, origin or incident"));
    m_text->setAccessibleName(tr("Filter the audit log"));
    m_text->setClearButtonEnabled(true);
    m_actor = new QComboBox(content);
    m_actor->setObjectName(u"auditActor"_s);
    m_actor->setAccessibleName(tr("Only this person"));
    filters->addWidget(m_text, 1);
    filters->addWidget(m_actor);
    layout->addLayout(filters);

    m_table = new QTableView(content);
    m_table->setObjectName(u"auditTable"_s);
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(AuditLogModel::Action,
                                                      QHeaderView::Stretch);
    layout->addWidget(m_table);
    setWidget(content);

    connect(m_text, &QLineEdit::textChanged, m_filter, &AuditLogFilter::setText);
    connect(m_actor, &QComboBox::currentIndexChanged, this, [this]() {
        m_filter->setActor(m_actor->currentData().toString());
    });
    connect(m_model, &AuditLogModel::actorsChanged, this, &AuditLogDock::refreshActors);
    refreshActors();
}

AuditLogDock::~AuditLogDock() = default;

void AuditLogDock::refreshActors()
{
    const QString chosen = m_actor->currentData().toString();
    const QSignalBlocker blocker(m_actor);
    m_actor->clear();
    m_actor->addItem(tr("Everyone"), QString());
    for (const QString &actor : m_model->actors()) {
        m_actor->addItem(actor, actor);
    }
    m_actor->setCurrentIndex(qMax(0, m_actor->findData(chosen)));
}

} // namespace Firebreak
