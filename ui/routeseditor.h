// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace Firebreak {

class DesktopSession;
struct RouteRecord;

/**
 * The routes and rules editor: the routes in the order they are tried, a form for the selected
 * one (matchers one per line, what it sets, grouping, threshold, flapping, auto-resolve,
 * suppression), a dry run that places the last alerts received under the edited routes
 * without saving anything, and Save and Delete, which send route commands to the server.
 *
 * Object names: "routesList", "routeName", "routeMatchers", "routeService", "routeTeam",
 * "routeSeverity", "routeEscalation", "routeGroupBy", "routeGroupWindow", "routeThreshold",
 * "routeThresholdMinutes", "routeFlapping", "routeFlappingMinutes", "routeAutoResolve",
 * "routeSuppress", "routeEnabled", "routePosition", "routesNew", "routesSave", "routesDelete",
 * "routesDryRun", "dryRunTable", "dryRunSummary", "routesMessage".
 */
class RoutesEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutesEditor)
public:
    explicit RoutesEditor(DesktopSession *session, QWidget *parent = nullptr);
    ~RoutesEditor() override;

    /// The form as a route (JSON of docs/api.md), or an empty object and the reason.
    QJsonObject formRoute(QString *error) const;
    /// Shows a route in the form (an empty id: a new route).
    void showRoute(const QString &routeId);
    /// Places the last alerts under the routes with the form applied; returns the report.
    QJsonObject dryRun();
    void save();
    void deleteRoute();

private:
    QWidget *createList();
    QWidget *createForm();
    QWidget *createMatchingGroup();
    QWidget *createSettingGroup();
    QWidget *createWatchGroup();
    QWidget *createDryRunPane();
    void refreshList();
    void fillForm(const RouteRecord *route);
    void showDryRun(const QJsonObject &report);
    void sendCommand(const QJsonObject &command, const QString &success);
    void onEventsApplied(const Firebreak::EventList &events);
    void onCommandAnswered(const QString &id, bool ok, const QJsonObject &answer);
    void showMessage(const QString &text, bool error);

    DesktopSession *m_session;
    QString m_routeId;
    QHash<QString, QString> m_pending;
    QListWidget *m_list = nullptr;
    QLineEdit *m_name = nullptr;
    QSpinBox *m_position = nullptr;
    QCheckBox *m_enabled = nullptr;
    QPlainTextEdit *m_matchers = nullptr;
    QLineEdit *m_service = nullptr;
    QLineEdit *m_team = nullptr;
    QComboBox *m_severity = nullptr;
    QLineEdit *m_escalation = nullptr;
    QLineEdit *m_groupBy = nullptr;
    QSpinBox *m_groupWindow = nullptr;
    QSpinBox *m_threshold = nullptr;
    QSpinBox *m_thresholdMinutes = nullptr;
    QSpinBox *m_flapping = nullptr;
    QSpinBox *m_flappingMinutes = nullptr;
    QCheckBox *m_autoResolve = nullptr;
    QCheckBox *m_followAcknowledgement = nullptr;
    QCheckBox *m_suppress = nullptr;
    QPushButton *m_delete = nullptr;
    QTableWidget *m_dryRun = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace Firebreak
