// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "postmortemeditor.h"

#include "collab/postmortemsession.h"
#include "markdownhighlighter.h"

#include <QFile>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextBlock>
#include <QVBoxLayout>

#include <algorithm>

#ifdef FIREBREAK_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

qsizetype codePoints(QStringView text)
{
    qsizetype count = text.size();
    for (const QChar c : text) {
        count -= c.isLowSurrogate() ? 1 : 0;
    }
    return count;
}

#ifdef FIREBREAK_HAVE_KSYNTAXHIGHLIGHTING
KSyntaxHighlighting::Repository &syntaxRepository()
{
    // Building a repository is expensive: one for the whole application.
    static KSyntaxHighlighting::Repository repository;
    return repository;
}
#endif

QSyntaxHighlighter *makeHighlighter(QTextDocument *document, const QPalette &palette)
{
#ifdef FIREBREAK_HAVE_KSYNTAXHIGHLIGHTING
    auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document);
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    highlighter->setTheme(syntaxRepository().defaultTheme(
        dark ? KSyntaxHighlighting::Repository::DarkTheme
             : KSyntaxHighlighting::Repository::LightTheme));
    highlighter->setDefinition(syntaxRepository().definitionForName(u"Markdown"_s));
    return highlighter;
#else
    auto *highlighter = new MarkdownHighlighter(document);
    highlighter->setPalette(palette);
    return highlighter;
#endif
}

} // namespace

PostMortemTextEdit::PostMortemTextEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(u"postMortemText"_s);
    setAccessibleName(tr("Post-mortem text"));
    // Undo belongs to the shared document, which undoes this person's edits only.
    setUndoRedoEnabled(false);
    setTabChangesFocus(false);
}

void PostMortemTextEdit::setRemoteCarets(const QList<RemoteCaret> &carets)
{
    m_carets = carets;
    viewport()->update();
}

void PostMortemTextEdit::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Undo)) {
        Q_EMIT undoRequested();
        return;
    }
    if (event->matches(QKeySequence::Redo)) {
        Q_EMIT redoRequested();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

QString PostMortemTextEdit::linkAt(const QPoint &point) const
{
    static const QRegularExpression link(u"firebreak:(event|external)/[0-9A-Za-z-]+"_s);
    const QTextCursor cursor = cursorForPosition(point);
    const QString line = cursor.block().text();
    const int column = cursor.positionInBlock();
    auto it = link.globalMatch(line);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        // The link's text in brackets before it counts as the link too.
        const qsizetype label = line.lastIndexOf(u'[', match.capturedStart());
        const qsizetype from = label >= 0 ? label : match.capturedStart();
        if (column >= from && column <= match.capturedEnd()) {
            return match.captured(0);
        }
    }
    return {};
}

void PostMortemTextEdit::mouseReleaseEvent(QMouseEvent *event)
{
    QPlainTextEdit::mouseReleaseEvent(event);
    if (event->modifiers() & Qt::ControlModifier) {
        if (const QString link = linkAt(event->position().toPoint()); !link.isEmpty()) {
            Q_EMIT linkClicked(link);
        }
    }
}

void PostMortemTextEdit::paintEvent(QPaintEvent *event)
{
    QPlainTextEdit::paintEvent(event);
    QPainter painter(viewport());
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.75);
    painter.setFont(small);
    const QFontMetrics metrics(small);
    for (const RemoteCaret &caret : std::as_const(m_carets)) {
        QTextCursor cursor(document());
        cursor.setPosition(std::clamp(caret.position, 0, document()->characterCount() - 1));
        const QRect rect = cursorRect(cursor);
        painter.fillRect(QRect(rect.left(), rect.top(), 2, rect.height()), caret.color);

        // The name sits just above the caret, on the person's colour.
        const QRect label(rect.left(), rect.top() - metrics.height(),
                          metrics.horizontalAdvance(caret.name) + 6, metrics.height());
        painter.fillRect(label, caret.color);
        painter.setPen(caret.color.lightness() > 140 ? Qt::black : Qt::white);
        painter.drawText(label.adjusted(3, 0, -3, 0), Qt::AlignVCenter, caret.name);
    }
}

PostMortemEditor::PostMortemEditor(Collab::PostMortemSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_text(new PostMortemTextEdit(this))
    , m_presence(new QLabel(this))
    , m_status(new QLabel(this))
    , m_templateButton(new QPushButton(tr("Start from the template"), this))
{
    setObjectName(u"postMortemEditor"_s);
    m_presence->setObjectName(u"postMortemPresence"_s);
    m_presence->setTextFormat(Qt::RichText);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setObjectName(u"postMortemStatus"_s);
    m_templateButton->setObjectName(u"postMortemTemplateButton"_s);
    m_templateButton->setAccessibleName(tr("Start the post-mortem from the template"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_presence, 1);
    bar->addWidget(m_status);
    bar->addWidget(m_templateButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_text, 1);

    m_highlighter = makeHighlighter(m_text->document(), palette());
    m_shadow = session ? session->text() : QString();
    m_applying = true;
    m_text->setPlainText(m_shadow);
    m_applying = false;

    m_cursorTimer.setSingleShot(true);
    m_cursorTimer.setInterval(0);
    connect(&m_cursorTimer, &QTimer::timeout, this, &PostMortemEditor::shareCursor);
    connect(m_text->document(), &QTextDocument::contentsChanged, this,
            &PostMortemEditor::onContentsChanged);
    connect(m_text, &QPlainTextEdit::cursorPositionChanged, this,
            &PostMortemEditor::onCursorMoved);
    connect(m_text, &QPlainTextEdit::selectionChanged, this, &PostMortemEditor::onCursorMoved);
    connect(m_text, &PostMortemTextEdit::undoRequested, this, &PostMortemEditor::undo);
    connect(m_text, &PostMortemTextEdit::redoRequested, this, &PostMortemEditor::redo);
    connect(m_text, &PostMortemTextEdit::linkClicked, this, &PostMortemEditor::linkActivated);
    connect(m_templateButton, &QPushButton::clicked, this, &PostMortemEditor::insertTemplate);
    if (session) {
        connect(session, &Collab::PostMortemSession::remoteChanged, this,
                &PostMortemEditor::applyChanges);
        connect(session, &Collab::PostMortemSession::participantsChanged, this,
                &PostMortemEditor::refreshParticipants);
        connect(session, &Collab::PostMortemSession::editRefused, m_status, &QLabel::setText);
    }
    refreshParticipants();
    refreshTemplateButton();
}

PostMortemEditor::~PostMortemEditor() = default;

void PostMortemEditor::setTemplateValues(const QHash<QString, QString> &values)
{
    m_templateValues = values;
}

QString PostMortemEditor::templateText(const QHash<QString, QString> &values,
                                      const QString &organisationTemplate)
{
    QString text = organisationTemplate;
    if (text.isEmpty()) {
        QFile file(u":/templates/postmortem.md"_s);
        text = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }
    for (const QString &key : {u"title"_s, u"number"_s, u"severity"_s, u"service"_s,
                               u"start"_s, u"end"_s}) {
        text.replace(u"{{"_s + key + u"}}"_s, values.value(key, u"…"_s));
    }
    return text;
}

QColor PostMortemEditor::colorFor(const QString &actor)
{
    return QColor::fromHsl(int(qHash(actor) % 360), 170, 110);
}

void PostMortemEditor::setReadOnlyReason(const QString &reason)
{
    m_readOnlyReason = reason;
    m_text->setReadOnly(!reason.isEmpty());
    m_text->setToolTip(reason);
    m_status->setText(reason);
    refreshTemplateButton();
}

void PostMortemEditor::insertTemplate()
{
    if (!m_session || isReadOnly() || m_session->document().length() > 0) {
        return;
    }
    const QString text = templateText(m_templateValues, m_organisationTemplate);
    if (m_session->insert(0, text)) {
        applyChanges({Collab::TextChange{0, 0, text}});
    }
}

void PostMortemEditor::insertAtCursor(const QString &text)
{
    // Typed like any other edit: the contents-changed handler sends it to the session.
    if (!isReadOnly()) {
        m_text->textCursor().insertText(text);
    }
}

std::pair<qsizetype, qsizetype> PostMortemEditor::selectedRange() const
{
    const QTextCursor cursor = m_text->textCursor();
    return {toCodePoint(cursor.selectionStart()), toCodePoint(cursor.selectionEnd())};
}

void PostMortemEditor::selectRange(qsizetype start, qsizetype end)
{
    QTextCursor cursor(m_text->document());
    cursor.setPosition(int(toUtf16(start)));
    cursor.setPosition(int(toUtf16(end)), QTextCursor::KeepAnchor);
    m_text->setTextCursor(cursor);
    m_text->ensureCursorVisible();
}

void PostMortemEditor::undo()
{
    if (m_session && !isReadOnly()) {
        applyChanges(m_session->undo());
    }
}

void PostMortemEditor::redo()
{
    if (m_session && !isReadOnly()) {
        applyChanges(m_session->redo());
    }
}

QString PostMortemEditor::currentText() const
{
    // The raw text keeps non-breaking spaces; paragraphs are separated by U+2029.
    QString text = m_text->document()->toRawText();
    text.replace(QChar::ParagraphSeparator, u'\n');
    text.replace(QChar::LineSeparator, u'\n');
    return text;
}

void PostMortemEditor::onContentsChanged()
{
    if (m_applying || !m_session) {
        return;
    }
    // Whatever the edit was (typing, paste, drop), it is the difference from the shadow copy.
    // Where that difference is ambiguous (typing "a" before an "a"), it ends at the caret:
    // the new characters must be placed where they were typed, or a concurrent edit of the
    // neighbouring ones would take them along.
    const QString text = currentText();
    const qsizetype grown = std::max<qsizetype>(text.size() - m_shadow.size(), 0);
    const qsizetype caretLimit = std::max<qsizetype>(m_text->textCursor().position() - grown, 0);
    const qsizetype shorter = std::min(text.size(), m_shadow.size());
    qsizetype prefix = 0;
    while (prefix < std::min(shorter, caretLimit) && text[prefix] == m_shadow[prefix]) {
        ++prefix;
    }
    if (prefix > 0 && m_shadow[prefix - 1].isHighSurrogate()) {
        --prefix;
    }
    qsizetype suffix = 0;
    while (suffix < shorter - prefix
           && text[text.size() - 1 - suffix] == m_shadow[m_shadow.size() - 1 - suffix]) {
        ++suffix;
    }
    if (suffix > 0 && m_shadow[m_shadow.size() - suffix].isLowSurrogate()) {
        --suffix;
    }

    const QStringView removed = QStringView(m_shadow).sliced(prefix,
                                                             m_shadow.size() - prefix - suffix);
    const QString inserted = text.sliced(prefix, text.size() - prefix - suffix);
    const qsizetype position = toCodePoint(prefix);
    if (!removed.isEmpty()) {
        m_session->remove(position, codePoints(removed));
    }
    if (!inserted.isEmpty()) {
        m_session->insert(position, inserted);
    }
    m_shadow = text;
    refreshParticipants();
    refreshTemplateButton();
}

void PostMortemEditor::applyChanges(const std::vector<Collab::TextChange> &changes)
{
    if (changes.empty()) {
        return;
    }
    // Others' edits go in through a cursor of their own. This person's caret and selection
    // follow them, but text inserted right at the caret goes after it, as anchors do.
    m_applying = true;
    const QTextCursor mine = m_text->textCursor();
    qsizetype position = mine.position();
    qsizetype anchor = mine.anchor();
    const int scroll = m_text->verticalScrollBar()->value();
    QTextCursor cursor(m_text->document());
    for (const Collab::TextChange &change : changes) {
        const qsizetype from = toUtf16(change.position);
        const qsizetype to = toUtf16(change.position + change.removed);
        cursor.setPosition(int(from));
        cursor.setPosition(int(to), QTextCursor::KeepAnchor);
        if (change.inserted.isEmpty()) {
            cursor.removeSelectedText();
        } else {
            cursor.insertText(change.inserted);
        }
        m_shadow.replace(from, to - from, change.inserted);
        auto follow = [&](qsizetype at) {
            return at <= from ? at : at >= to ? at - (to - from) + change.inserted.size() : from;
        };
        position = follow(position);
        anchor = follow(anchor);
    }
    QTextCursor moved = m_text->textCursor();
    moved.setPosition(int(anchor));
    moved.setPosition(int(position), QTextCursor::KeepAnchor);
    m_text->setTextCursor(moved);
    m_text->verticalScrollBar()->setValue(scroll);
    m_applying = false;
    refreshParticipants();
    refreshTemplateButton();
}

void PostMortemEditor::onCursorMoved()
{
    // Qt moves the caret before it reports the edit that moved it: share it afterwards.
    if (!m_applying && !m_cursorTimer.isActive()) {
        m_cursorTimer.start();
    }
}

void PostMortemEditor::shareCursor()
{
    if (!m_session) {
        return;
    }
    const QTextCursor cursor = m_text->textCursor();
    m_session->setCursor(toCodePoint(cursor.position()), toCodePoint(cursor.anchor()));
}

void PostMortemEditor::refreshParticipants()
{
    const QList<Collab::Participant> participants
        = m_session ? m_session->participants() : QList<Collab::Participant>();
    QList<PostMortemTextEdit::RemoteCaret> carets;
    QList<QTextEdit::ExtraSelection> selections;
    QStringList names;
    for (const Collab::Participant &participant : participants) {
        const QColor color = colorFor(participant.actor);
        names.append(u"<span style=\"color:%1\">●</span> %2"_s.arg(
            color.name(), participant.name.toHtmlEscaped()));
        const qsizetype caret = m_session->positionOf(participant.cursor);
        const qsizetype anchor = m_session->positionOf(participant.anchor);
        if (caret < 0) {
            continue;
        }
        carets.append({int(toUtf16(caret)), color, participant.name});
        if (anchor >= 0 && anchor != caret) {
            QTextEdit::ExtraSelection selection;
            selection.cursor = QTextCursor(m_text->document());
            selection.cursor.setPosition(int(toUtf16(anchor)));
            selection.cursor.setPosition(int(toUtf16(caret)), QTextCursor::KeepAnchor);
            QColor background = color;
            background.setAlpha(60);
            selection.format.setBackground(background);
            selections.append(selection);
        }
    }
    m_text->setRemoteCarets(carets);
    m_text->setExtraSelections(selections);
    m_presence->setText(names.isEmpty() ? tr("Nobody else is here")
                                        : tr("Also here: %1").arg(names.join(u"  "_s)));
    m_presence->setAccessibleName(
        tr("%n other people in this post-mortem", nullptr, int(participants.size())));
}

void PostMortemEditor::refreshTemplateButton()
{
    m_templateButton->setVisible(m_session && !isReadOnly()
                                 && m_session->document().length() == 0);
}

qsizetype PostMortemEditor::toUtf16(qsizetype codePoint) const
{
    qsizetype units = 0;
    for (qsizetype seen = 0; seen < codePoint && units < m_shadow.size(); ++seen) {
        units += m_shadow[units].isHighSurrogate() && units + 1 < m_shadow.size() ? 2 : 1;
    }
    return units;
}

qsizetype PostMortemEditor::toCodePoint(qsizetype utf16) const
{
    return codePoints(QStringView(m_shadow).first(std::min(utf16, m_shadow.size())));
}

void PostMortemEditor::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
#ifndef FIREBREAK_HAVE_KSYNTAXHIGHLIGHTING
    if (event->type() == QEvent::PaletteChange) {
        static_cast<MarkdownHighlighter *>(m_highlighter)->setPalette(palette());
    }
#endif
}

} // namespace Firebreak
