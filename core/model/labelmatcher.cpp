// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "labelmatcher.h"

#include "events/jsonview.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <limits>

using namespace Qt::StringLiterals;

namespace Firebreak {

namespace {

constexpr int s_maxMatchers = 32;
constexpr int s_maxValueLength = 1000;

const QStringList &fieldNames()
{
    static const QStringList names{u"source"_s, u"integration"_s, u"service"_s, u"severity"_s,
                                   u"title"_s};
    return names;
}

bool opFromText(const QString &text, LabelMatcher::Op *op)
{
    static const QList<std::pair<QString, LabelMatcher::Op>> ops{
        {u"="_s, LabelMatcher::Op::Equal},
        {u"!="_s, LabelMatcher::Op::NotEqual},
        {u"=~"_s, LabelMatcher::Op::Regex},
        {u"!~"_s, LabelMatcher::Op::NotRegex},
    };
    for (const auto &[name, value] : ops) {
        if (name == text) {
            *op = value;
            return true;
        }
    }
    return false;
}

QString opText(LabelMatcher::Op op)
{
    switch (op) {
    case LabelMatcher::Op::Equal:
        return u"="_s;
    case LabelMatcher::Op::NotEqual:
        return u"!="_s;
    case LabelMatcher::Op::Regex:
        return u"=~"_s;
    case LabelMatcher::Op::NotRegex:
        return u"!~"_s;
    }
    return QString();
}

/**
 * Reads a quantifier at `at` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe followed by a
 * lazy `?` or possessive `+`); returns its length, 0 when there is none, and whether it lets
 * its atom repeat more than once.
 */
qsizetype quantifierAt(const QString &pattern, qsizetype at, bool *repeats)
{
    if (at >= pattern.size()) {
        return 0;
    }
    const QChar c = pattern.at(at);
    qsizetype length = 0;
    if (c == u'*' || c == u'+') {
        *repeats = true;
        length = 1;
    } else if (c == u'?') {
        *repeats = false;
        length = 1;
    } else if (c == u'{') {
        // PCRE2 10.42 reads {n}, {n,} and {n,m} as counts; anything else is a literal brace.
        static const QRegularExpression counted(u"\\{(\\d+)(,?)(\\d*)\\}"_s);
        const QRegularExpressionMatch match = counted.match(
            pattern, at, QRegularExpression::NormalMatch,
            QRegularExpression::AnchorAtOffsetMatchOption);
        if (!match.hasMatch()) {
            return 0;
        }
        // {n}: n times; {n,}: unbounded; {n,m}: up to m. Counts too large to read repeat.
        const QString upper = match.captured(2).isEmpty() ? match.captured(1)
                                                          : match.captured(3);
        bool ok = false;
        const qint64 most = upper.isEmpty() ? std::numeric_limits<qint64>::max()
                                            : upper.toLongLong(&ok);
        *repeats = !ok || most > 1;
        length = match.capturedLength();
    } else {
        return 0;
    }
    if (at + length < pattern.size()
        && (pattern.at(at + length) == u'?' || pattern.at(at + length) == u'+')) {
        ++length;
    }
    return length;
}

/// The end of a character class opening at `at` (the index after its `]`).
qsizetype classEnd(const QString &pattern, qsizetype at)
{
    qsizetype i = at + 1;
    if (i < pattern.size() && pattern.at(i) == u'^') {
        ++i;
    }
    if (i < pattern.size() && pattern.at(i) == u']') {
        ++i;
    }
    while (i < pattern.size()) {
        const QChar c = pattern.at(i);
        if (c == u'\\') {
            i += 2;
        } else if (c == u'[' && i + 1 < pattern.size() && pattern.at(i + 1) == u':') {
            const qsizetype end = pattern.indexOf(u":]"_s, i + 2);
            i = end < 0 ? i + 1 : end + 2;
        } else if (c == u']') {
            return i + 1;
        } else {
            ++i;
        }
    }
    return pattern.size();
}

/// What a group holds, for the nesting rule of checkPattern().
struct GroupScan
{
    bool quantified = false;
    bool alternation = false;
};

} // namespace

QString MatchSubject::label(const QString &name, bool *found) const
{
    // The text is one Firebreak wrote (or a reader kept): only the label asked for is read.
    // What JsonView does not take goes the full way.
    thread_local JsonView view;
    if (view.parse(labelsJson, 4) && view.isObject(0)) {
        const int value = view.member(0, name.toUtf8());
        if (found) {
            *found = value >= 0;
        }
        return value >= 0 ? view.string(value) : QString();
    }
    // Walked, not searched: Qt's search can miss a key in an object whose keys it stored in
    // two forms (see StringMap).
    const QJsonObject object = QJsonDocument::fromJson(labelsJson).object();
    for (auto it = object.begin(), end = object.end(); it != end; ++it) {
        if (it.key() == name) {
            if (found) {
                *found = true;
            }
            return it.value().toString();
        }
    }
    if (found) {
        *found = false;
    }
    return QString();
}

QString MatchSubject::field(const QString &name) const
{
    if (name == u"source") {
        return source;
    }
    if (name == u"integration") {
        return integration;
    }
    if (name == u"service") {
        return service;
    }
    if (name == u"severity") {
        return severityName(severity);
    }
    return name == u"title" ? title : QString();
}

bool LabelMatcher::fromJson(const QJsonValue &json, LabelMatcher *matcher, QString *error)
{
    const QJsonObject object = json.toObject();
    const bool field = object.contains(u"field"_s);
    const QString name = object.value(field ? u"field"_s : u"label"_s).toString();
    if (!json.isObject() || name.isEmpty() || name.size() > 200) {
        *error = u"a matcher needs a label (or a field) name"_s;
        return false;
    }
    if (field && !fieldNames().contains(name)) {
        *error = u"field must be one of %1"_s.arg(fieldNames().join(u", "_s));
        return false;
    }
    if (!opFromText(object.value(u"op"_s).toString(u"="_s), &matcher->m_op)) {
        *error = u"op must be =, !=, =~ or !~"_s;
        return false;
    }
    const QJsonValue value = object.value(u"value"_s);
    if (!value.isString() || value.toString().size() > s_maxValueLength) {
        *error = u"value must be a string of at most %1 characters"_s.arg(s_maxValueLength);
        return false;
    }
    matcher->m_name = name;
    matcher->m_field = field;
    matcher->m_value = value.toString();
    if (matcher->m_op == Op::Regex || matcher->m_op == Op::NotRegex) {
        // The budget goes first: PCRE2 reads (*LIMIT_MATCH=) only at the very start, and a
        // pattern can lower it but never raise it.
        matcher->m_regex.setPattern(u"(*LIMIT_MATCH=%1)"_s.arg(s_regexMatchBudget)
                                    + QRegularExpression::anchoredPattern(matcher->m_value));
        if (!matcher->m_regex.isValid()) {
            *error = u"value is no valid regular expression: %1"_s.arg(
                matcher->m_regex.errorString());
            return false;
        }
        matcher->m_regex.optimize();
    }
    return true;
}

QJsonObject LabelMatcher::toJson() const
{
    return {{m_field ? u"field"_s : u"label"_s, m_name},
            {u"op"_s, opText(m_op)},
            {u"value"_s, m_value}};
}

QJsonObject LabelMatcher::jsonFromText(const QString &text, QString *error)
{
    static const QRegularExpression form(
        u"^\\s*(@?)([^=!~\\s]+)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*$"_s);
    const QRegularExpressionMatch match = form.match(text);
    if (!match.hasMatch()) {
        *error = u"\"%1\" is no matcher; write label=value, label!=value, label=~regex,"
                 " label!~regex, or @field=value"_s.arg(text.left(80));
        return {};
    }
    const QJsonObject json{{match.captured(1).isEmpty() ? u"label"_s : u"field"_s,
                            match.captured(2)},
                           {u"op"_s, match.captured(3)},
                           {u"value"_s, match.captured(4)}};
    LabelMatcher check;
    if (!fromJson(json, &check, error)) {
        return {};
    }
    if ((check.m_op == Op::Regex || check.m_op == Op::NotRegex)
        && !checkPattern(check.m_value, error)) {
        return {};
    }
    return json;
}

QString LabelMatcher::toText() const
{
    return (m_field ? u"@"_s : QString()) + m_name + opText(m_op) + m_value;
}

bool LabelMatcher::matches(const MatchSubject &subject) const
{
    const QString actual = m_field ? subject.field(m_name)
                                   : subject.label(m_name);
    switch (m_op) {
    case Op::Equal:
        return actual == m_value;
    case Op::NotEqual:
        return actual != m_value;
    case Op::Regex:
    case Op::NotRegex: {
        const QRegularExpressionMatch match = m_regex.match(actual);
        if (!match.isValid()) {
            return false; // the match budget ran out: the matcher does not hold either way
        }
        return match.hasMatch() == (m_op == Op::Regex);
    }
    }
    return false;
}

bool LabelMatcher::checkPattern(const QString &pattern, QString *error)
{
    const auto refuse = [error](const QString &why) {
        *error = u"value: "_s + why;
        return false;
    };
    if (pattern.size() > s_maxPatternLength) {
        return refuse(u"a regular expression may have at most %1 characters"_s.arg(
            s_maxPatternLength));
    }
    const QString slow = u" (it can make matching take very long)"_s;
    QList<GroupScan> groups{GroupScan{}};
    qsizetype i = 0;
    while (i < pattern.size()) {
        const QChar c = pattern.at(i);
        GroupScan closed;
        bool closedGroup = false;
        if (c == u'\\') {
            const QChar next = i + 1 < pattern.size() ? pattern.at(i + 1) : QChar();
            if ((next >= u'1' && next <= u'9') || next == u'g' || next == u'k') {
                return refuse(u"back-references are not allowed in regular expressions"_s + slow);
            }
            if (next == u'Q') {
                const qsizetype end = pattern.indexOf(u"\\E"_s, i + 2);
                i = end < 0 ? pattern.size() : end + 2;
            } else if ((next == u'x' || next == u'o' || next == u'p' || next == u'P'
                        || next == u'N')
                       && i + 2 < pattern.size() && pattern.at(i + 2) == u'{') {
                const qsizetype end = pattern.indexOf(u'}', i + 3);
                i = end < 0 ? pattern.size() : end + 1;
            } else if (next == u'c') {
                i += 3;
            } else {
                i += 2;
            }
        } else if (c == u'[') {
            i = classEnd(pattern, i);
        } else if (c == u'(') {
            const QChar next = i + 1 < pattern.size() ? pattern.at(i + 1) : QChar();
            if (next == u'*') {
                return refuse(u"(*VERB) settings are not allowed in regular expressions"_s);
            }
            qsizetype j = i + 1;
            if (next == u'?') {
                j = i + 2;
                const QChar kind = j < pattern.size() ? pattern.at(j) : QChar();
                const QChar after = j + 1 < pattern.size() ? pattern.at(j + 1) : QChar();
                if (kind == u'#') {
                    const qsizetype end = pattern.indexOf(u')', j);
                    i = end < 0 ? pattern.size() : end + 1;
                    continue;
                }
                if (kind == u'R' || kind.isDigit() || kind == u'&' || kind == u'C'
                    || ((kind == u'+' || kind == u'-') && after.isDigit())
                    || (kind == u'P' && (after == u'>' || after == u'='))) {
                    return refuse(u"recursion, subroutine calls, back-references and callouts"
                                  " are not allowed in regular expressions"_s + slow);
                }
                if ((kind == u'<' || kind == u'\'') && after != u'=' && after != u'!') {
                    const qsizetype end = pattern.indexOf(kind == u'<' ? u'>' : u'\'', j + 1);
                    j = end < 0 ? pattern.size() : end + 1;
                } else if (kind == u'P' && after == u'<') {
                    const qsizetype end = pattern.indexOf(u'>', j + 2);
                    j = end < 0 ? pattern.size() : end + 1;
                } else if (kind == u'<') {
                    j += 2;
                } else if (kind == u':' || kind == u'=' || kind == u'!' || kind == u'>'
                           || kind == u'|') {
                    j += 1;
                } else {
                    while (j < pattern.size()
                           && (pattern.at(j).isLetter() || pattern.at(j) == u'-'
                               || pattern.at(j) == u'^')) {
                        ++j;
                    }
                    if (j < pattern.size() && pattern.at(j) == u':') {
                        ++j;
                    }
                }
            }
            groups.append(GroupScan{});
            i = j;
            continue;
        } else if (c == u')') {
            if (groups.size() > 1) {
                closed = groups.takeLast();
                closedGroup = true;
            }
            ++i;
        } else if (c == u'|') {
            groups.last().alternation = true;
            ++i;
            continue;
        } else {
            ++i;
        }
        bool repeats = false;
        const qsizetype quantifier = quantifierAt(pattern, i, &repeats);
        if (closedGroup) {
            if (quantifier > 0 && repeats && (closed.quantified || closed.alternation)) {
                return refuse(u"a group repeated by *, + or {n,m} must not itself hold a"
                              " quantifier or | (as in (a+)+ or (a|ab)*)"_s + slow);
            }
            groups.last().quantified = groups.last().quantified || closed.quantified
                || quantifier > 0;
            groups.last().alternation = groups.last().alternation || closed.alternation;
        } else if (quantifier > 0) {
            groups.last().quantified = true;
        }
        i += quantifier;
    }
    return true;
}

bool matchersFromJson(const QJsonValue &json, QList<LabelMatcher> *matchers, QString *error)
{
    if (json.isUndefined() || json.isNull()) {
        matchers->clear();
        return true;
    }
    const QJsonArray list = json.toArray();
    if (!json.isArray() || list.size() > s_maxMatchers) {
        *error = u"matchers must be a list of at most %1 matchers"_s.arg(s_maxMatchers);
        return false;
    }
    matchers->clear();
    for (qsizetype i = 0; i < list.size(); ++i) {
        LabelMatcher matcher;
        if (!LabelMatcher::fromJson(list.at(i), &matcher, error)) {
            *error = u"matchers[%1]: "_s.arg(i) + *error;
            return false;
        }
        matchers->append(matcher);
    }
    return true;
}

QJsonArray matchersToJson(const QList<LabelMatcher> &matchers)
{
    QJsonArray list;
    for (const LabelMatcher &matcher : matchers) {
        list.append(matcher.toJson());
    }
    return list;
}

bool checkMatcherPatterns(const QJsonValue &json, QString *error)
{
    const QJsonArray list = json.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject matcher = list.at(i).toObject();
        const QString op = matcher.value(u"op"_s).toString();
        if ((op == u"=~" || op == u"!~")
            && !LabelMatcher::checkPattern(matcher.value(u"value"_s).toString(), error)) {
            *error = u"matchers[%1]: "_s.arg(i) + *error;
            return false;
        }
    }
    return true;
}

bool allMatch(const QList<LabelMatcher> &matchers, const MatchSubject &subject)
{
    for (const LabelMatcher &matcher : matchers) {
        if (!matcher.matches(subject)) {
            return false;
        }
    }
    return true;
}

} // namespace Firebreak
