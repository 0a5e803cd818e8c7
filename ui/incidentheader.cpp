// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "incidentheader.h"

#include "incidentstyle.h"
#include "incidenttext.h"
#include "notemarkdown.h"

#include <QBoxLayout>
#include <QDateTime>
#include <QDesktopServices>
#include <QEvent>
#include <QLabel>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

QString chipStyle(const QColor &background, const QColor &text)
{
    return u"QLabel { background: %1; color: %2; border-radius: 4px; padding: 2px 8px; }"_s
        .arg(background.name(), text.name());
}

// "4:05" or "1:02:03": a clock people read at a glance.
QString clockText(qint64 ms)
{
    const qint64 seconds = qAbs(ms) / 1000;
    const QString minutesAndSeconds = u"%1:%2"_s.arg(seconds / 60 % 60, seconds >= 3600 ? 2 : 1,
                                                      10, QChar(u'0'))
                                          .arg(seconds % 60, 2, 10, QChar(u'0'));
    return seconds >= 3600 ? u"%1:%2"_s.arg(seconds / 3600).arg(minutesAndSeconds)
                           : minutesAndSeconds;
}

// Setting a style sheet polishes the widget again, even when it is the same: skip that.
void restyle(QWidget *widget, const QString &styleSheet)
{
    if (widget->styleSheet() != styleSheet) {
        widget->setStyleSheet(styleSheet);
    }
}

/**
 * A label that remembers its height for the last few widths. Laying the header out asks each
 * word-wrapped label its height for a width many times (and again for every label shown or
 * hidden, which lays the header out at once), and QLabel lays its text out anew every time: for
 * a selectable label a whole text document with its shaping. Callgrind put that at a third of
 * opening an incident in the pane. The height depends on the text, the font and the width as
 * long as the label's other settings stay as set here; any change event starts over.
 */
class HeightCachingLabel final : public QLabel
{
public:
    using QLabel::QLabel;

    int heightForWidth(int width) const override
    {
        if (text() != m_text || font() != m_font) {
            m_heights.clear();
            m_text = text();
            m_font = font();
        }
        for (const auto &[knownWidth, height] : m_heights) {
            if (knownWidth == width) {
                return height;
            }
        }
        const int height = QLabel::heightForWidth(width);
        if (m_heights.size() >= 4) {
            m_heights.removeFirst();
        }
        m_heights.append({width, height});
        return height;
    }

protected:
    void changeEvent(QEvent *event) override
    {
        m_heights.clear();
        QLabel::changeEvent(event);
    }

private:
    mutable QString m_text;
    mutable QFont m_font;
    mutable QList<std::pair<int, int>> m_heights;
};

QColor targetColor(TargetState::State state)
{
    switch (state) {
    case TargetState::State::AtRisk:
        return QColor(0xf9, 0xa8, 0x25);
    case TargetState::State::Breached:
    case TargetState::State::Missed:
        return QColor(0xd3, 0x2f, 0x2f);
    case TargetState::State::Met:
        return QColor(0x2e, 0x7d, 0x32);
    case TargetState::State::OnTrack:
    case TargetState::State::NotApplicable:
        break;
    }
    return QColor(0x60, 0x7d, 0x8b);
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
    m_firstResponse = addLabel("firstResponseTimerLabel");
    m_resolution = addLabel("resolutionTimerLabel");
    chips->addWidget(m_firstResponse);
    chips->addWidget(m_resolution);
    layout->addLayout(chips);

    // Who holds each role, in one quiet line.
    m_rolesRow = new QWidget(this);
    m_rolesRow->setObjectName(u"incidentRolesRow"_s);
    auto *roles = new QHBoxLayout(m_rolesRow);
    roles->setContentsMargins(0, 0, 0, 0);
    roles->setSpacing(16);
    m_commander = addLabel("incidentCommanderLabel");
    m_communications = addLabel("incidentCommunicationsLabel");
    m_scribe = addLabel("incidentScribeLabel");
    m_responders = addLabel("incidentRespondersLabel");
    for (QLabel *role : {m_commander, m_communications, m_scribe, m_responders}) {
        role->setParent(m_rolesRow);
        role->setTextInteractionFlags(Qt::TextSelectableByMouse);
        roles->addWidget(role);
    }
    m_responders->setWordWrap(true);
    roles->addStretch(1);
    layout->addWidget(m_rolesRow);

    m_summary = addLabel("incidentSummaryLabel");
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_summary->setOpenExternalLinks(false);
    connect(m_summary, &QLabel::linkActivated, this, [](const QString &link) {
        if (NoteMarkdown::isSafeLink(link)) {
            QDesktopServices::openUrl(QUrl(link));
        }
    });
    layout->addWidget(m_summary);

    m_impact = addLabel("incidentImpactLabel");
    m_impact->setWordWrap(true);
    m_impact->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_impact);

    m_notes = addLabel("incidentNotesLabel");
    m_notes->setWordWrap(true);
    layout->addWidget(m_notes);

    // Text from people and monitors may hold a word longer than any screen (a 1,024-character
    // alert title): these labels may be narrower than their text, so that it is cut rather
    // than widening the window.
    for (QLabel *label : {m_title, m_service, m_commander, m_communications, m_scribe,
                          m_responders, m_summary, m_impact, m_notes}) {
        label->setMinimumWidth(1);
    }

    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &IncidentHeader::refreshTimers);
    showIncident(nullptr);
}

IncidentHeader::~IncidentHeader() = default;

QLabel *IncidentHeader::addLabel(const char *objectName)
{
    // Titles, names and services are typed by people and alert sources: never markup.
    auto *label = new HeightCachingLabel(this);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setTextFormat(Qt::PlainText);
    return label;
}

void IncidentHeader::showIncident(const IncidentRecord *incident, const TargetPolicy &targets)
{
    m_showing = incident != nullptr;
    for (QWidget *widget : std::initializer_list<QWidget *>{
             m_number, m_title, m_severity, m_status, m_service, m_opened, m_notes, m_rolesRow,
             m_summary, m_impact, m_firstResponse, m_resolution}) {
        widget->setVisible(m_showing);
    }
    if (!incident) {
        m_clock.stop();
        return;
    }
    m_incident = *incident;
    m_targets = targets;
    m_number->setText(incident->numberText());
    m_title->setText(incident->title);
    m_severity->setText(severityName(incident->severity));
    m_severity->setAccessibleName(tr("Severity %1").arg(severityName(incident->severity)));
    m_status->setText(IncidentText::status(incident->status));
    m_service->setText(incident->service.isEmpty() ? tr("No service")
                                                   : tr("Service: %1").arg(incident->service));
    m_opened->setText(tr("Opened %1").arg(IncidentText::time(incident->createdAt)));
    m_opened->setToolTip(IncidentText::fullTime(incident->createdAt));
    showRoles(*incident);
    showSummary(*incident);
    showImpact(*incident);
    showNotes(*incident);

    m_shownSeverity = incident->severity;
    m_shownStatus = incident->status;
    styleChips();
    refreshTimers();
    if (incident->isOpen()) {
        m_clock.start();
    } else {
        m_clock.stop();
    }
}

void IncidentHeader::showRoles(const IncidentRecord &incident)
{
    const QString nobody = tr("unassigned");
    const auto holder = [&](const QString &role) {
        const QString user = incident.roles.value(role);
        return user.isEmpty() ? nobody : user;
    };
    m_commander->setText(tr("Commander: %1").arg(holder(u"commander"_s)));
    m_communications->setText(tr("Comms lead: %1").arg(holder(u"communications"_s)));
    m_scribe->setText(tr("Scribe: %1").arg(holder(u"scribe"_s)));
    m_responders->setText(incident.responders.isEmpty()
                              ? tr("Responders: none")
                              : tr("Responders: %1").arg(incident.responders.join(u", "_s)));
}

void IncidentHeader::showSummary(const IncidentRecord &incident)
{
    m_summary->setVisible(!incident.summary.isEmpty());
    m_summary->setText(incident.summary.isEmpty() ? QString()
                                                  : NoteMarkdown::toHtml(incident.summary));
    m_summary->setAccessibleName(tr("Current summary"));
    m_summary->setToolTip(tr("The current summary: add a note marked as the summary to"
                             " change it"));
}

void IncidentHeader::showImpact(const IncidentRecord &incident)
{
    const QString impact = incident.impact.simplified();
    m_impact->setVisible(!impact.isEmpty());
    m_impact->setText(impact.isEmpty() ? QString() : tr("Impact: %1").arg(impact));
    m_impact->setAccessibleName(tr("Impact"));
}

void IncidentHeader::refreshTimers()
{
    if (!m_showing) {
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QList<TargetState> states = evaluateTargets(m_incident, m_targets, now);
    for (const TargetState &state : states) {
        showTarget(state.target == u"first_response" ? m_firstResponse : m_resolution, state,
                   now);
    }
}

void IncidentHeader::showTarget(QLabel *label, const TargetState &state, qint64 now)
{
    const QString name = IncidentText::target(state.target);
    QString text;
    switch (state.state) {
    case TargetState::State::NotApplicable:
        break;
    case TargetState::State::OnTrack:
        text = tr("%1: %2 left").arg(name, clockText(state.deadline - now));
        break;
    case TargetState::State::AtRisk:
        text = tr("%1: %2 left — at risk").arg(name, clockText(state.deadline - now));
        break;
    case TargetState::State::Breached:
        text = tr("%1: breached %2 ago").arg(name, clockText(now - state.deadline));
        break;
    case TargetState::State::Met:
        text = tr("%1: met").arg(name);
        break;
    case TargetState::State::Missed:
        text = tr("%1: missed").arg(name);
        break;
    }
    label->setVisible(!text.isEmpty());
    label->setText(text);
    label->setToolTip(state.deadline > 0 ? tr("Due %1").arg(IncidentText::fullTime(state.deadline))
                                         : QString());
    const QString stateName = targetStateName(state.state);
    if (label->property("targetState").toString() == stateName) {
        return;
    }
    label->setProperty("targetState", stateName);
    const QColor color = targetColor(state.state);
    const bool loud = state.state == TargetState::State::Breached
        || state.state == TargetState::State::AtRisk;
    const QColor background = loud ? color
                                   : IncidentStyle::tint(color, palette().color(QPalette::Base),
                                                         0.14f);
    const QColor foreground = loud ? IncidentStyle::textOn(color)
                                   : IncidentStyle::readableOn(color, background);
    restyle(label, chipStyle(background, foreground)
                       + (loud ? u" QLabel { font-weight: bold; }"_s : QString()));
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
    if (!m_resolution) {
        return; // a palette change during construction
    }
    const QColor severity = IncidentStyle::severityColor(m_shownSeverity);
    restyle(m_severity, chipStyle(severity, IncidentStyle::textOn(severity))
                            + u" QLabel { font-weight: bold; }"_s);

    // A tint of the status colour under text of the same hue, in light and dark palettes.
    const QColor status = IncidentStyle::statusColor(m_shownStatus);
    const QColor tinted = IncidentStyle::tint(status, palette().color(QPalette::Base), 0.16f);
    restyle(m_status, chipStyle(tinted, IncidentStyle::readableOn(status, tinted)));

    restyle(m_service, chipStyle(palette().color(QPalette::AlternateBase),
                                 palette().color(QPalette::Text)));

    // The target chips take the palette again on their next tick.
    m_firstResponse->setProperty("targetState", QVariant());
    m_resolution->setProperty("targetState", QVariant());
    refreshTimers();

    QColor muted = palette().color(QPalette::WindowText);
    muted.setAlphaF(0.75f);
    for (QLabel *role : {m_commander, m_communications, m_scribe, m_responders}) {
        restyle(role, u"QLabel { color: %1; }"_s.arg(muted.name(QColor::HexArgb)));
    }
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
