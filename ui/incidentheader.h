// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/projection.h"
#include "model/severity.h"
#include "model/targets.h"

#include <QTimer>
#include <QWidget>

class QLabel;

namespace Firebreak {

struct IncidentRecord;

/**
 * The head of the incident pane: number and title, chips for severity, status and service,
 * who holds each role, live clocks of the first-response and resolution targets (styled when
 * at risk or breached), the current summary, the impact it was declared with, and notes about
 * its alerts ("All alerts resolved", "2 alerts not delivered"). Everything but the summary
 * (Markdown rendered with raw HTML off) is shown as plain text.
 *
 * The clocks tick once a second while an open incident is shown. Each clock label carries a
 * "targetState" property (on_track, at_risk, breached, met, missed, none) for tests and styles.
 */
class IncidentHeader final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IncidentHeader)
public:
    explicit IncidentHeader(QWidget *parent = nullptr);
    ~IncidentHeader() override;

    /// Shows an incident against the given targets; null clears the header. The record is
    /// copied: the header keeps ticking without it.
    void showIncident(const IncidentRecord *incident, const TargetPolicy &targets = {});

protected:
    void changeEvent(QEvent *event) override;

private:
    QLabel *addLabel(const char *objectName);
    void showNotes(const IncidentRecord &incident);
    void showRoles(const IncidentRecord &incident);
    void showSummary(const IncidentRecord &incident);
    void showImpact(const IncidentRecord &incident);
    /// Recomputes both target clocks for now.
    void refreshTimers();
    void showTarget(QLabel *label, const TargetState &state, qint64 now);
    /// Colours the chips for the incident shown and the current palette.
    void styleChips();

    QLabel *m_number = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_severity = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_service = nullptr;
    QLabel *m_opened = nullptr;
    QLabel *m_notes = nullptr;
    QLabel *m_commander = nullptr;
    QLabel *m_communications = nullptr;
    QLabel *m_scribe = nullptr;
    QLabel *m_responders = nullptr;
    QLabel *m_firstResponse = nullptr;
    QLabel *m_resolution = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_impact = nullptr;
    QWidget *m_rolesRow = nullptr;
    QTimer m_clock;
    IncidentRecord m_incident;
    TargetPolicy m_targets;
    bool m_showing = false;
    Severity m_shownSeverity = Severity::Unknown;
    IncidentStatus m_shownStatus = IncidentStatus::Triggered;
};

} // namespace Firebreak
