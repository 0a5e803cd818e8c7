// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "postmortemtimeline.h"

#include "collab/followup.h"
#include "commandsender.h"
#include "desktopsession.h"
#include "permissiongate.h"
#include "incidenttext.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

/// Events that are about the post-mortem itself, not the incident: not on this timeline.
bool belongsToTimeline(const Event &event)
{
    return !event.type.startsWith(u"postmortem.") && !event.type.startsWith(u"action_item.");
}

} // namespace

PostMortemTimeline::PostMortemTimeline(DesktopSession *desktop, const QString &incident,
                                       QWidget *parent)
    : QWidget(parent)
    , m_desktop(desktop)
    , m_incident(incident)
    , m_sender(new CommandSender(desktop, this))
    , m_list(new QTreeWidget(this))
    , m_note(new QLineEdit(this))
    , m_mark(new QPushButton(tr("Mark key moment"), this))
    , m_unmark(new QPushButton(tr("Unmark"), this))
    , m_keyOnly(new QCheckBox(tr("Key moments only"), this))
    , m_outsideTime(new QDateTimeEdit(QDateTime::currentDateTime(), this))
    , m_outsideText(new QLineEdit(this))
    , m_addOutside(new QPushButton(tr("Add outside event"), this))
    , m_insert(new QPushButton(tr("Insert timeline into the document"), this))
    , m_message(new QLabel(this))
{
    setObjectName(u"postMortemTimeline"_s);
    m_list->setObjectName(u"postMortemTimelineList"_s);
    m_list->setAccessibleName(tr("Incident timeline"));
    m_list->setHeaderLabels({tr("Time"), tr("What happened"), tr("Annotation")});
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_note->setObjectName(u"postMortemMomentNote"_s);
    m_note->setPlaceholderText(tr("Annotation for the selected moment"));
    m_mark->setObjectName(u"postMortemMarkMoment"_s);
    m_unmark->setObjectName(u"postMortemUnmarkMoment"_s);
    m_keyOnly->setObjectName(u"postMortemKeyMomentsOnly"_s);
    m_outsideTime->setObjectName(u"postMortemOutsideTime"_s);
    m_outsideTime->setDisplayFormat(u"yyyy-MM-dd HH:mm:ss"_s);
    m_outsideText->setObjectName(u"postMortemOutsideText"_s);
    m_outsideText->setPlaceholderText(tr("For instance: a customer reported it"));
    m_addOutside->setObjectName(u"postMortemAddOutside"_s);
    m_insert->setObjectName(u"postMortemInsertTimeline"_s);
    m_message->setObjectName(u"postMortemTimelineMessage"_s);
    m_message->setTextFormat(Qt::PlainText); // server reasons quote what people typed
    m_message->setWordWrap(true);

    auto *moments = new QHBoxLayout;
    moments->addWidget(m_note, 1);
    moments->addWidget(m_mark);
    moments->addWidget(m_unmark);
    auto *outside = new QHBoxLayout;
    outside->addWidget(m_outsideTime);
    outside->addWidget(m_outsideText, 1);
    outside->addWidget(m_addOutside);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_keyOnly);
    layout->addWidget(m_list, 1);
    layout->addLayout(moments);
    layout->addLayout(outside);
    layout->addWidget(m_insert);
    layout->addWidget(m_message);

    connect(m_mark, &QPushButton::clicked, this, &PostMortemTimeline::markSelected);
    connect(m_note, &QLineEdit::returnPressed, this, &PostMortemTimeline::markSelected);
    connect(m_unmark, &QPushButton::clicked, this, &PostMortemTimeline::unmarkSelected);
    connect(m_addOutside, &QPushButton::clicked, this, &PostMortemTimeline::addOutsideEvent);
    connect(m_keyOnly, &QCheckBox::toggled, this, &PostMortemTimeline::refresh);
    connect(m_insert, &QPushButton::clicked, this, [this]() {
        const QString markdown = curatedTimeline();
        if (markdown.isEmpty()) {
            showMessage(tr("Mark key moments or add outside events first."));
            return;
        }
        Q_EMIT insertRequested(markdown);
    });
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        m_note->setText(item ? item->text(2) : QString());
    });
    connect(m_sender, &CommandSender::refused, this, &PostMortemTimeline::showMessage);
    connect(desktop, &DesktopSession::eventsApplied, this, &PostMortemTimeline::onEventsApplied);
    connect(desktop, &DesktopSession::projectionReset, this, &PostMortemTimeline::refresh);
    // A role that may not edit post-mortems reads the timeline but changes nothing.
    const auto gate = [this]() {
        const DesktopSession &session = *m_desktop;
        PermissionGate::apply(m_mark, session, u"postmortem.mark_moment"_s);
        PermissionGate::apply(m_unmark, session, u"postmortem.unmark_moment"_s);
        PermissionGate::apply(m_addOutside, session, u"postmortem.add_external_event"_s);
        PermissionGate::apply(m_insert, session, u"postmortem.edit"_s);
        m_note->setReadOnly(!session.mayRun(u"postmortem.mark_moment"_s));
        m_outsideText->setReadOnly(!session.mayRun(u"postmortem.add_external_event"_s));
    };
    connect(desktop, &DesktopSession::permissionsChanged, this, gate);
    gate();
    refresh();
}

void PostMortemTimeline::onEventsApplied(const EventList &events)
{
    const bool ours = std::any_of(events.cbegin(), events.cend(), [this](const Event &event) {
        return event.incident == m_incident && event.type != u"postmortem.edited";
    });
    if (ours) {
        refresh();
    }
}

void PostMortemTimeline::refresh()
{
    // Keep the selection across a refresh.
    const QTreeWidgetItem *current = m_list->currentItem();
    const QVariant selectedSeq = current ? current->data(0, SeqRole) : QVariant();
    const QVariant selectedExternal = current ? current->data(0, ExternalIdRole) : QVariant();

    const Collab::PostMortemRecord *record = m_desktop->followUp().postMortem(m_incident);
    struct Row
    {
        qint64 at;
        QTreeWidgetItem *item;
    };
    QList<Row> rows;
    for (const Event &event : m_desktop->timeline(m_incident)) {
        const Collab::KeyMoment *moment = record ? record->moment(event.seq) : nullptr;
        if (!belongsToTimeline(event) || (m_keyOnly->isChecked() && !moment)) {
            continue;
        }
        const auto text = IncidentText::describe(event, m_desktop->projection());
        auto *item = new QTreeWidgetItem({IncidentText::time(event.at), text.summary,
                                          moment ? moment->note : QString()});
        item->setData(0, SeqRole, event.seq);
        item->setData(0, EventIdRole, event.id);
        item->setData(0, KeyMomentRole, moment != nullptr);
        item->setToolTip(
            1, IncidentText::plainToolTip(text.detail.isEmpty() ? text.summary : text.detail));
        if (moment) {
            item->setText(0, u"★ "_s + item->text(0));
            QFont bold = item->font(1);
            bold.setBold(true);
            item->setFont(1, bold);
        }
        rows.append({event.at, item});
    }
    for (const Collab::ExternalEvent &external :
         record ? record->externalEvents : QList<Collab::ExternalEvent>()) {
        auto *item = new QTreeWidgetItem({u"◆ "_s + IncidentText::time(external.at),
                                          external.text, tr("outside Firebreak")});
        item->setData(0, ExternalIdRole, external.id);
        item->setData(0, KeyMomentRole, true);
        QFont italic = item->font(1);
        italic.setItalic(true);
        item->setFont(1, italic);
        rows.append({external.at, item});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
        return a.at < b.at;
    });

    m_list->clear();
    for (const Row &row : std::as_const(rows)) {
        m_list->addTopLevelItem(row.item);
        if ((selectedSeq.isValid() && row.item->data(0, SeqRole) == selectedSeq)
            || (selectedExternal.isValid()
                && row.item->data(0, ExternalIdRole) == selectedExternal)) {
            m_list->setCurrentItem(row.item);
        }
    }
    m_list->resizeColumnToContents(0);
}

QTreeWidgetItem *PostMortemTimeline::selectedRow() const
{
    return m_list->currentItem();
}

void PostMortemTimeline::showMessage(const QString &message)
{
    m_message->setText(message);
}

void PostMortemTimeline::markSelected()
{
    const QTreeWidgetItem *item = selectedRow();
    if (!item || !item->data(0, SeqRole).isValid()) {
        showMessage(tr("Select an event of the incident first."));
        return;
    }
    m_message->clear();
    m_sender->send({{u"type"_s, u"postmortem.mark_moment"_s},
                    {u"incident"_s, m_incident},
                    {u"seq"_s, item->data(0, SeqRole).toLongLong()},
                    {u"note"_s, m_note->text().trimmed()}});
}

void PostMortemTimeline::unmarkSelected()
{
    const QTreeWidgetItem *item = selectedRow();
    if (!item) {
        return;
    }
    m_message->clear();
    if (item->data(0, ExternalIdRole).isValid()) {
        m_sender->send({{u"type"_s, u"postmortem.remove_external_event"_s},
                        {u"incident"_s, m_incident},
                        {u"id"_s, item->data(0, ExternalIdRole).toString()}});
        return;
    }
    m_sender->send({{u"type"_s, u"postmortem.unmark_moment"_s},
                    {u"incident"_s, m_incident},
                    {u"seq"_s, item->data(0, SeqRole).toLongLong()}});
}

void PostMortemTimeline::addOutsideEvent()
{
    const QString text = m_outsideText->text().trimmed();
    if (text.isEmpty()) {
        showMessage(tr("Say what happened outside Firebreak."));
        return;
    }
    m_message->clear();
    if (!m_sender->send({{u"type"_s, u"postmortem.add_external_event"_s},
                         {u"incident"_s, m_incident},
                         {u"at"_s, isoFromMs(m_outsideTime->dateTime().toMSecsSinceEpoch())},
                         {u"text"_s, text}}).isEmpty()) {
        m_outsideText->clear();
    }
}

QString PostMortemTimeline::curatedTimeline() const
{
    const Collab::PostMortemRecord *record = m_desktop->followUp().postMortem(m_incident);
    if (!record || (record->moments.isEmpty() && record->externalEvents.isEmpty())) {
        return {};
    }
    return Collab::curatedTimelineMarkdown(*record);
}

bool PostMortemTimeline::showLink(const QString &link)
{
    const QString id = link.section(u'/', 1);
    const Role role = link.startsWith(u"firebreak:external/") ? ExternalIdRole : EventIdRole;
    if (m_keyOnly->isChecked()) {
        m_keyOnly->setChecked(false);
    }
    for (int row = 0; row < m_list->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = m_list->topLevelItem(row);
        if (item->data(0, role).toString() == id) {
            m_list->setCurrentItem(item);
            m_list->scrollToItem(item);
            return true;
        }
    }
    showMessage(tr("That event is not on this incident's timeline."));
    return false;
}

} // namespace Firebreak
