// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "incidentheader.h"

#include "incidenttext.h"
#include "model/projection.h"
#include "incidentstyle.h"

#include <QBoxLayout>
#include <QEvent>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QString chipStyle(const QColor &background, const QColor &text)
{
    return u"QLabel { background: %1; color: %2; border-radius: 4px; padding: 2px 8px; }"_s
        .arg(background.name(), text.name());
}

} // namespace

IncidentHeader::IncidentHeader(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"incidentHeader"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 8);
    layout->setSpacing(6);

    auto *titleRow = new QHBoxLayout;
    m_number = addLabel("incidentNumberLabel");
    m_title = addLabel("incidentTitleLabel");
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_number->setFont(big);
    m_title->setFont(big);
    titleRow->addWidget(m_number);
    titleRow->addWidget(m_title, 1);
    layout->addLayout(titleRow);

    auto *chips = new QHBoxLayout;
    chips->setSpacing(6);
    m_severity = addLabel("incidentSeverityLabel");
    m_status = addLabel("incidentStatusLabel");
    m_service = addLabel("incidentServiceLabel");
    m_opened = addLabel("incidentOpenedLabel");
    for (QLabel *chip : {m_severity, m_status, m_service, m_opened}) {
        chips->addWidget(chip);
    }
    chips->addStretch(1);
    layout->addLayout(chips);

    m_notes = addLabel("incidentNotesLabel");
    m_notes->setWordWrap(true);
    layout->addWidget(m_notes);
    showIncident(nullptr);
}

IncidentHeader::~IncidentHeader() = default;

QLabel *IncidentHeader::addLabel(const char *objectName)
{
    auto *label = new QLabel(this);
    label->setObjectName(QString::fromLatin1(objectName));
    return label;
}

void IncidentHeader::showIncident(const IncidentRecord *incident)
{
    for (QLabel *label : {m_number, m_title, m_severity, m_status, m_service, m_opened, m_notes}) {
        label->setVisible(incident != nullptr);
    }
    if (!incident) {
        return;
    }
    m_number->setText(incident->numberText());
    m_title->setText(incident->title);
    m_severity->setText(severityName(incident->severity));
    m_severity->setAccessibleName(tr("Severity %1").arg(severityName(incident->severity)));
    m_status->setText(IncidentText::status(incident->status));
    m_service->setText(incident->service.isEmpty() ? tr("No service")
                                                   : tr("Service: %1").arg(incident->service));
    m_opened->setText(tr("Opened %1").arg(IncidentText::time(incident->createdAt)));
    m_opened->setToolTip(IncidentText::fullTime(incident->createdAt));
    showNotes(*incident);

    m_shownSeverity = incident->severity;
    m_shownStatus = incident->status;
    styleChips();
}

void IncidentHeader::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        styleChips();
    }
}

void IncidentHeader::styleChips()
{
    const QColor severity = IncidentStyle::severityColor(m_shownSeverity);
    m_severity->setStyleSheet(chipStyle(severity, IncidentStyle::textOn(severity))
                              + u" QLabel { font-weight: bold; }"_s);

    // A tint of the status colour under text of the same hue, in light and dark palettes.
    const QColor status = IncidentStyle::statusColor(m_shownStatus);
    const QColor tinted = IncidentStyle::tint(status, palette().color(QPalette::Base), 0.16f);
    m_status->setStyleSheet(chipStyle(tinted, IncidentStyle::readableOn(status, tinted)));

    m_service->setStyleSheet(chipStyle(palette().color(QPalette::AlternateBase),
                                       palette().color(QPalette::Text)));
}

void IncidentHeader::showNotes(const IncidentRecord &incident)
{
    QStringList notes;
    if (incident.alertsAllResolved()) {
        notes.append(tr("All alerts resolved."));
    } else if (incident.firingAlerts > 0) {
        notes.append(tr("%n alert(s) firing.", nullptr, incident.firingAlerts));
    }
    if (incident.undeliveredAlerts > 0) {
        notes.append(tr("%n alert(s) not delivered: the source shortened its message.", nullptr,
                        incident.undeliveredAlerts));
    }
    m_notes->setText(notes.join(u' '));
    m_notes->setVisible(!notes.isEmpty());
}

} // namespace Firebreak
