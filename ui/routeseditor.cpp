// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "routeseditor.h"

#include "alerts/routing.h"
#include "desktopsession.h"
#include "permissiongate.h"
#include "model/projection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr int s_dryRunAlerts = 200;
const QString s_draftId = u"draft"_s;

QSpinBox *spinBox(QWidget *parent, const QString &name, int min, int max, const QString &suffix)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(min, max);
    box->setSuffix(suffix);
    return box;
}

QCheckBox *checkBox(QWidget *parent, const QString &name, const QString &text)
{
    auto *box = new QCheckBox(text, parent);
    box->setObjectName(name);
    return box;
}

QLineEdit *lineEdit(QWidget *parent, const QString &name, const QString &accessibleName)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setAccessibleName(accessibleName);
    return edit;
}

QString routeName(const QJsonObject &placement)
{
    const QString name = placement.value(u"routeName"_s).toString();
    return name.isEmpty() ? RoutesEditor::tr("(no route)") : name;
}

} // namespace

RoutesEditor::RoutesEditor(DesktopSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(u"routesEditor"_s);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(createList());
    splitter->addWidget(createForm());
    splitter->addWidget(createDryRunPane());
    splitter->setStretchFactor(2, 1);
    m_message = new QLabel(this);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setObjectName(u"routesMessage"_s);
    m_message->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    layout->addWidget(m_message);

    connect(session, &DesktopSession::eventsApplied, this, &RoutesEditor::onEventsApplied);
    connect(session, &DesktopSession::projectionReset, this, &RoutesEditor::refreshList);
    if (SyncClient *sync = session->syncClient()) {
        connect(sync, &SyncClient::commandAnswered, this, &RoutesEditor::onCommandAnswered);
    }
    // Only a role that manages integrations changes routes; the others may still dry-run.
    connect(session, &DesktopSession::permissionsChanged, this, [this]() {
        showRoute(m_routeId);
    });
    refreshList();
    showRoute(QString());
}

RoutesEditor::~RoutesEditor() = default;

QWidget *RoutesEditor::createList()
{
    auto *pane = new QWidget(this);
    m_list = new QListWidget(pane);
    m_list->setObjectName(u"routesList"_s);
    m_list->setAccessibleName(tr("Routes, in the order they are tried"));
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item) {
            showRoute(item->data(Qt::UserRole).toString());
        }
    });
    auto *add = new QPushButton(tr("&New route"), pane);
    add->setObjectName(u"routesNew"_s);
    connect(add, &QPushButton::clicked, this, [this]() {
        m_list->setCurrentItem(nullptr);
        showRoute(QString());
    });
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    layout->addWidget(add);
    return pane;
}

QWidget *RoutesEditor::createForm()
{
    auto *pane = new QWidget(this);
    auto *save = new QPushButton(tr("&Save"), pane);
    save->setObjectName(u"routesSave"_s);
    connect(save, &QPushButton::clicked, this, &RoutesEditor::save);
    m_delete = new QPushButton(tr("&Delete"), pane);
    m_delete->setObjectName(u"routesDelete"_s);
    connect(m_delete, &QPushButton::clicked, this, &RoutesEditor::deleteRoute);
    auto *dryRun = new QPushButton(tr("D&ry run"), pane);
    dryRun->setObjectName(u"routesDryRun"_s);
    dryRun->setToolTip(tr("Place the last alerts received under these routes, saving nothing"));
    connect(dryRun, &QPushButton::clicked, this, &RoutesEditor::dryRun);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(dryRun);
    buttons->addStretch();
    buttons->addWidget(m_delete);
    buttons->addWidget(save);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(createMatchingGroup());
    layout->addWidget(createSettingGroup());
    layout->addWidget(createWatchGroup());
    layout->addLayout(buttons);
    layout->addStretch();
    return pane;
}

QWidget *RoutesEditor::createMatchingGroup()
{
    auto *group = new QGroupBox(tr("Route"), this);
    m_name = lineEdit(group, u"routeName"_s, tr("Route name"));
    m_position = spinBox(group, u"routePosition"_s, -1000000, 1000000, QString());
    m_enabled = checkBox(group, u"routeEnabled"_s, tr("Enabled"));
    m_matchers = new QPlainTextEdit(group);
    m_matchers->setObjectName(u"routeMatchers"_s);
    m_matchers->setAccessibleName(tr("Matchers"));
    m_matchers->setPlaceholderText(tr("One per line: service=checkout, env!~dev|test,"
                                      " @source=datadog"));
    m_matchers->setTabChangesFocus(true);
    auto *form = new QFormLayout(group);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Position:"), m_position);
    form->addRow(QString(), m_enabled);
    form->addRow(tr("&Matchers:"), m_matchers);
    return group;
}

QWidget *RoutesEditor::createSettingGroup()
{
    auto *group = new QGroupBox(tr("Sets"), this);
    m_service = lineEdit(group, u"routeService"_s, tr("Service"));
    m_team = lineEdit(group, u"routeTeam"_s, tr("Team"));
    m_escalation = lineEdit(group, u"routeEscalation"_s, tr("Escalation"));
    m_severity = new QComboBox(group);
    m_severity->setObjectName(u"routeSeverity"_s);
    m_severity->addItem(tr("Keep the alert's"), QString());
    for (const QString &severity : {u"P1"_s, u"P2"_s, u"P3"_s, u"P4"_s}) {
        m_severity->addItem(severity, severity);
    }
    auto *form = new QFormLayout(group);
    form->addRow(tr("Ser&vice:"), m_service);
    form->addRow(tr("&Team:"), m_team);
    form->addRow(tr("Se&verity:"), m_severity);
    form->addRow(tr("&Escalation:"), m_escalation);
    return group;
}

QWidget *RoutesEditor::createWatchGroup()
{
    auto *group = new QGroupBox(tr("Grouping and noise"), this);
    m_groupBy = lineEdit(group, u"routeGroupBy"_s, tr("Group by labels"));
    m_groupBy->setPlaceholderText(tr("alertname, service (empty: as the source groups)"));
    m_groupWindow = spinBox(group, u"routeGroupWindow"_s, 0, 7 * 24 * 60, tr(" min"));
    m_groupWindow->setSpecialValueText(tr("while open"));
    m_threshold = spinBox(group, u"routeThreshold"_s, 0, 10000, tr(" alerts"));
    m_threshold->setSpecialValueText(tr("off"));
    m_thresholdMinutes = spinBox(group, u"routeThresholdMinutes"_s, 1, 24 * 60, tr(" min"));
    m_flapping = spinBox(group, u"routeFlapping"_s, 0, 1000, tr(" changes"));
    m_flapping->setSpecialValueText(tr("off"));
    m_flappingMinutes = spinBox(group, u"routeFlappingMinutes"_s, 1, 24 * 60, tr(" min"));
    m_autoResolve = checkBox(group, u"routeAutoResolve"_s,
                             tr("Resolve the incident when all its alerts resolve"));
    m_followAcknowledgement = checkBox(group, u"routeFollowAcknowledgement"_s,
                                       tr("Acknowledge when the source acknowledges"));
    m_suppress = checkBox(group, u"routeSuppress"_s, tr("Keep the alerts but open nothing"));

    auto *threshold = new QHBoxLayout;
    threshold->addWidget(m_threshold);
    threshold->addWidget(new QLabel(tr("within"), group));
    threshold->addWidget(m_thresholdMinutes);
    auto *flapping = new QHBoxLayout;
    flapping->addWidget(m_flapping);
    flapping->addWidget(new QLabel(tr("within"), group));
    flapping->addWidget(m_flappingMinutes);
    auto *form = new QFormLayout(group);
    form->addRow(tr("&Group by:"), m_groupBy);
    form->addRow(tr("Join &within:"), m_groupWindow);
    form->addRow(tr("Open after:"), threshold);
    form->addRow(tr("Flapping at:"), flapping);
    form->addRow(QString(), m_autoResolve);
    form->addRow(QString(), m_followAcknowledgement);
    form->addRow(QString(), m_suppress);
    return group;
}

QWidget *RoutesEditor::createDryRunPane()
{
    auto *pane = new QWidget(this);
    m_summary = new QLabel(tr("Dry run: place the last alerts under these routes."), pane);
    m_summary->setObjectName(u"dryRunSummary"_s);
    m_summary->setWordWrap(true);
    m_dryRun = new QTableWidget(0, 4, pane);
    m_dryRun->setObjectName(u"dryRunTable"_s);
    m_dryRun->setAccessibleName(tr("Dry run results"));
    m_dryRun->setHorizontalHeaderLabels({tr("Alert"), tr("Now"), tr("With these routes"),
                                         tr("Changes")});
    m_dryRun->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_dryRun->verticalHeader()->hide();
    m_dryRun->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_dryRun);
    return pane;
}

void RoutesEditor::refreshList()
{
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const RouteRecord *route : m_session->projection().alertState().routes()) {
        auto *item = new QListWidgetItem(route->enabled ? route->name
                                                        : tr("%1 (off)").arg(route->name));
        item->setData(Qt::UserRole, route->id);
        m_list->addItem(item);
        if (route->id == m_routeId) {
            m_list->setCurrentItem(item);
        }
    }
}

void RoutesEditor::showRoute(const QString &routeId)
{
    const RouteRecord *route = m_session->projection().alertState().route(routeId);
    m_routeId = route ? routeId : QString();
    fillForm(route);
    PermissionGate::apply(m_delete, *m_session, u"route.delete"_s, route != nullptr);
    PermissionGate::apply(findChild<QPushButton *>(u"routesSave"_s), *m_session,
                          route ? u"route.update"_s : u"route.create"_s);
    PermissionGate::apply(findChild<QPushButton *>(u"routesNew"_s), *m_session,
                          u"route.create"_s);
}

void RoutesEditor::fillForm(const RouteRecord *route)
{
    const RouteRecord blank = [] {
        RouteRecord r;
        r.flapTransitions = DefaultFlapTransitions;
        r.flapWindowMs = DefaultFlapWindowMs;
        r.thresholdWindowMs = 10 * 60 * 1000;
        return r;
    }();
    const RouteRecord &r = route ? *route : blank;
    QStringList matchers;
    for (const LabelMatcher &matcher : r.matchers) {
        matchers.append(matcher.toText());
    }
    m_name->setText(r.name);
    m_position->setValue(r.position);
    m_enabled->setChecked(r.enabled);
    m_matchers->setPlainText(matchers.join(u'\n'));
    m_service->setText(r.service);
    m_team->setText(r.team);
    m_escalation->setText(r.escalation);
    m_severity->setCurrentIndex(qMax(0, m_severity->findData(severityName(r.severity))));
    m_groupBy->setText(r.groupBy.join(u", "_s));
    m_groupWindow->setValue(int(r.groupWindowMs / 60000));
    m_threshold->setValue(r.thresholdAlerts);
    m_thresholdMinutes->setValue(int(r.thresholdWindowMs / 60000));
    m_flapping->setValue(r.flapTransitions);
    m_flappingMinutes->setValue(int(r.flapWindowMs / 60000));
    m_autoResolve->setChecked(r.autoResolve);
    m_followAcknowledgement->setChecked(r.followSourceAcknowledgement);
    m_suppress->setChecked(r.suppress);
}

QJsonObject RoutesEditor::formRoute(QString *error) const
{
    QJsonArray matchers;
    const QStringList lines = m_matchers->toPlainText().split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const QJsonObject matcher = LabelMatcher::jsonFromText(line, error);
        if (matcher.isEmpty()) {
            return {};
        }
        matchers.append(matcher);
    }
    QJsonArray groupBy;
    for (const QString &label : m_groupBy->text().split(u',', Qt::SkipEmptyParts)) {
        groupBy.append(label.trimmed());
    }
    const QJsonObject route{
        {u"name"_s, m_name->text().trimmed()},
        {u"position"_s, m_position->value()},
        {u"enabled"_s, m_enabled->isChecked()},
        {u"matchers"_s, matchers},
        {u"set"_s, QJsonObject{{u"service"_s, m_service->text().trimmed()},
                               {u"team"_s, m_team->text().trimmed()},
                               {u"severity"_s, m_severity->currentData().toString()},
                               {u"escalation"_s, m_escalation->text().trimmed()}}},
        {u"groupBy"_s, groupBy},
        {u"groupWindowMinutes"_s, m_groupWindow->value()},
        {u"threshold"_s, QJsonObject{{u"alerts"_s, m_threshold->value()},
                                     {u"minutes"_s, m_thresholdMinutes->value()}}},
        {u"flapping"_s, QJsonObject{{u"transitions"_s, m_flapping->value()},
                                    {u"minutes"_s, m_flappingMinutes->value()}}},
        {u"autoResolve"_s, m_autoResolve->isChecked()},
        {u"followSourceAcknowledgement"_s, m_followAcknowledgement->isChecked()},
        {u"suppress"_s, m_suppress->isChecked()},
    };
    RouteRecord check;
    QJsonObject withId = route;
    withId.insert(u"id"_s, s_draftId);
    return RouteRecord::fromJson(withId, &check, error) ? route : QJsonObject();
}

QJsonObject RoutesEditor::dryRun()
{
    QString error;
    QJsonObject edited = formRoute(&error);
    if (edited.isEmpty()) {
        showMessage(error, true);
        return {};
    }
    // The saved routes, with the one in the form in its place (or added).
    QList<RouteRecord> candidates;
    for (const RouteRecord *route : m_session->projection().alertState().routes()) {
        if (route->id != m_routeId) {
            candidates.append(*route);
        }
    }
    edited.insert(u"id"_s, m_routeId.isEmpty() ? s_draftId : m_routeId);
    RouteRecord route;
    RouteRecord::fromJson(edited, &route, &error);
    candidates.append(route);
    const QJsonObject report = Routing::dryRun(m_session->projection(), candidates,
                                               s_dryRunAlerts,
                                               QDateTime::currentMSecsSinceEpoch());
    showDryRun(report);
    return report;
}

void RoutesEditor::showDryRun(const QJsonObject &report)
{
    const QJsonArray alerts = report.value(u"alerts"_s).toArray();
    const QJsonObject summary = report.value(u"summary"_s).toObject();
    m_summary->setText(tr("%1 of the last %n alert(s) would change; %2 suppressed, %3 unrouted.",
                          nullptr, summary.value(u"alerts"_s).toInt())
                           .arg(summary.value(u"changed"_s).toInt())
                           .arg(summary.value(u"suppressed"_s).toInt())
                           .arg(summary.value(u"unrouted"_s).toInt()));
    m_dryRun->setRowCount(int(alerts.size()));
    for (int row = 0; row < alerts.size(); ++row) {
        const QJsonObject entry = alerts.at(row).toObject();
        const QJsonObject now = entry.value(u"current"_s).toObject();
        const QJsonObject then = entry.value(u"proposed"_s).toObject();
        QStringList changes;
        for (const QString &key : {u"team"_s, u"service"_s, u"severity"_s, u"suppressed"_s,
                                   u"groupKey"_s}) {
            if (now.value(key) != then.value(key)) {
                changes.append(u"%1: %2"_s.arg(key, then.value(key).toVariant().toString()));
            }
        }
        const QStringList cells{entry.value(u"title"_s).toString(), routeName(now),
                                routeName(then), changes.join(u"; "_s)};
        for (int column = 0; column < cells.size(); ++column) {
            m_dryRun->setItem(row, column, new QTableWidgetItem(cells.at(column)));
        }
    }
}

void RoutesEditor::save()
{
    QString error;
    const QJsonObject route = formRoute(&error);
    if (route.isEmpty()) {
        showMessage(error, true);
        return;
    }
    if (m_routeId.isEmpty()) {
        sendCommand({{u"type"_s, u"route.create"_s}, {u"route"_s, route}},
                    tr("Route \"%1\" created.").arg(route.value(u"name"_s).toString()));
    } else {
        sendCommand({{u"type"_s, u"route.update"_s}, {u"route"_s, m_routeId},
                     {u"changes"_s, route}},
                    tr("Route \"%1\" saved.").arg(route.value(u"name"_s).toString()));
    }
}

void RoutesEditor::deleteRoute()
{
    if (!m_routeId.isEmpty()) {
        sendCommand({{u"type"_s, u"route.delete"_s}, {u"route"_s, m_routeId}},
                    tr("Route \"%1\" deleted.").arg(m_name->text()));
    }
}

void RoutesEditor::sendCommand(const QJsonObject &command, const QString &success)
{
    SyncClient *sync = m_session->syncClient();
    const QString id = sync ? sync->sendCommand(command) : QString();
    if (id.isEmpty()) {
        showMessage(tr("Not connected: the routes cannot be changed offline."), true);
        return;
    }
    m_pending.insert(id, success);
    showMessage(tr("Sending…"), false);
}

void RoutesEditor::onCommandAnswered(const QString &id, bool ok, const QJsonObject &answer)
{
    if (!m_pending.contains(id)) {
        return;
    }
    const QString success = m_pending.take(id);
    const QString reason = answer.value(u"error"_s).toObject().value(u"message"_s).toString();
    showMessage(ok ? success : tr("Refused: %1").arg(reason), !ok);
}

void RoutesEditor::onEventsApplied(const EventList &events)
{
    const bool routesChanged = std::any_of(events.cbegin(), events.cend(), [](const Event &e) {
        return e.type.startsWith(u"route.");
    });
    if (!routesChanged) {
        return;
    }
    for (const Event &event : events) {
        // Follow a route this editor just created.
        if (event.type == u"route.created" && m_routeId.isEmpty()
            && event.data().value(u"route"_s).toObject().value(u"name"_s).toString()
                == m_name->text().trimmed()) {
            m_routeId = event.data().value(u"route"_s).toObject().value(u"id"_s).toString();
        }
    }
    refreshList();
    showRoute(m_routeId);
}

void RoutesEditor::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setForegroundRole(error ? QPalette::BrightText : QPalette::WindowText);
    m_message->setProperty("error", error);
}

} // namespace Firebreak
