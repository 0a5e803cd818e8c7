// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "events/event.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace Firebreak {

class DesktopSession;

/**
 * Silences and maintenance windows: the list with their state (pending, active, expired),
 * a form to create one (kind, matchers one per line, start, end, comment) and Expire for the
 * selected one. Changes go to the server as commands; states follow the clock.
 *
 * Object names: "silencesTable", "silenceKind", "silenceMatchers", "silenceStart",
 * "silenceEnd", "silenceComment", "silenceCreate", "silenceExpire", "silencesMessage".
 */
class SilencesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SilencesView)
public:
    explicit SilencesView(DesktopSession *session, QWidget *parent = nullptr);
    ~SilencesView() override;

    /// The form as a silence (JSON of docs/api.md), or an empty object and the reason.
    QJsonObject formSilence(QString *error) const;
    void create();
    void expireSelected();
    void refresh();

private:
    QWidget *createForm();
    void sendCommand(const QJsonObject &command, const QString &success);
    void onCommandAnswered(const QString &id, bool ok, const QJsonObject &answer);
    void showMessage(const QString &text);

    DesktopSession *m_session;
    QHash<QString, QString> m_pending;
    QTableWidget *m_table = nullptr;
    QComboBox *m_kind = nullptr;
    QPlainTextEdit *m_matchers = nullptr;
    QDateTimeEdit *m_start = nullptr;
    QDateTimeEdit *m_end = nullptr;
    QLineEdit *m_comment = nullptr;
    QPushButton *m_expire = nullptr;
    QLabel *m_message = nullptr;
    QTimer m_clock;
};

} // namespace Firebreak
