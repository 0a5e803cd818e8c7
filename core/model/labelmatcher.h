// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/severity.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

namespace Firebreak {

/// What a route or silence matcher looks at: an alert's labels and a few of its fields.
struct MatchSubject
{
    QString source;
    QString integration;
    QString service;
    Severity severity = Severity::P4;
    QString title;
    /// The labels as compact JSON text (an object of strings), as the alert keeps them: most
    /// alerts meet no matcher that reads a label, and building an object of them was a cost of
    /// every alert.
    QByteArray labelsJson;

    QString field(const QString &name) const;
    /// The value of label `name`, empty when there is none (`found` says which), read from the
    /// text without building an object of all labels.
    QString label(const QString &name, bool *found = nullptr) const;
};

/**
 * One condition on an alert, in Alertmanager's style: a label (or, with `field`, one of
 * source, integration, service, severity, title) compared with `=`, `!=`, `=~` or `!~` (regular
 * expressions anchored at both ends). A missing label reads as empty.
 *
 * JSON: {"label": "env", "op": "=", "value": "prod"} or {"field": "source", "op": "=~",
 * "value": "datadog|grafana"}.
 */
class LabelMatcher
{
public:
    enum class Op { Equal, NotEqual, Regex, NotRegex };

    /// False with the reason when the JSON is no valid matcher.
    static bool fromJson(const QJsonValue &json, LabelMatcher *matcher, QString *error);
    QJsonObject toJson() const;
    /**
     * The text form people type: `env=prod`, `host=~db-.*`, `team!=sre`, `@source!~dev|test`
     * (a leading `@` names a field). Returns the JSON form, or an empty object and the reason.
     */
    static QJsonObject jsonFromText(const QString &text, QString *error);
    /// The text form of this matcher.
    QString toText() const;

    /**
     * Whether the matcher holds. A regular expression gets a fixed budget of backtracking
     * steps per match (s_regexMatchBudget); one that runs out of it does not hold, for `=~` and
     * `!~` alike, so no pattern can make a match take long.
     */
    bool matches(const MatchSubject &subject) const;
    /**
     * The rule for regular expressions submitted in routes, silences and dry runs
     * (docs/alerts.md): at most s_maxPatternLength characters; no back-references,
     * recursion, subroutine calls, callouts or `(*VERB)`s; and no group repeated more than
     * once (`*`, `+`, `{n,}`, `{n,m}` with m > 1) that itself holds a quantifier or a `|`
     * (`(a+)+`, `(.|..)*`) — the shapes that backtrack exponentially. False with the reason.
     * Patterns already in the log are not re-checked: the match budget bounds them.
     */
    static bool checkPattern(const QString &pattern, QString *error);
    /// Backtracking steps PCRE2 may take for one match of a matcher's regular expression.
    static constexpr int s_regexMatchBudget = 100000;
    static constexpr int s_maxPatternLength = 512;
    QString name() const { return m_name; }
    bool isField() const { return m_field; }

private:
    QString m_name;
    bool m_field = false;
    Op m_op = Op::Equal;
    QString m_value;
    QRegularExpression m_regex;
};

/// Reads a JSON array of matchers; false with the reason naming the matcher's index.
bool matchersFromJson(const QJsonValue &json, QList<LabelMatcher> *matchers, QString *error);
QJsonArray matchersToJson(const QList<LabelMatcher> &matchers);
/**
 * Applies LabelMatcher::checkPattern() to every regular expression of a JSON list of matchers
 * (as submitted); false with the reason naming the matcher's index.
 */
bool checkMatcherPatterns(const QJsonValue &json, QString *error);
/// True when every matcher matches (an empty list matches everything).
bool allMatch(const QList<LabelMatcher> &matchers, const MatchSubject &subject);

} // namespace Firebreak
