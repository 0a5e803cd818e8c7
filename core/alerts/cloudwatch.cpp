// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "cloudwatch.h"

#include "alerts/normaliserutil.h"
#include "events/jsonview.h"
#include "events/scratchtext.h"
#include "server/httputil.h"

#include <QJsonDocument>
#include <QRegularExpression>

#include <array>

using namespace Qt::StringLiterals;

namespace Firebreak::CloudWatch {

namespace {

using namespace AlertFields;

bool topicAllowed(const QJsonObject &config, const QString &topic)
{
    const QJsonArray allowed = config.value(u"topicArns"_s).toArray();
    return allowed.isEmpty() || allowed.contains(QJsonValue(topic));
}

bool stateStatus(const QString &state, const QJsonObject &config, AlertStatus *status)
{
    QString meaning = state;
    if (state == u"INSUFFICIENT_DATA") {
        meaning = config.value(u"insufficientData"_s).toString(u"ignore"_s);
    }
    if (meaning == u"ALARM" || meaning == u"firing") {
        *status = AlertStatus::Firing;
    } else if (meaning == u"OK" || meaning == u"resolved") {
        *status = AlertStatus::Resolved;
    } else {
        return false;
    }
    return true;
}

// CloudWatch has no severity field: look for a severity word in the alarm's name or text.
QString severityWordIn(const QString &name, const QString &description)
{
    // An alarm's deliveries repeat its name and description: the last answer is kept.
    thread_local QString lastName;
    thread_local QString lastDescription;
    thread_local QString lastWord;
    thread_local bool known = false;
    if (known && name == lastName && description == lastDescription) {
        return lastWord;
    }
    static const QRegularExpression word(
        u"(?:^|[^a-z0-9])(critical|crit|error|major|high|warning|warn|minor|medium|low|info|"
        "p[1-5]|sev[1-5])(?:$|[^a-z0-9])"_s,
        QRegularExpression::CaseInsensitiveOption);
    lastWord.clear();
    for (const QString &text : {name, description}) {
        const QRegularExpressionMatch match = word.match(text);
        if (match.hasMatch()) {
            lastWord = match.captured(1).toLower();
            break;
        }
    }
    lastName = name;
    lastDescription = description;
    known = true;
    return lastWord;
}

// Whether `region` is an AWS region's name (eu-west-1); the last one asked is kept.
bool isRegion(QStringView region)
{
    static const QRegularExpression pattern(u"^[a-z]{2}(-[a-z]+)+-\\d$"_s);
    thread_local QString last;
    thread_local bool lastIs = false;
    if (last.isEmpty() || region != last) {
        last = region.toString();
        lastIs = pattern.match(last).hasMatch();
    }
    return lastIs;
}

template<typename Object>
void fillLabels(const Object &alarm, const QString &topic, NormalisedAlert *alert)
{
    const Object trigger = alarm.value(u"Trigger"_s).toObject();
    const QList<std::pair<QString, QString>> fields{
        {u"alertname"_s, text(alarm.value(u"AlarmName"_s))},
        {u"account"_s, text(alarm.value(u"AWSAccountId"_s))},
        {u"region"_s, text(alarm.value(u"Region"_s))},
        {u"namespace"_s, text(trigger.value(u"Namespace"_s))},
        {u"metric"_s, text(trigger.value(u"MetricName"_s))},
        {u"topic"_s, topic.mid(topic.lastIndexOf(u':') + 1)},
    };
    for (const auto &[key, value] : fields) {
        if (!value.isEmpty()) {
            alert->labels.insert(key, value);
        }
    }
    for (const auto &value : trigger.value(u"Dimensions"_s).toArray()) {
        const Object dimension = value.toObject();
        const QString name = text(dimension.value(u"name"_s));
        if (!name.isEmpty()) {
            alert->labels.insert(name, text(dimension.value(u"value"_s)));
        }
    }
    alert->service = alert->labels.value(u"service");
}

template<typename Object>
void fillAnnotationsAndLinks(const Object &alarm, NormalisedAlert *alert)
{
    const QList<std::pair<QString, QString>> fields{
        {u"summary"_s, text(alarm.value(u"AlarmDescription"_s))},
        {u"reason"_s, text(alarm.value(u"NewStateReason"_s))},
        {u"previousState"_s, text(alarm.value(u"OldStateValue"_s))},
        {u"state"_s, text(alarm.value(u"NewStateValue"_s))},
    };
    for (const auto &[key, value] : fields) {
        if (!value.isEmpty()) {
            alert->annotations.insert(key, value);
        }
    }
    // arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:NAME → the console page of the alarm, on
    // the partition's console (commercial, GovCloud, China); none for other partitions.
    const QString arn = text(alarm.value(u"AlarmArn"_s));
    std::array<qsizetype, 6> colons{};
    qsizetype found = 0;
    for (qsizetype at = arn.indexOf(u':'); at >= 0 && found < 6; at = arn.indexOf(u':', at + 1)) {
        colons[std::size_t(found++)] = at;
    }
    const QStringView region = found == 6
        ? QStringView(arn).sliced(colons[2] + 1, colons[3] - colons[2] - 1)
        : QStringView();
    const QStringView partition = found == 6
        ? QStringView(arn).sliced(colons[0] + 1, colons[1] - colons[0] - 1)
        : QStringView();
    const QString regionText = region.toString();
    QString console;
    if (partition == u"aws") {
        console = u"https://"_s + regionText + u".console.aws.amazon.com"_s;
    } else if (partition == u"aws-us-gov") {
        console = u"https://console.amazonaws-us-gov.com"_s;
    } else if (partition == u"aws-cn") {
        console = u"https://console.amazonaws.cn"_s;
    }
    if (!console.isEmpty() && isRegion(region)) {
        const QByteArray name = QUrl::toPercentEncoding(QStringView(arn).sliced(colons[5] + 1)
                                                            .toString());
        addLink(&alert->links,
                console + u"/cloudwatch/home?region="_s + regionText + u"#alarmsV2:alarm/"_s
                    + QLatin1StringView(name),
                u"CloudWatch alarm"_s);
    }
}

// The alarm is a JSON text inside a JSON string: checked as strictly as a body is
// (Http::scanJsonText()), since Qt's parser takes what JSON does not allow in a string.
QString messageProblem(const QByteArray &alarmText, int maxDepth)
{
    const QString problem = Http::scanJsonText(alarmText, maxDepth).problem(maxDepth);
    return problem.isEmpty() ? problem
                             : u"in Message (the alarm's JSON text): %1"_s.arg(problem);
}

// Object: QJsonObject, or ViewObject for the fast reader.
template<typename Object>
bool alarmAlert(const Object &alarm, const QString &topic, NormalisedAlert *alert,
                QString *error)
{
    const QString name = text(alarm.value(u"AlarmName"_s));
    if (name.trimmed().isEmpty()) {
        *error = u"Message.AlarmName is required (the Message is no CloudWatch alarm)"_s;
        return false;
    }
    const QString arn = text(alarm.value(u"AlarmArn"_s));
    alert->dedupKey = arn.isEmpty()
        ? fingerprint({name, text(alarm.value(u"AWSAccountId"_s))})
        : shortenedKey(arn);
    alert->title = trimmedTitle(name);
    alert->sourceSeverity = severityWordIn(name, text(alarm.value(u"AlarmDescription"_s)));
    const Severity severity = severityFromWord(alert->sourceSeverity);
    alert->severity = severity == Severity::Unknown ? Severity::P4 : severity;
    fillLabels(alarm, topic, alert);
    fillAnnotationsAndLinks(alarm, alert);

    qint64 at = 0;
    if (!readTime(alarm, u"StateChangeTime"_s, &at, error, u"Message"_s)) {
        return false;
    }
    (alert->isFiring() ? alert->startsAt : alert->endsAt) = at;
    return true;
}

bool notification(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error)
{
    const QJsonValue message = delivery.json.value(u"Message"_s);
    const QByteArray alarmText = message.toString().toUtf8();
    if (const QString problem = messageProblem(alarmText, Http::MaxJsonDepth);
        message.isString() && !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(alarmText, &parseError);
    if (!message.isString() || !document.isObject()) {
        *error = u"Message must be a CloudWatch alarm encoded as a JSON string (%1)"_s.arg(
            message.isString() ? parseError.errorString() : u"it is no string"_s);
        return false;
    }
    const QJsonObject alarm = document.object();
    const QString state = text(alarm.value(u"NewStateValue"_s));
    NormalisedAlert alert;
    if (!stateStatus(state, delivery.config, &alert.status)) {
        if (state != u"INSUFFICIENT_DATA") {
            *error = u"Message.NewStateValue must be ALARM, OK or INSUFFICIENT_DATA"_s;
            return false;
        }
        payload->ignored = u"INSUFFICIENT_DATA is ignored by this integration's settings"_s;
        return true;
    }
    if (!alarmAlert(alarm, delivery.json.value(u"TopicArn"_s).toString(), &alert, error)) {
        return false;
    }
    alert.raw = delivery.json;
    payload->groupKey = alert.dedupKey;
    payload->alerts.append(alert);
    return true;
}

} // namespace

bool normaliseFast(const ViewObject &root, const AlertDelivery &delivery,
                   NormalisedPayload *payload)
{
    // Only a notification whose alarm is read without a question: confirmations, a missing
    // Type (read from a header), a refused topic, INSUFFICIENT_DATA (ignored or mapped) and
    // every error go the full way, which also words the answer.
    const QString type = root.value(u"Type"_s).toString();
    const QString topic = root.value(u"TopicArn"_s).toString();
    const ViewValue message = root.value(u"Message"_s);
    if (type != u"Notification" || !topic.startsWith(u"arn:")
        || !topicAllowed(delivery.config, topic) || !message.isString()) {
        return false;
    }
    // The alarm is a JSON text of its own: checked as strictly as a body, and read as a view
    // only when its keys are plain and distinct (what appendCompact() checks), where the view
    // finds each member Qt's object would.
    const QByteArray alarmText = message.toUtf8();
    thread_local JsonView view;
    using Checked = ScratchText<struct AlarmCheckTag>;
    const Checked checked;
    if (!messageProblem(alarmText, Http::MaxJsonDepth).isEmpty()
        || !view.parse(alarmText, Http::MaxJsonDepth, JsonView::Numbers::Any)
        || !view.isObject(0) || !view.appendCompact(Checked::bytes(), 0)) {
        return false;
    }
    const ViewObject alarm(&view, 0);
    NormalisedAlert alert;
    QString error;
    const QString state = text(alarm.value(u"NewStateValue"_s));
    if (state == u"INSUFFICIENT_DATA" || !stateStatus(state, delivery.config, &alert.status)
        || !alarmAlert(alarm, topic, &alert, &error)) {
        return false;
    }
    payload->source = u"cloudwatch"_s;
    payload->topic = topic;
    payload->deliveryId = root.value(u"MessageId"_s).toString();
    payload->groupKey = alert.dedupKey;
    payload->alerts.append(alert);
    return true;
}

bool normalise(const AlertDelivery &delivery, NormalisedPayload *payload, QString *error)
{
    const QJsonObject &root = delivery.json;
    QString type = root.value(u"Type"_s).toString();
    if (type.isEmpty()) {
        type = QString::fromUtf8(delivery.header("x-amz-sns-message-type"));
    }
    const QString topic = root.value(u"TopicArn"_s).toString();
    payload->source = u"cloudwatch"_s;
    payload->topic = topic;
    payload->deliveryId = root.value(u"MessageId"_s).toString();
    if (!topic.startsWith(u"arn:")) {
        *error = u"TopicArn must be an SNS topic ARN (is this an SNS delivery?)"_s;
        return false;
    }
    if (!topicAllowed(delivery.config, topic)) {
        *error = u"topic %1 is not among this integration's topicArns"_s.arg(topic.left(200));
        return false;
    }
    if (type == u"SubscriptionConfirmation") {
        payload->subscribeUrl = QUrl(root.value(u"SubscribeURL"_s).toString(), QUrl::StrictMode);
        if (!payload->subscribeUrl.isValid() || payload->subscribeUrl.isRelative()) {
            *error = u"SubscribeURL must be an absolute URL"_s;
            return false;
        }
        payload->ignored = u"subscription confirmation"_s;
        return true;
    }
    if (type == u"UnsubscribeConfirmation") {
        payload->ignored = u"unsubscribe confirmation"_s;
        return true;
    }
    if (type != u"Notification") {
        *error = u"Type must be Notification, SubscriptionConfirmation or"
                 " UnsubscribeConfirmation"_s;
        return false;
    }
    return notification(delivery, payload, error);
}

} // namespace Firebreak::CloudWatch
