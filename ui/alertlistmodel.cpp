// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alertlistmodel.h"

#include "desktopsession.h"
#include "incidenttext.h"
#include "model/projection.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QString statusText(const QString &status)
{
    if (status == u"firing") {
        return AlertListModel::tr("Firing");
    }
    if (status == u"acknowledged") {
        return AlertListModel::tr("Acknowledged");
    }
    return status == u"resolved" ? AlertListModel::tr("Resolved") : status;
}

int statusRank(const QString &status)
{
    return status == u"firing" ? 0 : (status == u"acknowledged" ? 1 : 2);
}

} // namespace

AlertListModel::AlertListModel(const DesktopSession *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    Q_ASSERT(session);
    connect(session, &DesktopSession::eventsApplied, this, &AlertListModel::onEventsApplied);
    connect(session, &DesktopSession::projectionReset, this, &AlertListModel::rebuild);
    rebuild();
}

AlertListModel::~AlertListModel() = default;

QString AlertListModel::suppressionText(const QString &reason)
{
    if (reason == u"silence") {
        return tr("silenced");
    }
    if (reason == u"maintenance") {
        return tr("maintenance window");
    }
    if (reason == u"threshold") {
        return tr("waiting for threshold");
    }
    if (reason == u"flapping") {
        return tr("flapping");
    }
    return reason == u"route" ? tr("suppressed by route") : reason;
}

void AlertListModel::rebuild()
{
    beginResetModel();
    m_ids.clear();
    m_rowById.clear();
    m_searchTexts.clear();
    const QList<const AlertRecord *> alerts = m_session->projection().alerts();
    for (auto it = alerts.crbegin(); it != alerts.crend(); ++it) {
        m_rowById.insert((*it)->id, int(m_ids.size()));
        m_ids.append((*it)->id);
    }
    endResetModel();
}

void AlertListModel::onEventsApplied(const EventList &events)
{
    QStringList added;
    QList<int> changed;
    for (const Event &event : events) {
        if (!event.type.startsWith(u"alert.")) {
            continue;
        }
        const QJsonObject data = event.data();
        if (event.type == u"alert.received") {
            const QString id = data.value(u"alert"_s).toObject().value(u"id"_s).toString();
            if (!m_rowById.contains(id) && !added.contains(id)) {
                added.append(id);
            }
        } else if (const int row = rowOf(data.value(u"alert"_s).toString()); row >= 0) {
            changed.append(row);
        }
    }
    for (const int row : std::as_const(changed)) {
        if (std::size_t(row) < m_searchTexts.size()) {
            m_searchTexts[std::size_t(row)].reset();
        }
    }
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_ids.size()), int(m_ids.size() + added.size() - 1));
        for (const QString &id : std::as_const(added)) {
            m_rowById.insert(id, int(m_ids.size()));
            m_ids.append(id);
        }
        endInsertRows();
    }
    // Many changed alerts (a catch-up) are one span for the sorting proxy to check in one pass.
    if (changed.size() > 32) {
        const auto [first, last] = std::minmax_element(changed.cbegin(), changed.cend());
        Q_EMIT dataChanged(index(*first, 0), index(*last, ColumnCount - 1));
        return;
    }
    for (const int row : std::as_const(changed)) {
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

int AlertListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int AlertListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertListModel::data(const QModelIndex &index, int role) const
{
    // The filter asks every row on each keystroke: a kept search text needs no lookup.
    if (role == SearchTextRole && index.isValid()
        && std::size_t(index.row()) < m_searchTexts.size()) {
        if (const std::optional<QString> &text = m_searchTexts[std::size_t(index.row())]) {
            return *text;
        }
    }
    const AlertRecord *alert = index.isValid() ? m_session->projection().alert(
                                                     m_ids.value(index.row()))
                                               : nullptr;
    if (!alert) {
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        return displayData(*alert, index.column());
    case Qt::ToolTipRole:
        return index.column() == TitleColumn ? QVariant(IncidentText::plainToolTip(alert->title))
                                             : QVariant();
    case Qt::ForegroundRole:
        return alert->suppressed.isEmpty()
            ? QVariant()
            : QVariant(QGuiApplication::palette().brush(QPalette::PlaceholderText));
    case Qt::FontRole: {
        QFont font;
        font.setItalic(!alert->suppressed.isEmpty());
        return alert->suppressed.isEmpty() ? QVariant() : QVariant(font);
    }
    case AlertIdRole:
        return alert->id;
    case SortRole:
        return sortData(*alert, index.column());
    case SearchTextRole:
        return searchText(index.row(), *alert);
    case StatusRole:
        return alert->status;
    case SourceRole:
        return alert->source;
    case SuppressedRole:
        return alert->suppressed;
    default:
        return {};
    }
}

QVariant AlertListModel::displayData(const AlertRecord &alert, int column) const
{
    const Projection &projection = m_session->projection();
    switch (column) {
    case ReceivedColumn:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(alert.receivedAt).toLocalTime(),
                                  QLocale::ShortFormat);
    case StatusColumn:
        return statusText(alert.status);
    case SeverityColumn:
        return severityName(alert.severity);
    case SourceColumn:
        return alert.source;
    case TitleColumn:
        return alert.title;
    case ServiceColumn:
        return alert.service;
    case TeamColumn:
        return alert.team;
    case RouteColumn: {
        const RouteRecord *route = projection.alertState().route(alert.route);
        return route ? route->name : QString();
    }
    case SuppressedColumn:
        return suppressionText(alert.suppressed);
    case IncidentColumn: {
        const IncidentRecord *incident = projection.incident(alert.incident);
        return incident ? incident->numberText() : QString();
    }
    default:
        return {};
    }
}

QVariant AlertListModel::sortData(const AlertRecord &alert, int column) const
{
    switch (column) {
    case ReceivedColumn:
        return alert.receivedAt;
    case StatusColumn:
        return statusRank(alert.status);
    case SeverityColumn:
        return int(alert.severity);
    case IncidentColumn: {
        const IncidentRecord *incident = m_session->projection().incident(alert.incident);
        return incident ? incident->number : 0;
    }
    default:
        return displayData(alert, column).toString().toLower();
    }
}

const QString &AlertListModel::searchText(int row, const AlertRecord &alert) const
{
    if (m_searchTexts.size() < std::size_t(m_ids.size())) {
        m_searchTexts.resize(m_ids.size());
    }
    std::optional<QString> &text = m_searchTexts[std::size_t(row)];
    if (!text) {
        QStringList words{alert.title, alert.source, alert.service, alert.team, alert.dedupKey,
                          alert.sourceSeverity, severityName(alert.severity)};
        const QJsonObject labels = alert.labels();
        for (auto it = labels.begin(); it != labels.end(); ++it) {
            words << it.key() + u'=' + it.value().toString();
        }
        text = words.join(u' ');
    }
    return *text;
}

QVariant AlertListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case ReceivedColumn:
        return tr("Received");
    case StatusColumn:
        return tr("Status");
    case SeverityColumn:
        return tr("Severity");
    case SourceColumn:
        return tr("Source");
    case TitleColumn:
        return tr("Title");
    case ServiceColumn:
        return tr("Service");
    case TeamColumn:
        return tr("Team");
    case RouteColumn:
        return tr("Route");
    case SuppressedColumn:
        return tr("Suppressed");
    case IncidentColumn:
        return tr("Incident");
    default:
        return {};
    }
}

AlertFilterModel::AlertFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(AlertListModel::SortRole);
    setDynamicSortFilter(true);
}

void AlertFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void AlertFilterModel::setStatus(const QString &status)
{
    m_status = status;
    invalidateFilter();
}

void AlertFilterModel::setSource(const QString &source)
{
    m_sourceName = source;
    invalidateFilter();
}

void AlertFilterModel::setSuppression(Suppression suppression)
{
    m_suppression = suppression;
    invalidateFilter();
}

bool AlertFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_suppression != Suppression::All) {
        const bool suppressed = !index.data(AlertListModel::SuppressedRole).toString().isEmpty();
        if (suppressed != (m_suppression == Suppression::SuppressedOnly)) {
            return false;
        }
    }
    if ((!m_status.isEmpty() && index.data(AlertListModel::StatusRole).toString() != m_status)
        || (!m_sourceName.isEmpty()
            && index.data(AlertListModel::SourceRole).toString() != m_sourceName)) {
        return false;
    }
    return m_text.isEmpty()
        || index.data(AlertListModel::SearchTextRole).toString().contains(m_text,
                                                                          Qt::CaseInsensitive);
}

} // namespace Firebreak
