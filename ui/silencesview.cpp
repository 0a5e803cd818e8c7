// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "silencesview.h"

#include "desktopsession.h"
#include "permissiongate.h"
#include "model/projection.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr int s_stateRefreshMs = 30 * 1000;

QString localTime(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime(),
                              QLocale::ShortFormat);
}

QString stateText(const QString &state)
{
    if (state == u"active") {
        return SilencesView::tr("Active");
    }
    return state == u"pending" ? SilencesView::tr("Pending") : SilencesView::tr("Expired");
}

} // namespace

SilencesView::SilencesView(DesktopSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(u"silencesView"_s);
    m_table = new QTableWidget(0, 7, this);
    m_table->setObjectName(u"silencesTable"_s);
    m_table->setAccessibleName(tr("Silences and maintenance windows"));
    m_table->setHorizontalHeaderLabels({tr("Kind"), tr("Matchers"), tr("Starts"), tr("Ends"),
                                        tr("State"), tr("Comment"), tr("By")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_message = new QLabel(this);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setObjectName(u"silencesMessage"_s);
    m_message->setWordWrap(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *left = new QVBoxLayout;
    left->addWidget(m_table);
    left->addWidget(m_message);
    layout->addLayout(left, 2);
    layout->addWidget(createForm(), 1);

    connect(session, &DesktopSession::eventsApplied, this, [this](const EventList &events) {
        if (std::any_of(events.cbegin(), events.cend(),
                        [](const Event &e) { return e.type.startsWith(u"silence."); })) {
            refresh();
        }
    });
    connect(session, &DesktopSession::projectionReset, this, &SilencesView::refresh);
    if (SyncClient *sync = session->syncClient()) {
        connect(sync, &SyncClient::commandAnswered, this, &SilencesView::onCommandAnswered);
    }
    m_clock.setInterval(s_stateRefreshMs);
    connect(&m_clock, &QTimer::timeout, this, &SilencesView::refresh);
    m_clock.start();
    connect(session, &DesktopSession::permissionsChanged, this, &SilencesView::refresh);
    refresh();
}

SilencesView::~SilencesView() = default;

QWidget *SilencesView::createForm()
{
    auto *pane = new QWidget(this);
    m_kind = new QComboBox(pane);
    m_kind->setObjectName(u"silenceKind"_s);
    m_kind->addItem(tr("Silence"), u"silence"_s);
    m_kind->addItem(tr("Maintenance window"), u"maintenance"_s);
    m_matchers = new QPlainTextEdit(pane);
    m_matchers->setObjectName(u"silenceMatchers"_s);
    m_matchers->setAccessibleName(tr("Matchers"));
    m_matchers->setPlaceholderText(tr("One per line: service=checkout, env=prod"));
    m_matchers->setTabChangesFocus(true);
    const QDateTime now = QDateTime::currentDateTime();
    m_start = new QDateTimeEdit(now, pane);
    m_start->setObjectName(u"silenceStart"_s);
    m_start->setCalendarPopup(true);
    m_end = new QDateTimeEdit(now.addSecs(2 * 3600), pane);
    m_end->setObjectName(u"silenceEnd"_s);
    m_end->setCalendarPopup(true);
    m_comment = new QLineEdit(pane);
    m_comment->setObjectName(u"silenceComment"_s);
    m_comment->setAccessibleName(tr("Comment"));

    auto *create = new QPushButton(tr("&Create"), pane);
    create->setObjectName(u"silenceCreate"_s);
    connect(create, &QPushButton::clicked, this, &SilencesView::create);
    m_expire = new QPushButton(tr("E&xpire selected"), pane);
    m_expire->setObjectName(u"silenceExpire"_s);
    connect(m_expire, &QPushButton::clicked, this, &SilencesView::expireSelected);

    auto *form = new QFormLayout(pane);
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("&Matchers:"), m_matchers);
    form->addRow(tr("&Starts:"), m_start);
    form->addRow(tr("&Ends:"), m_end);
    form->addRow(tr("C&omment:"), m_comment);
    form->addRow(create);
    form->addRow(m_expire);
    return pane;
}

void SilencesView::refresh()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QList<const SilenceRecord *> silences = m_session->projection().alertState().silences();
    m_table->setRowCount(int(silences.size()));
    for (int row = 0; row < silences.size(); ++row) {
        const SilenceRecord &silence = *silences.at(row);
        QStringList matchers;
        for (const LabelMatcher &matcher : silence.matchers) {
            matchers.append(matcher.toText());
        }
        const QStringList cells{
            silence.kind == u"maintenance" ? tr("Maintenance") : tr("Silence"),
            matchers.join(u", "_s), localTime(silence.startsAt), localTime(silence.endsAt),
            stateText(silence.state(now)), silence.comment, silence.createdBy.section(u':', 1)};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setData(Qt::UserRole, silence.id);
            m_table->setItem(row, column, item);
        }
    }
    // Only a role that manages integrations makes or ends silences.
    PermissionGate::apply(findChild<QPushButton *>(u"silenceCreate"_s), *m_session,
                          u"silence.create"_s);
    PermissionGate::apply(m_expire, *m_session, u"silence.expire"_s);
}

QJsonObject SilencesView::formSilence(QString *error) const
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
    const QJsonObject silence{
        {u"kind"_s, m_kind->currentData().toString()},
        {u"matchers"_s, matchers},
        {u"startsAt"_s, isoFromMs(m_start->dateTime().toMSecsSinceEpoch())},
        {u"endsAt"_s, isoFromMs(m_end->dateTime().toMSecsSinceEpoch())},
        {u"comment"_s, m_comment->text().trimmed()},
    };
    SilenceRecord check;
    return SilenceRecord::fromJson(silence, &check, error) ? silence : QJsonObject();
}

void SilencesView::create()
{
    QString error;
    const QJsonObject silence = formSilence(&error);
    if (silence.isEmpty()) {
        showMessage(error);
        return;
    }
    sendCommand({{u"type"_s, u"silence.create"_s}, {u"silence"_s, silence}},
                silence.value(u"kind"_s).toString() == u"maintenance"
                    ? tr("Maintenance window created.")
                    : tr("Silence created."));
}

void SilencesView::expireSelected()
{
    const QList<QTableWidgetItem *> selected = m_table->selectedItems();
    if (selected.isEmpty()) {
        showMessage(tr("Select a silence to expire."));
        return;
    }
    sendCommand({{u"type"_s, u"silence.expire"_s},
                 {u"silence"_s, selected.first()->data(Qt::UserRole).toString()}},
                tr("Silence expired."));
}

void SilencesView::sendCommand(const QJsonObject &command, const QString &success)
{
    SyncClient *sync = m_session->syncClient();
    const QString id = sync ? sync->sendCommand(command) : QString();
    if (id.isEmpty()) {
        showMessage(tr("Not connected: silences cannot be changed offline."));
        return;
    }
    m_pending.insert(id, success);
    showMessage(tr("Sending…"));
}

void SilencesView::onCommandAnswered(const QString &id, bool ok, const QJsonObject &answer)
{
    if (!m_pending.contains(id)) {
        return;
    }
    const QString success = m_pending.take(id);
    showMessage(ok ? success
                   : tr("Refused: %1").arg(
                       answer.value(u"error"_s).toObject().value(u"message"_s).toString()));
}

void SilencesView::showMessage(const QString &text)
{
    m_message->setText(text);
}

} // namespace Firebreak
