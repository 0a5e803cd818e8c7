// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "commandpalette.h"

#include "desktopsession.h"
#include "incidentstyle.h"
#include "incidenttext.h"
#include "permissiongate.h"

#include <QAction>
#include <QApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr int s_maxIncidents = 40;
constexpr int s_actionRole = Qt::UserRole + 1;
constexpr int s_incidentRole = Qt::UserRole + 2;

QString plainText(const QAction *action)
{
    QString text = action->text();
    text.remove(u'&');
    text.remove(u'…');
    return text.trimmed();
}

bool isWordStart(const QString &text, int i)
{
    return i == 0 || !text.at(i - 1).isLetterOrNumber();
}

// Declines Ctrl+K in text fields, so that the window's shortcut gets it.
class ShortcutGuard final : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::ShortcutOverride) {
            const auto *key = static_cast<QKeyEvent *>(event);
            if (key->keyCombination() == QKeyCombination(Qt::ControlModifier, Qt::Key_K)) {
                event->ignore();
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

void CommandPalette::keepShortcutFrom(QWidget *widget)
{
    auto *guard = new ShortcutGuard(widget);
    const QList<QLineEdit *> fields = widget->findChildren<QLineEdit *>();
    for (QLineEdit *field : fields) {
        field->installEventFilter(guard);
    }
}

CommandPalette::CommandPalette(DesktopSession *session, QWidget *parent)
    : QDialog(parent, Qt::Popup)
    , m_session(session)
{
    setObjectName(u"commandPalette"_s);
    setAccessibleName(tr("Command palette"));
    m_input = new QLineEdit(this);
    m_input->setObjectName(u"commandPaletteInput"_s);
    m_input->setPlaceholderText(tr("Type an action or an incident…"));
    m_input->setAccessibleName(tr("Find an action or an incident"));
    m_input->installEventFilter(this);
    m_list = new QListWidget(this);
    m_list->setObjectName(u"commandPaletteList"_s);
    m_list->setUniformItemSizes(true);
    m_list->setFocusPolicy(Qt::NoFocus);
    connect(m_input, &QLineEdit::textChanged, this, &CommandPalette::refresh);
    connect(m_input, &QLineEdit::returnPressed, this,
            [this]() { run(m_list->currentItem()); });
    connect(m_list, &QListWidget::itemActivated, this, &CommandPalette::run);
    connect(m_list, &QListWidget::itemClicked, this, &CommandPalette::run);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_input);
    layout->addWidget(m_list);
}

CommandPalette::~CommandPalette() = default;

void CommandPalette::popUp()
{
    QWidget *host = parentWidget();
    const int width = host ? qBound(360, host->width() / 2, 720) : 480;
    resize(width, fontMetrics().height() * 22);
    if (host) {
        const QPoint top = host->mapToGlobal(QPoint((host->width() - width) / 2,
                                                    host->height() / 8));
        move(top);
    }
    m_input->clear();
    refresh();
    show();
    raise();
    activateWindow();
    m_input->setFocus(Qt::PopupFocusReason);
}

int CommandPalette::fuzzyScore(const QString &pattern, const QString &text)
{
    const QString needle = pattern.simplified().toCaseFolded();
    const QString haystack = text.toCaseFolded();
    if (needle.isEmpty()) {
        return 0;
    }
    int score = 0;
    int from = 0;
    int previous = -2;
    for (const QChar c : needle) {
        if (c == u' ') {
            previous = -2; // words of the pattern may match anywhere after each other
            continue;
        }
        const int found = int(haystack.indexOf(c, from));
        if (found < 0) {
            return -1;
        }
        score += 1;
        if (found == previous + 1) {
            score += 5;
        }
        if (isWordStart(haystack, found)) {
            score += 8;
        }
        previous = found;
        from = found + 1;
    }
    // The pattern as one piece: more at the start, more again when it ends a word.
    const qsizetype at = haystack.indexOf(needle);
    if (at >= 0) {
        const qsizetype end = at + needle.size();
        score += at == 0 ? 30 : 15;
        score += end == haystack.size() || !haystack.at(end).isLetterOrNumber() ? 10 : 0;
    }
    // Between equals, the shorter text is the closer match.
    return score * 4 - int(qMin<qsizetype>(haystack.size(), 60)) / 10;
}

QList<CommandPalette::Candidate> CommandPalette::actionCandidates(const QString &pattern) const
{
    QList<Candidate> candidates;
    for (QAction *action : m_actions) {
        // An action the role lacks is named when asked for, greyed with the reason; other
        // disabled actions cannot run now and are left out.
        const QString missing = action ? PermissionGate::missingPermission(action) : QString();
        const bool refused = action && !action->isEnabled() && !missing.isEmpty();
        if (!action || !action->isVisible() || (!action->isEnabled() && !refused)
            || (refused && pattern.trimmed().isEmpty())) {
            continue;
        }
        const QString text = plainText(action);
        const int score = fuzzyScore(pattern, text);
        if (score < 0) {
            continue;
        }
        // Actions come before incidents when they match as well; refused ones after both.
        const QString hint = refused ? PermissionGate::missingText(missing)
                                     : action->shortcut().toString(QKeySequence::NativeText);
        candidates.append({refused ? score - 1000 : score + 2, text, hint, action, {}, refused});
    }
    return candidates;
}

QList<CommandPalette::Candidate> CommandPalette::incidentCandidates(const QString &pattern) const
{
    QList<Candidate> candidates;
    const QList<const IncidentRecord *> incidents = m_session->projection().incidents();
    for (const IncidentRecord *incident : incidents) {
        if (pattern.isEmpty() && (!incident->isOpen() || candidates.size() >= s_maxIncidents)) {
            continue;
        }
        const QString text = incident->numberText() + u"  "_s + incident->title;
        const int score = fuzzyScore(pattern, text + u' ' + incident->service);
        if (score < 0) {
            continue;
        }
        candidates.append({score, text,
                           severityName(incident->severity) + u" · "_s
                               + IncidentText::status(incident->status),
                           nullptr, incident->id});
    }
    return candidates;
}

void CommandPalette::refresh()
{
    const QString pattern = m_input->text();
    QList<Candidate> candidates = actionCandidates(pattern) + incidentCandidates(pattern);
    // Stable: with no pattern, actions in menu order and then incidents newest first.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate &a, const Candidate &b) { return a.score > b.score; });
    if (candidates.size() > s_maxIncidents + m_actions.size()) {
        candidates.resize(s_maxIncidents + m_actions.size());
    }

    m_list->clear();
    for (const Candidate &candidate : std::as_const(candidates)) {
        auto *item = new QListWidgetItem(candidate.hint.isEmpty()
                                             ? candidate.text
                                             : candidate.text + u"    "_s + candidate.hint,
                                         m_list);
        if (candidate.refused) {
            item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
            item->setToolTip(candidate.hint);
            item->setIcon(candidate.action->icon());
        } else if (candidate.action) {
            item->setData(s_actionRole, QVariant::fromValue<QObject *>(candidate.action));
            item->setIcon(candidate.action->icon());
        } else {
            item->setData(s_incidentRole, candidate.incidentId);
            const IncidentRecord *incident
                = m_session->projection().incident(candidate.incidentId);
            item->setIcon(IncidentStyle::severitySwatch(incident ? incident->severity
                                                                 : Severity::Unknown));
        }
    }
    m_list->setCurrentRow(m_list->count() > 0 && (m_list->item(0)->flags() & Qt::ItemIsEnabled)
                              ? 0
                              : -1);
}

void CommandPalette::run(QListWidgetItem *item)
{
    if (!item) {
        return;
    }
    const QPointer<QAction> action
        = qobject_cast<QAction *>(item->data(s_actionRole).value<QObject *>());
    const QString incident = item->data(s_incidentRole).toString();
    hide();
    // After the popup has gone, so that a dialog the action opens gets the focus.
    QTimer::singleShot(0, this, [this, action, incident]() {
        if (action) {
            action->trigger();
        } else if (!incident.isEmpty()) {
            Q_EMIT incidentChosen(incident);
        }
    });
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    // Up, Down and the page keys move through the list while typing goes on in the field.
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
            QApplication::sendEvent(m_list, event);
            return true;
        default:
            break;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace Firebreak
