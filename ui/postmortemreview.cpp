// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "postmortemreview.h"

#include "collab/followup.h"
#include "collab/postmortemsession.h"
#include "commandsender.h"
#include "desktopsession.h"
#include "permissiongate.h"
#include "incidenttext.h"
#include "postmortemeditor.h"

#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

enum CommentRole { CommentIdRole = Qt::UserRole, FirstRole, LastRole };

QString stateText(Collab::ReviewState state)
{
    switch (state) {
    case Collab::ReviewState::Draft:
        return PostMortemReview::tr("Draft");
    case Collab::ReviewState::InReview:
        return PostMortemReview::tr("In review");
    case Collab::ReviewState::Published:
        return PostMortemReview::tr("Published");
    }
    return {};
}

} // namespace

PostMortemReview::PostMortemReview(DesktopSession *desktop, const QString &incident,
                                   Collab::PostMortemSession *session, PostMortemEditor *editor,
                                   QWidget *parent)
    : QWidget(parent)
    , m_desktop(desktop)
    , m_incident(incident)
    , m_session(session)
    , m_editor(editor)
    , m_sender(new CommandSender(desktop, this))
    , m_state(new QLabel(this))
    , m_clock(new QLabel(this))
    , m_requestReview(new QPushButton(tr("Request review"), this))
    , m_publish(new QPushButton(tr("Publish"), this))
    , m_reopen(new QPushButton(tr("Reopen"), this))
    , m_tags(new QLineEdit(this))
    , m_comments(new QListWidget(this))
    , m_commentText(new QLineEdit(this))
    , m_comment(new QPushButton(tr("Comment on selection"), this))
    , m_resolve(new QPushButton(tr("Resolve comment"), this))
    , m_message(new QLabel(this))
{
    setObjectName(u"postMortemReview"_s);
    m_state->setObjectName(u"postMortemState"_s);
    m_clock->setObjectName(u"postMortemClock"_s);
    m_requestReview->setObjectName(u"postMortemRequestReview"_s);
    m_publish->setObjectName(u"postMortemPublish"_s);
    m_reopen->setObjectName(u"postMortemReopen"_s);
    m_tags->setObjectName(u"postMortemTags"_s);
    m_tags->setPlaceholderText(tr("Root-cause tags, separated by commas"));
    m_tags->setAccessibleName(tr("Root-cause tags"));
    m_comments->setObjectName(u"postMortemComments"_s);
    m_comments->setAccessibleName(tr("Comments"));
    m_commentText->setObjectName(u"postMortemCommentText"_s);
    m_commentText->setPlaceholderText(tr("Comment on the selected passage"));
    m_comment->setObjectName(u"postMortemComment"_s);
    m_resolve->setObjectName(u"postMortemResolveComment"_s);
    m_message->setObjectName(u"postMortemReviewMessage"_s);
    m_message->setTextFormat(Qt::PlainText); // server reasons quote what people typed
    m_message->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_requestReview);
    buttons->addWidget(m_publish);
    buttons->addWidget(m_reopen);
    auto *comment = new QHBoxLayout;
    comment->addWidget(m_commentText, 1);
    comment->addWidget(m_comment);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_state);
    layout->addWidget(m_clock);
    layout->addLayout(buttons);
    layout->addWidget(m_tags);
    layout->addWidget(m_comments, 1);
    layout->addLayout(comment);
    layout->addWidget(m_resolve);
    layout->addWidget(m_message);

    connect(m_requestReview, &QPushButton::clicked, this,
            [this]() { sendReview(u"postmortem.request_review"_s); });
    connect(m_publish, &QPushButton::clicked, this,
            [this]() { sendReview(u"postmortem.publish"_s); });
    connect(m_reopen, &QPushButton::clicked, this,
            [this]() { sendReview(u"postmortem.reopen"_s); });
    connect(m_tags, &QLineEdit::editingFinished, this, [this]() {
        QJsonArray tags;
        for (const QString &tag : m_tags->text().split(u',', Qt::SkipEmptyParts)) {
            tags.append(tag.trimmed());
        }
        const Collab::PostMortemRecord *record = m_desktop->followUp().postMortem(m_incident);
        if (record && QJsonArray::fromStringList(record->rootCauseTags) == tags) {
            return;
        }
        m_sender->send(
            {{u"type"_s, u"postmortem.tag"_s}, {u"incident"_s, m_incident}, {u"tags"_s, tags}});
    });
    connect(m_comment, &QPushButton::clicked, this, &PostMortemReview::commentOnSelection);
    connect(m_commentText, &QLineEdit::returnPressed, this, &PostMortemReview::commentOnSelection);
    connect(m_resolve, &QPushButton::clicked, this, &PostMortemReview::resolveSelectedComment);
    connect(m_comments, &QListWidget::currentRowChanged, this, &PostMortemReview::showComment);
    connect(m_sender, &CommandSender::refused, this, &PostMortemReview::showMessage);
    connect(desktop, &DesktopSession::eventsApplied, this, [this](const EventList &events) {
        if (std::any_of(events.cbegin(), events.cend(), [this](const Event &event) {
                return event.incident == m_incident && event.type != u"postmortem.edited";
            })) {
            refresh();
        }
    });
    connect(desktop, &DesktopSession::projectionReset, this, &PostMortemReview::refresh);
    connect(desktop, &DesktopSession::permissionsChanged, this, &PostMortemReview::refresh);
    refresh();
}

void PostMortemReview::refresh()
{
    const Collab::FollowUp &followUp = m_desktop->followUp();
    const Collab::PostMortemRecord *record = followUp.postMortem(m_incident);
    const Collab::ReviewState state = record ? record->state : Collab::ReviewState::Draft;
    m_state->setText(tr("State: %1").arg(stateText(state)));
    // What the state allows, and the role too (publishing needs incidents.command).
    const DesktopSession &session = *m_desktop;
    PermissionGate::apply(m_requestReview, session, u"postmortem.request_review"_s,
                          state == Collab::ReviewState::Draft);
    PermissionGate::apply(m_publish, session, u"postmortem.publish"_s,
                          state == Collab::ReviewState::InReview);
    PermissionGate::apply(m_reopen, session, u"postmortem.reopen"_s,
                          state != Collab::ReviewState::Draft);
    PermissionGate::apply(m_comment, session, u"postmortem.comment"_s);
    PermissionGate::apply(m_resolve, session, u"postmortem.resolve_comment"_s);
    m_tags->setReadOnly(!session.mayRun(u"postmortem.tag"_s));
    m_commentText->setReadOnly(!session.mayRun(u"postmortem.comment"_s));
    if (!m_tags->hasFocus()) {
        m_tags->setText(record ? record->rootCauseTags.join(u", "_s) : QString());
    }

    // The completion clock: from resolution to published.
    const IncidentRecord *incident = m_desktop->projection().incident(m_incident);
    const qint64 due = incident ? followUp.completionDueAt(*incident) : 0;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (due <= 0) {
        m_clock->setText(tr("No completion clock for this incident"));
    } else if (state == Collab::ReviewState::Published) {
        m_clock->setText(record->publishedAt <= due ? tr("Published in time")
                                                    : tr("Published late"));
    } else if (now >= due) {
        m_clock->setText(tr("Overdue by %1").arg(IncidentText::age(due, now)));
    } else {
        m_clock->setText(tr("Due in %1").arg(IncidentText::age(now, due)));
    }

    const int current = m_comments->currentRow();
    m_comments->blockSignals(true);
    m_comments->clear();
    for (const Collab::PostMortemComment &comment :
         record ? record->comments : QList<Collab::PostMortemComment>()) {
        auto *item = new QListWidgetItem(
            tr("%1 on “%2”: %3").arg(comment.author, comment.quote.left(60), comment.text),
            m_comments);
        item->setData(CommentIdRole, comment.id);
        item->setData(FirstRole, QVariant::fromValue(comment.first.toJson()));
        item->setData(LastRole, QVariant::fromValue(comment.last.toJson()));
        if (comment.resolved) {
            QFont font = item->font();
            font.setStrikeOut(true);
            item->setFont(font);
            item->setToolTip(
                IncidentText::plainToolTip(tr("Resolved by %1").arg(comment.resolvedBy)));
        }
    }
    m_comments->setCurrentRow(std::min(current, m_comments->count() - 1));
    m_comments->blockSignals(false);
}

void PostMortemReview::showMessage(const QString &message)
{
    m_message->setText(message);
}

void PostMortemReview::sendReview(const QString &type)
{
    m_message->clear();
    m_sender->send({{u"type"_s, type}, {u"incident"_s, m_incident}});
}

void PostMortemReview::commentOnSelection()
{
    const auto [start, end] = m_editor->selectedRange();
    const QString text = m_commentText->text().trimmed();
    if (end <= start || text.isEmpty()) {
        showMessage(tr("Select a passage and write the comment first."));
        return;
    }
    // The ids of the passage's first and last characters.
    const Collab::TextDocument &document = m_session->document();
    const Collab::ItemRef first = document.anchorAt(start + 1);
    const Collab::ItemRef last = document.anchorAt(end);
    m_message->clear();
    if (!m_sender->send({{u"type"_s, u"postmortem.comment"_s},
                         {u"incident"_s, m_incident},
                         {u"first"_s, first.toJson()},
                         {u"last"_s, last.toJson()},
                         {u"quote"_s, document.text().mid(start, end - start)},
                         {u"text"_s, text}}).isEmpty()) {
        m_commentText->clear();
    }
}

bool PostMortemReview::showComment(int row)
{
    const QListWidgetItem *item = m_comments->item(row);
    Collab::ItemRef first;
    Collab::ItemRef last;
    if (!item || !Collab::ItemRef::fromJson(item->data(FirstRole).toJsonValue(), &first)
        || !Collab::ItemRef::fromJson(item->data(LastRole).toJsonValue(), &last)) {
        return false;
    }
    const qsizetype start = m_session->positionOf(first) - 1;
    const qsizetype end = m_session->positionOf(last);
    if (start < 0 || end <= start) {
        showMessage(tr("The passage of this comment is no longer in the text."));
        return false;
    }
    m_editor->selectRange(start, end);
    return true;
}

void PostMortemReview::resolveSelectedComment()
{
    const QListWidgetItem *item = m_comments->currentItem();
    if (!item) {
        showMessage(tr("Select a comment first."));
        return;
    }
    m_message->clear();
    m_sender->send({{u"type"_s, u"postmortem.resolve_comment"_s},
                    {u"incident"_s, m_incident},
                    {u"comment"_s, item->data(CommentIdRole).toString()}});
}

} // namespace Firebreak
