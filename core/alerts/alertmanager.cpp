// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "alertmanager.h"

#include "alerts/grafana.h"
#include "alerts/normaliserutil.h"
#include "events/event.h"
#include "events/jsontext.h"
#include "events/jsonview.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <array>
#include <limits>

using namespace Qt::StringLiterals;

namespace Firebreak::Alertmanager {

namespace {

// Where a field sits, for error messages only: "body" or "alerts[N]", built on failure.
struct Where
{
    int index = -1;

    QString text() const { return index < 0 ? u"body"_s : u"alerts[%1]"_s.arg(index); }
};

bool isStringMap(const QJsonObject &object)
{
    for (auto it = object.begin(), end = object.end(); it != end; ++it) {
        if (!it.value().isString()) {
            return false;
        }
    }
    return true;
}

// Absent or null maps are empty; anything else must be an object of strings.
bool readStringMap(const QJsonObject &parent, QLatin1StringView key, QJsonObject *out,
                   QString *error, Where where)
{
    const QJsonValue value = parent.value(key);
    if (value.isUndefined() || value.isNull()) {
        *out = {};
        return true;
    }
    if (value.isObject()) {
        *out = value.toObject();
        if (isStringMap(*out)) {
            return true;
        }
    }
    *error = u"%1.%2 must be an object of strings"_s.arg(where.text(), key);
    return false;
}

bool readStringMap(const QJsonObject &parent, QLatin1StringView key, StringMap *out,
                   QString *error, Where where)
{
    QJsonObject object;
    if (!readStringMap(parent, key, &object, error, where)) {
        return false;
    }
    *out = StringMap::fromObject(object);
    return true;
}

// Go's zero time ("0001-01-01T00:00:00Z") means "not set".
bool readTime(const QJsonObject &alert, QLatin1StringView key, qint64 *out, QString *error,
              Where where)
{
    const QJsonValue value = alert.value(key);
    const QString text = value.toString();
    if (value.isUndefined() || value.isNull() || text.isEmpty()) {
        *out = 0;
        return true;
    }
    if (!value.isString()) {
        *error = u"%1.%2 must be an RFC 3339 time"_s.arg(where.text(), key);
        return false;
    }
    const qint64 ms = msFromIso(text);
    if (ms == -1) {
        *error = u"%1.%2 is not an RFC 3339 time: %3"_s.arg(where.text(), key, text.left(40));
        return false;
    }
    *out = text.startsWith(u"0001-") ? 0 : ms;
    return true;
}

// The label and annotation values an alert's other fields are derived from.
struct DerivedFrom
{
    QString alertname;
    QString severity;
    QString service;
    QString job;
    QString summary;

    static DerivedFrom of(const StringMap &labels, const StringMap &annotations)
    {
        return {labels.value(u"alertname"), labels.value(u"severity"), labels.value(u"service"),
                labels.value(u"job"), annotations.value(u"summary")};
    }
};

// Each part without the white space around it, as every source's title (trimmedTitle()).
QString makeTitle(const DerivedFrom &from, const QJsonObject &commonAnnotations)
{
    const QString alertname = from.alertname.trimmed();
    const QString summary = from.summary.trimmed().isEmpty()
        ? commonAnnotations.value(u"summary"_s).toString().trimmed()
        : from.summary.trimmed();
    if (alertname.isEmpty()) {
        return summary.isEmpty() ? u"Unnamed alert"_s : summary;
    }
    return summary.isEmpty() ? alertname : alertname + u": "_s + summary;
}

// What both readers derive once an alert's labels, annotations, fingerprint and generator URL
// are read: the dedup key when there is no fingerprint, severity, title, service and link.
void deriveFields(NormalisedAlert *alert, const DerivedFrom &from,
                  const QJsonObject &commonAnnotations)
{
    if (alert->dedupKey.isEmpty()) {
        // The fast reader keeps the labels as text only.
        alert->dedupKey = labelsFingerprint(
            alert->labels.isEmpty() ? StringMap::fromObject(alert->labelsObject()) : alert->labels);
    } else {
        alert->dedupKey = AlertFields::shortenedKey(alert->dedupKey);
    }
    alert->sourceSeverity = from.severity;
    alert->severity = severityFromLabel(alert->sourceSeverity);
    alert->title = AlertFields::shortened(makeTitle(from, commonAnnotations));
    alert->service = from.service.isEmpty() ? from.job : from.service;
    AlertFields::addLink(&alert->links, alert->generatorUrl, u"Source"_s);
}

bool normaliseAlert(const QJsonValue &value, int index, const QJsonObject &commonAnnotations,
                    NormalisedAlert *alert, QString *error)
{
    const Where where{index};
    if (!value.isObject()) {
        *error = where.text() + u" must be an object"_s;
        return false;
    }
    const QJsonObject object = value.toObject();

    const QString status = object.value("status"_L1).toString();
    const bool firing = status == u"firing";
    if (!firing && status != u"resolved") {
        *error = where.text() + u".status must be \"firing\" or \"resolved\""_s;
        return false;
    }
    alert->status = firing ? AlertStatus::Firing : AlertStatus::Resolved;

    if (!readStringMap(object, "labels"_L1, &alert->labels, error, where)
        || !readStringMap(object, "annotations"_L1, &alert->annotations, error, where)
        || !readTime(object, "startsAt"_L1, &alert->startsAt, error, where)
        || !readTime(object, "endsAt"_L1, &alert->endsAt, error, where)) {
        return false;
    }
    if (alert->labels.isEmpty()) {
        *error = where.text() + u".labels must not be empty"_s;
        return false;
    }

    const QJsonValue fingerprint = object.value("fingerprint"_L1);
    if (!fingerprint.isUndefined() && !fingerprint.isNull() && !fingerprint.isString()) {
        *error = where.text() + u".fingerprint must be a string"_s;
        return false;
    }
    alert->dedupKey = fingerprint.toString();
    alert->generatorUrl = object.value(u"generatorURL"_s).toString();
    deriveFields(alert, DerivedFrom::of(alert->labels, alert->annotations), commonAnnotations);
    alert->raw = object;
    return true;
}


// The fast reader (normaliseFast) below takes an alert only when its members are strings or
// objects of strings with plain ASCII keys, each key once: then QJsonObject's key order is
// byte order, and the compact text of every value is the one QJsonDocument would write.

struct ViewMember
{
    QByteArrayView key;
    int value = -1;
};

bool plainKey(QByteArrayView key)
{
    return std::all_of(key.begin(), key.end(), [](char c) { return uchar(c) < 0x80; });
}

// The members of an object, sorted by key; false unless every key is plain and distinct.
bool sortedMembers(const JsonView &view, int object, std::vector<ViewMember> *members)
{
    members->clear();
    int key = JsonView::first(object);
    for (quint32 i = 0; i < view.node(object).count; ++i, key = view.nextKey(key)) {
        const QByteArrayView name = view.text(key);
        if (!plainKey(name)) {
            return false;
        }
        members->push_back({name, key + 1});
    }
    std::sort(members->begin(), members->end(),
              [](const ViewMember &a, const ViewMember &b) { return a.key < b.key; });
    return std::adjacent_find(members->begin(), members->end(),
                              [](const ViewMember &a, const ViewMember &b) {
                                  return a.key == b.key;
                              })
        == members->end();
}

// A member of an object of strings whose value a reader wants, as a QString.
struct Pick
{
    QByteArrayView key;
    QString *value;
};

// A member added to (or replacing one of) an object of strings, written into a second text:
// an alert's annotations with Grafana's values among them, as StringMap::insert() puts them.
struct Merge
{
    QByteArrayView key;
    QString value;
    QByteArray *text = nullptr;
};

void appendMember(QByteArray &text, QByteArrayView key, const QString &value)
{
    if (text.size() > 1) {
        text += ',';
    }
    JsonText::appendKey(text, key);
    JsonText::appendString(text, value);
}

// An object of strings: its compact text appended to `text`, the values of the members named
// in `picks`, and (when `out` is given) its QJsonObject, read back from the text by Qt's
// parser, which builds the object in one go: inserting its members one by one costs several
// times more. Alerts' own labels and annotations are kept as text only: building their objects
// was most of what the parser threads did per alert (docs/performance.md, tenth pass).
bool readViewStringMap(const JsonView &view, int object, QJsonObject *out, QByteArray *text,
                       std::initializer_list<Pick> picks = {}, const Merge &merge = {})
{
    thread_local std::vector<ViewMember> members;
    if (!sortedMembers(view, object, &members)) {
        return false;
    }
    const qsizetype begin = text->size();
    *text += '{';
    bool first = true;
    bool merged = merge.text == nullptr;
    if (!merged) {
        *merge.text = "{";
    }
    for (const ViewMember &member : members) {
        if (!view.isString(member.value)) {
            return false;
        }
        if (!std::exchange(first, false)) {
            *text += ',';
        }
        const qsizetype at = text->size();
        JsonText::appendKey(*text, member.key);
        view.appendString(*text, member.value);
        for (const Pick &pick : picks) {
            if (member.key == pick.key) {
                *pick.value = view.string(member.value);
            }
        }
        if (merge.text) {
            if (!merged && merge.key <= member.key) {
                appendMember(*merge.text, merge.key, merge.value);
                merged = true;
                if (merge.key == member.key) {
                    continue;
                }
            }
            if (merge.text->size() > 1) {
                *merge.text += ',';
            }
            merge.text->append(text->sliced(at));
        }
    }
    if (!merged) {
        appendMember(*merge.text, merge.key, merge.value);
    }
    if (merge.text) {
        *merge.text += '}';
    }
    *text += '}';
    if (out && !members.empty()) {
        *out = QJsonDocument::fromJson(text->sliced(begin)).object();
    }
    return true;
}

// readTime() for a JsonView value: false when the full reader would refuse it (or might).
bool readViewTime(const JsonView &view, int value, qint64 *out)
{
    *out = 0;
    if (value < 0) {
        return true;
    }
    if (!view.isString(value)) {
        return false;
    }
    const QString text = view.string(value);
    if (text.isEmpty()) {
        return true;
    }
    const qint64 ms = msFromIso(text);
    if (ms == -1) {
        return false;
    }
    *out = text.startsWith(u"0001-") ? 0 : ms;
    return true;
}

// Grafana's evaluated values as Grafana::normalise() writes them ("A=91.8, B=1"): empty when
// `values` is absent or not an object; false when its keys are not plain and distinct.
bool readViewValues(const JsonView &view, int values, QString *out)
{
    out->clear();
    if (values < 0 || !view.isObject(values)) {
        return true;
    }
    thread_local std::vector<ViewMember> members;
    if (!sortedMembers(view, values, &members)) {
        return false;
    }
    for (const ViewMember &member : members) {
        if (!out->isEmpty()) {
            *out += u", "_s;
        }
        *out += QString::fromLatin1(member.key) + u'='
            + AlertFields::text(ViewValue(&view, member.value));
    }
    return true;
}

// Which envelope: Alertmanager's own, or Grafana's unified alerting, whose alerts also carry
// links, evaluated values and members of any type (docs/alerts.md).
enum class Flavour { Alertmanager, Grafana };

// The links Grafana adds after the generator URL's, by member name.
constexpr std::array<std::pair<QByteArrayView, QStringView>, 4> grafanaLinks{{
    {"dashboardURL", u"Dashboard"},
    {"panelURL", u"Panel"},
    {"silenceURL", u"Silence in Grafana"},
    {"imageURL", u"Image"},
}};

bool normaliseViewAlert(const JsonView &view, int object, const QJsonObject &commonAnnotations,
                        Flavour flavour, NormalisedAlert *alert)
{
    thread_local std::vector<ViewMember> members;
    if (!view.isObject(object) || !sortedMembers(view, object, &members)) {
        return false;
    }
    const bool grafana = flavour == Flavour::Grafana;
    // Grafana's values join the annotations (not the raw text): read before them.
    QString values;
    QByteArray annotationsWithValues;
    if (grafana && !readViewValues(view, view.member(object, "values"), &values)) {
        return false;
    }
    std::array<int, grafanaLinks.size()> linkValues;
    linkValues.fill(-1);
    // The raw text, in QJsonObject's order, noting where labels and annotations sit in it.
    QByteArray raw;
    raw.reserve(view.text(object).size() + 16);
    raw += '{';
    qsizetype labelsAt = -1;
    qsizetype labelsEnd = -1;
    qsizetype annotationsAt = -1;
    qsizetype annotationsEnd = -1;
    int status = -1;
    int startsAt = -1;
    int endsAt = -1;
    int fingerprint = -1;
    int generatorUrl = -1;
    DerivedFrom from;
    for (const ViewMember &member : members) {
        if (raw.size() > 1) {
            raw += ',';
        }
        JsonText::appendKey(raw, member.key);
        if (view.isString(member.value)) {
            view.appendString(raw, member.value);
            if (member.key == "status") {
                status = member.value;
            } else if (member.key == "startsAt") {
                startsAt = member.value;
            } else if (member.key == "endsAt") {
                endsAt = member.value;
            } else if (member.key == "fingerprint") {
                fingerprint = member.value;
            } else if (member.key == "generatorURL") {
                generatorUrl = member.value;
            } else if (member.key == "labels" || member.key == "annotations") {
                return false;
            } else if (grafana) {
                for (std::size_t i = 0; i < grafanaLinks.size(); ++i) {
                    if (member.key == grafanaLinks[i].first) {
                        linkValues[i] = member.value;
                    }
                }
            }
            continue;
        }
        if (grafana && member.key != "labels" && member.key != "annotations") {
            // Kept as evidence whatever it holds; status, times, fingerprint and the generator
            // URL must be strings, as the full reader says.
            if (member.key == "status" || member.key == "startsAt" || member.key == "endsAt"
                || member.key == "fingerprint" || member.key == "generatorURL"
                || !view.appendCompact(raw, member.value)) {
                return false;
            }
            continue;
        }
        if (!view.isObject(member.value)) {
            return false;
        }
        const qsizetype at = raw.size();
        if (member.key == "labels") {
            // Labels must not be empty: the full reader says so.
            if (view.node(member.value).count == 0
                || !readViewStringMap(view, member.value, nullptr, &raw,
                                      {{"alertname", &from.alertname},
                                       {"job", &from.job},
                                       {"service", &from.service},
                                       {"severity", &from.severity}})) {
                return false;
            }
            labelsAt = at;
            labelsEnd = raw.size();
        } else if (member.key == "annotations") {
            const Merge merge = values.isEmpty()
                ? Merge()
                : Merge{"values", values, &annotationsWithValues};
            if (!readViewStringMap(view, member.value, nullptr, &raw,
                                   {{"summary", &from.summary}}, merge)) {
                return false;
            }
            annotationsAt = at;
            annotationsEnd = raw.size();
        } else if (member.key == "status" || member.key == "startsAt" || member.key == "endsAt"
                   || member.key == "fingerprint" || member.key == "generatorURL"
                   || !readViewStringMap(view, member.value, nullptr, &raw)) {
            return false;
        }
    }
    raw += '}';

    if (status < 0 || view.node(status).escaped) {
        return false;
    }
    const QByteArrayView statusText = view.text(status);
    const bool firing = statusText == "firing";
    if (!firing && statusText != "resolved") {
        return false;
    }
    alert->status = firing ? AlertStatus::Firing : AlertStatus::Resolved;
    if (labelsAt < 0 || !readViewTime(view, startsAt, &alert->startsAt)
        || !readViewTime(view, endsAt, &alert->endsAt)) {
        return false;
    }
    // What serialiseAhead() writes: labels and annotations cut out of raw. The objects are
    // left empty: labelsObject() and annotationsObject() read these texts when asked.
    alert->labelsJson = raw.sliced(labelsAt, labelsEnd - labelsAt);
    alert->annotationsJson = annotationsAt < 0
        ? QByteArrayLiteral("{}")
        : raw.sliced(annotationsAt, annotationsEnd - annotationsAt);
    alert->dedupKey = fingerprint < 0 ? QString() : view.string(fingerprint);
    alert->generatorUrl = generatorUrl < 0 ? QString() : view.string(generatorUrl);
    deriveFields(alert, from, commonAnnotations);
    if (grafana) {
        if (!values.isEmpty()) {
            if (annotationsAt < 0) {
                annotationsWithValues = "{";
                appendMember(annotationsWithValues, "values", values);
                annotationsWithValues += '}';
            }
            alert->annotationsJson = std::move(annotationsWithValues);
        }
        for (std::size_t i = 0; i < grafanaLinks.size(); ++i) {
            if (linkValues[i] >= 0) {
                AlertFields::addLink(&alert->links, view.string(linkValues[i]),
                                     grafanaLinks[i].second.toString());
            }
        }
        alert->severity = Grafana::severity(alert->sourceSeverity);
        alert->linksJson = alert->links.isEmpty() ? QByteArray() : alert->links.toJson();
        alert->rawJson = std::move(raw);
        return true;
    }
    // The links follow from the generator URL alone, and one rule's alerts share it: their
    // text is written once per thread and URL.
    thread_local QString lastUrl;
    thread_local QByteArray lastLinksJson;
    if (alert->links.isEmpty()) {
        alert->linksJson.clear();
    } else {
        if (lastLinksJson.isEmpty() || alert->generatorUrl != lastUrl) {
            lastLinksJson = alert->links.toJson();
            lastUrl = alert->generatorUrl;
        }
        alert->linksJson = lastLinksJson;
    }
    alert->rawJson = std::move(raw);
    return true;
}

} // namespace

Severity severityFromLabel(const QString &label)
{
    const QString word = label.trimmed().toLower();
    if (word == u"critical") {
        return Severity::P1;
    }
    if (word == u"error" || word == u"major") {
        return Severity::P2;
    }
    if (word == u"warning") {
        return Severity::P3;
    }
    return Severity::P4;
}

QString labelsFingerprint(const StringMap &labels)
{
    // In label-name order (code points): the same whichever way the names were written.
    QByteArray input;
    for (const auto &[name, value] : labels) {
        input += name.toUtf8() + '\0' + value.toUtf8() + '\0';
    }
    return QString::fromLatin1(
        QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex().left(16));
}

bool normalise(const QJsonObject &root, NormalisedPayload *payload, QString *error)
{
    const QJsonValue version = root.value(u"version"_s);
    if (!version.isString() || version.toString() != u"4") {
        *error = u"version must be \"4\" (the Alertmanager webhook format)"_s;
        return false;
    }
    return normaliseGroup(root, payload, error);
}

bool normaliseDelivery(const AlertDelivery &delivery, NormalisedPayload *payload,
                       QString *error)
{
    return normalise(delivery.json, payload, error);
}

bool normaliseGroup(const QJsonObject &root, NormalisedPayload *payload, QString *error)
{
    const QJsonValue alerts = root.value(u"alerts"_s);
    if (!alerts.isArray()) {
        *error = u"alerts must be an array"_s;
        return false;
    }
    const QJsonValue groupKey = root.value(u"groupKey"_s);
    if (!groupKey.isUndefined() && !groupKey.isString()) {
        *error = u"groupKey must be a string"_s;
        return false;
    }
    const QJsonValue truncated = root.value(u"truncatedAlerts"_s);
    if (!truncated.isUndefined() && !truncated.isNull()
        && (!truncated.isDouble() || truncated.toDouble() < 0)) {
        *error = u"truncatedAlerts must be a non-negative number"_s;
        return false;
    }
    QJsonObject commonAnnotations;
    if (!readStringMap(root, "commonAnnotations"_L1, &commonAnnotations, error, Where())) {
        return false;
    }

    payload->source = u"alertmanager"_s;
    payload->groupKey = groupKey.toString();
    // A count beyond an int is as many as can be said; a fraction is cut.
    const double count = truncated.toDouble();
    payload->truncatedAlerts = count >= std::numeric_limits<int>::max()
        ? std::numeric_limits<int>::max()
        : int(count);
    payload->alerts.clear();
    const QJsonArray list = alerts.toArray();
    payload->alerts.reserve(list.size());
    for (int i = 0; i < list.size(); ++i) {
        NormalisedAlert alert;
        if (!normaliseAlert(list.at(i), i, commonAnnotations, &alert, error)) {
            return false;
        }
        payload->alerts.append(std::move(alert));
    }
    if (payload->groupKey.isEmpty() && !payload->alerts.isEmpty()) {
        payload->groupKey = labelsFingerprint(
            StringMap::fromObject(root.value(u"groupLabels"_s).toObject()));
    }
    return true;
}

namespace {

bool normaliseFast(QByteArrayView body, int maxDepth, Flavour flavour,
                   NormalisedPayload *payload)
{
    thread_local JsonView view;
    constexpr int root = 0;
    const bool grafana = flavour == Flavour::Grafana;
    // Grafana's alerts carry numbers (orgId, values), which Qt may keep as doubles.
    if (!view.parse(body, maxDepth,
                    grafana ? JsonView::Numbers::Any : JsonView::Numbers::ShortIntegers)
        || !view.isObject(root) || !view.keysDistinct(root)) {
        return false;
    }
    // Alertmanager's is "4"; Grafana's, when given, any string (its legacy body has no alerts).
    const int version = view.member(root, "version");
    if (grafana ? version >= 0 && !view.isString(version)
                : version < 0 || !view.isString(version) || view.text(version) != "4") {
        return false;
    }
    // An empty list is answered at once, and that is normalise()'s too.
    const int alerts = view.member(root, "alerts");
    if (alerts < 0 || !view.isArray(alerts) || view.node(alerts).count == 0) {
        return false;
    }
    // Without a groupKey, the group's labels name it: that, and errors, are normalise()'s.
    const int groupKey = view.member(root, "groupKey");
    if (groupKey < 0 || !view.isString(groupKey) || view.text(groupKey).isEmpty()) {
        return false;
    }
    int truncatedAlerts = 0;
    if (const int truncated = view.member(root, "truncatedAlerts"); truncated >= 0) {
        bool number = false;
        const qint64 value = view.integer(truncated, &number);
        if (view.type(truncated) != JsonView::Type::Null && (!number || value < 0)) {
            return false;
        }
        // As normaliseGroup() reads it: a count beyond an int is as many as can be said.
        truncatedAlerts = int(std::min<qint64>(value, std::numeric_limits<int>::max()));
    }
    QJsonObject commonAnnotations;
    if (const int common = view.member(root, "commonAnnotations");
        common >= 0 && view.type(common) != JsonView::Type::Null) {
        QByteArray unused;
        if (!view.isObject(common)
            || !readViewStringMap(view, common, &commonAnnotations, &unused)) {
            return false;
        }
    }

    payload->source = grafana ? u"grafana"_s : u"alertmanager"_s;
    payload->groupKey = view.string(groupKey);
    payload->truncatedAlerts = truncatedAlerts;
    payload->alerts.clear();
    payload->alerts.reserve(view.node(alerts).count);
    int item = JsonView::first(alerts);
    for (quint32 i = 0; i < view.node(alerts).count; ++i, item = view.nextItem(item)) {
        NormalisedAlert alert;
        if (!normaliseViewAlert(view, item, commonAnnotations, flavour, &alert)) {
            return false;
        }
        payload->alerts.append(std::move(alert));
    }
    return true;
}

} // namespace

bool normaliseFast(QByteArrayView body, int maxDepth, NormalisedPayload *payload)
{
    return normaliseFast(body, maxDepth, Flavour::Alertmanager, payload);
}

bool normaliseGrafanaFast(QByteArrayView body, int maxDepth, NormalisedPayload *payload)
{
    return normaliseFast(body, maxDepth, Flavour::Grafana, payload);
}

} // namespace Firebreak::Alertmanager
