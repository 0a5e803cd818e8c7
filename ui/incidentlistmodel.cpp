// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "incidentlistmodel.h"

#include "desktopsession.h"
#include "incidenttext.h"
#include "incidentstyle.h"

#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {
constexpr int s_defaultAgeRefreshMs = 30 * 1000;
}

IncidentListModel::IncidentListModel(const DesktopSession *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    Q_ASSERT(m_session);
    connect(m_session, &DesktopSession::eventsApplied, this,
            &IncidentListModel::onEventsApplied);
    connect(m_session, &DesktopSession::projectionReset, this, &IncidentListModel::rebuild);
    connect(&m_ageTimer, &QTimer::timeout, this, &IncidentListModel::refreshAges);
    m_ageTimer.start(s_defaultAgeRefreshMs);
    rebuild();
}

IncidentListModel::~IncidentListModel() = default;

int IncidentListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int IncidentListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int IncidentListModel::rowOf(const QString &incidentId) const
{
    return m_rowById.value(incidentId, -1);
}

QString IncidentListModel::incidentIdAt(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids.at(row) : QString();
}

void IncidentListModel::rebuild()
{
    beginResetModel();
    m_ids.clear();
    m_numbers.clear();
    m_rowById.clear();
    // The projection lists incidents newest first; rows keep the order they were opened in.
    const QList<const IncidentRecord *> incidents = m_session->projection().incidents();
    m_ids.reserve(incidents.size());
    m_numbers.reserve(incidents.size());
    m_rowById.reserve(incidents.size());
    for (auto it = incidents.crbegin(); it != incidents.crend(); ++it) {
        m_rowById.insert((*it)->id, int(m_ids.size()));
        m_ids.append((*it)->id);
        m_numbers.append((*it)->number);
    }
    endResetModel();
}

void IncidentListModel::onEventsApplied(const EventList &events)
{
    QStringList opened;
    QSet<QString> seen;
    QList<int> changed;
    for (const Event &event : events) {
        if (event.incident.isEmpty()) {
            continue;
        }
        const int row = rowOf(event.incident);
        if (row >= 0) {
            changed.append(row);
        } else if (event.type == u"incident.opened" && !seen.contains(event.incident)) {
            seen.insert(event.incident);
            opened.append(event.incident);
        }
    }
    insertIncidents(opened);
    announceChangedRows(std::move(changed));
}

void IncidentListModel::insertIncidents(const QStringList &ids)
{
    if (ids.isEmpty()) {
        return;
    }
    const int first = int(m_ids.size());
    beginInsertRows({}, first, first + int(ids.size()) - 1);
    for (const QString &id : ids) {
        const IncidentRecord *incident = m_session->projection().incident(id);
        m_rowById.insert(id, int(m_ids.size()));
        m_ids.append(id);
        m_numbers.append(incident ? incident->number : 0);
    }
    endInsertRows();
}

void IncidentListModel::announceChangedRows(QList<int> rows)
{
    // One signal per run of adjacent rows keeps a catch-up of many events cheap for views;
    // rows scattered over the list (a catch-up touching thousands of incidents) are announced
    // as one span, which the sorting proxy checks in one pass instead of once per run.
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    if (rows.isEmpty()) {
        return;
    }
    constexpr qsizetype s_maxRuns = 32;
    qsizetype runs = 1;
    for (qsizetype i = 1; i < rows.size() && runs <= s_maxRuns; ++i) {
        runs += rows.at(i) == rows.at(i - 1) + 1 ? 0 : 1;
    }
    if (runs > s_maxRuns) {
        Q_EMIT dataChanged(index(rows.constFirst(), 0), index(rows.constLast(), ColumnCount - 1));
        return;
    }
    qsizetype start = 0;
    for (qsizetype i = 1; i <= rows.size(); ++i) {
        if (i < rows.size() && rows.at(i) == rows.at(i - 1) + 1) {
            continue;
        }
        Q_EMIT dataChanged(index(rows.at(start), 0), index(rows.at(i - 1), ColumnCount - 1));
        start = i;
    }
}

void IncidentListModel::refreshAges()
{
    if (!m_ids.isEmpty()) {
        Q_EMIT dataChanged(index(0, AgeColumn), index(int(m_ids.size()) - 1, AgeColumn),
                           {Qt::DisplayRole});
    }
}

QVariant IncidentListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    // The default sort needs no lookup: numbers never change.
    if (role == SortRole && index.column() == NumberColumn) {
        return m_numbers.at(index.row());
    }
    const IncidentRecord *incident = m_session->projection().incident(m_ids.at(index.row()));
    if (!incident) {
        return {};
    }

    switch (role) {
    case Qt::DisplayRole:
        return displayData(*incident, index.column());
    case Qt::ToolTipRole:
        return index.column() == AgeColumn
            ? QVariant(IncidentText::time(incident->createdAt))
            : IncidentText::plainToolTip(displayData(*incident, index.column()).toString());
    case Qt::DecorationRole:
        return index.column() == SeverityColumn ? QVariant(swatch(incident->severity))
                                                : QVariant();
    case Qt::ForegroundRole:
        return foregroundData(*incident, index.column());
    case Qt::FontRole:
        if (index.column() == StatusColumn && incident->status == IncidentStatus::Triggered) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case IncidentIdRole:
        return incident->id;
    case SortRole:
        return sortData(*incident, index.column());
    case SearchTextRole:
        return searchText(index.row());
    }
    return {};
}

QString IncidentListModel::searchText(int row) const
{
    // Built in one allocation: the filter asks for it for every row at every keystroke.
    const IncidentRecord *incident = m_session->projection().incident(m_ids.at(row));
    if (!incident) {
        return {};
    }
    return incident->numberText() + u'\n' + incident->title + u'\n'
        + severityName(incident->severity) + u'\n' + statusWord(incident->status) + u'\n'
        + incident->service;
}

QVariant IncidentListModel::displayData(const IncidentRecord &incident, int column) const
{
    switch (column) {
    case NumberColumn:
        return incident.numberText();
    case TitleColumn:
        return incident.title;
    case SeverityColumn:
        return severityName(incident.severity);
    case StatusColumn:
        return statusWord(incident.status);
    case AgeColumn:
        return IncidentText::age(incident.createdAt, QDateTime::currentMSecsSinceEpoch());
    case ServiceColumn:
        return incident.service;
    }
    return {};
}

/// IncidentText::status, translated once per model rather than once per cell.
const QString &IncidentListModel::statusWord(IncidentStatus status) const
{
    QString &word = m_statusWords.at(std::size_t(status));
    if (word.isEmpty()) {
        word = IncidentText::status(status);
    }
    return word;
}

QVariant IncidentListModel::sortData(const IncidentRecord &incident, int column) const
{
    switch (column) {
    case NumberColumn:
        return incident.number;
    case SeverityColumn:
        return int(incident.severity);
    case StatusColumn:
        return int(incident.status);
    case AgeColumn:
        return -incident.createdAt;
    default:
        return displayData(incident, column).toString().toCaseFolded();
    }
}

QVariant IncidentListModel::foregroundData(const IncidentRecord &incident, int column) const
{
    const QPalette palette = QGuiApplication::palette();
    if (!incident.isOpen()) {
        return palette.color(QPalette::PlaceholderText);
    }
    const QColor base = palette.color(QPalette::Base);
    if (column == SeverityColumn) {
        return IncidentStyle::severityTextColor(incident.severity, base);
    }
    if (column == StatusColumn) {
        return IncidentStyle::readableOn(IncidentStyle::statusColor(incident.status), base);
    }
    return {};
}

QIcon IncidentListModel::swatch(Severity severity) const
{
    QIcon &icon = m_swatches.at(std::size_t(severity));
    if (icon.isNull()) {
        icon = IncidentStyle::severitySwatch(severity);
    }
    return icon;
}

QVariant IncidentListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case NumberColumn:
        return tr("Incident");
    case TitleColumn:
        return tr("Title");
    case SeverityColumn:
        return tr("Severity");
    case StatusColumn:
        return tr("Status");
    case AgeColumn:
        return tr("Age");
    case ServiceColumn:
        return tr("Service");
    }
    return {};
}

} // namespace Firebreak
