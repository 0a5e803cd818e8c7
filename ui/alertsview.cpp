// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alertsview.h"

#include "alertlistmodel.h"
#include "alerts/sources.h"
#include "desktopsession.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

AlertsView::AlertsView(const DesktopSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new AlertListModel(session, this))
    , m_filter(new AlertFilterModel(this))
{
    setObjectName(u"alertsView"_s);
    m_filter->setSourceModel(m_model);

    m_table = new QTableView(this);
    m_table->setObjectName(u"alertsTable"_s);
    m_table->setAccessibleName(tr("Alerts"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(AlertListModel::ReceivedColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(AlertListModel::TitleColumn,
                                                      QHeaderView::Stretch);
    connect(m_table, &QTableView::activated, this, &AlertsView::onActivated);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(createFilterBar());
    layout->addWidget(m_table);

    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &AlertsView::refreshCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &AlertsView::refreshCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &AlertsView::refreshCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &AlertsView::refreshCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AlertsView::refreshSources);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AlertsView::refreshSources);
    refreshSources();
    refreshCount();
}

AlertsView::~AlertsView() = default;

QWidget *AlertsView::createFilterBar()
{
    auto *bar = new QWidget(this);
    m_text = new QLineEdit(bar);
    m_text->setObjectName(u"alertsFilter"_s);
    m_text->setPlaceholderText(tr("Filter by title, label, service…"));
    m_text->setAccessibleName(tr("Filter alerts"));
    m_text->setClearButtonEnabled(true);
    connect(m_text, &QLineEdit::textChanged, m_filter, &AlertFilterModel::setText);

    m_status = new QComboBox(bar);
    m_status->setObjectName(u"alertsStatus"_s);
    m_status->setAccessibleName(tr("Alert status"));
    m_status->addItem(tr("Any status"), QString());
    m_status->addItem(tr("Firing"), u"firing"_s);
    m_status->addItem(tr("Acknowledged"), u"acknowledged"_s);
    m_status->addItem(tr("Resolved"), u"resolved"_s);
    connect(m_status, &QComboBox::currentIndexChanged, this, [this]() {
        m_filter->setStatus(m_status->currentData().toString());
    });

    m_source = new QComboBox(bar);
    m_source->setObjectName(u"alertsSource"_s);
    m_source->setAccessibleName(tr("Alert source"));
    connect(m_source, &QComboBox::currentIndexChanged, this, [this]() {
        m_filter->setSource(m_source->currentData().toString());
    });

    m_suppression = new QComboBox(bar);
    m_suppression->setObjectName(u"alertsSuppression"_s);
    m_suppression->setAccessibleName(tr("Suppressed alerts"));
    m_suppression->addItem(tr("All alerts"), int(AlertFilterModel::Suppression::All));
    m_suppression->addItem(tr("Not suppressed"), int(AlertFilterModel::Suppression::ActiveOnly));
    m_suppression->addItem(tr("Suppressed only"),
                           int(AlertFilterModel::Suppression::SuppressedOnly));
    connect(m_suppression, &QComboBox::currentIndexChanged, this, [this]() {
        m_filter->setSuppression(
            AlertFilterModel::Suppression(m_suppression->currentData().toInt()));
    });

    m_count = new QLabel(bar);

    m_count->setTextFormat(Qt::PlainText);
    m_count->setObjectName(u"alertsCount"_s);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *widget : {static_cast<QWidget *>(m_text), static_cast<QWidget *>(m_status),
                            static_cast<QWidget *>(m_source),
                            static_cast<QWidget *>(m_suppression),
                            static_cast<QWidget *>(m_count)}) {
        layout->addWidget(widget, widget == m_text ? 1 : 0);
    }
    return bar;
}

void AlertsView::refreshSources()
{
    // Every source that can send, so the choice never depends on what arrived so far.
    if (m_source->count() > 0) {
        return;
    }
    m_source->addItem(tr("Any source"), QString());
    for (const QString &source : AlertSources::supported()) {
        m_source->addItem(source, source);
    }
}

void AlertsView::refreshCount()
{
    m_count->setText(tr("%n alert(s)", nullptr, m_filter->rowCount()));
}

void AlertsView::onActivated(const QModelIndex &index)
{
    const QString id = index.data(AlertListModel::AlertIdRole).toString();
    const AlertRecord *alert = m_session->projection().alert(id);
    if (alert && !alert->incident.isEmpty()) {
        Q_EMIT incidentActivated(alert->incident);
    }
}

} // namespace Firebreak
