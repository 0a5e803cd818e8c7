// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/severity.h"

#include <QWidget>

class QLabel;

namespace Firebreak {

struct IncidentRecord;

/**
 * The head of the incident pane: number and title, chips for severity, status and service,
 * and notes about its alerts ("All alerts resolved", "2 alerts not delivered").
 */
class IncidentHeader final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IncidentHeader)
public:
    explicit IncidentHeader(QWidget *parent = nullptr);
    ~IncidentHeader() override;

    /// Shows an incident; null clears the header.
    void showIncident(const IncidentRecord *incident);

protected:
    void changeEvent(QEvent *event) override;

private:
    QLabel *addLabel(const char *objectName);
    void showNotes(const IncidentRecord &incident);
    /// Colours the chips for the incident shown and the current palette.
    void styleChips();

    QLabel *m_number = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_severity = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_service = nullptr;
    QLabel *m_opened = nullptr;
    QLabel *m_notes = nullptr;
    Severity m_shownSeverity = Severity::Unknown;
    IncidentStatus m_shownStatus = IncidentStatus::Triggered;
};

} // namespace Firebreak
