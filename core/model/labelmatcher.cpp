// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "labelmatcher.h"

#include <QJsonArray>

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

} // namespace

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
        matcher->m_regex.setPattern(QRegularExpression::anchoredPattern(matcher->m_value));
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
    return fromJson(json, &check, error) ? json : QJsonObject();
}

QString LabelMatcher::toText() const
{
    return (m_field ? u"@"_s : QString()) + m_name + opText(m_op) + m_value;
}

bool LabelMatcher::matches(const MatchSubject &subject) const
{
    const QString actual = m_field ? subject.field(m_name)
                                   : subject.labels.value(m_name).toString();
    switch (m_op) {
    case Op::Equal:
        return actual == m_value;
    case Op::NotEqual:
        return actual != m_value;
    case Op::Regex:
        return m_regex.match(actual).hasMatch();
    case Op::NotRegex:
        return !m_regex.match(actual).hasMatch();
    }
    return false;
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
