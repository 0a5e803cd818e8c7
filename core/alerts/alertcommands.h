// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"
#include "model/projection.h"

#include <functional>

namespace Firebreak {

/// What an alert-configuration command turned into: events, or a refusal with an HTTP status,
/// an error code of DESIGN.md and a message for people.
struct AlertCommandResult
{
    bool ok = true;
    int status = 200;
    QString code;
    QString message;
    EventList events;

    static AlertCommandResult refuse(int status, const QString &code, const QString &message)
    {
        return {false, status, code, message, {}};
    }
};

/**
 * Decides the commands that configure alert handling (docs/alerts.md): route.create,
 * route.update, route.delete, silence.create, silence.expire and integration.configure.
 * Pure: checks the command against the projection at `now` and returns the events, so it runs
 * inside the writer's batch and in tests alike.
 */
class AlertCommands
{
public:
    /// Turns an integration configuration as given into the stored one (signing secrets
    /// sealed); false with the reason.
    using ConfigSealer = std::function<bool(const QString &source, QJsonObject *config,
                                            QString *error)>;

    AlertCommands(const Projection &projection, QString actor, qint64 now, ConfigSealer sealer);

    static bool handles(const QString &type);
    static QStringList types();

    AlertCommandResult decide(const QJsonObject &command) const;

private:
    AlertCommandResult createRoute(const QJsonObject &command) const;
    AlertCommandResult updateRoute(const QJsonObject &command) const;
    AlertCommandResult deleteRoute(const QJsonObject &command) const;
    AlertCommandResult createSilence(const QJsonObject &command) const;
    AlertCommandResult expireSilence(const QJsonObject &command) const;
    AlertCommandResult configureIntegration(const QJsonObject &command) const;
    AlertCommandResult single(const QString &type, const QJsonObject &data) const;

    const Projection &m_projection;
    QString m_actor;
    qint64 m_now;
    ConfigSealer m_sealer;
};

/// Merges changes into an object: keys given replace, null removes.
QJsonObject mergedJson(QJsonObject base, const QJsonObject &changes);

} // namespace Firebreak
