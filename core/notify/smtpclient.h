// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QStringList>
#include <QTimer>

class QSslSocket;

namespace Firebreak::Notify {

/// Where and how to hand mail over. `security` is "none", "starttls" (plain, then STARTTLS,
/// refused if the server does not offer it) or "tls" (TLS from the first byte).
struct SmtpSettings
{
    QString host;
    quint16 port = 25;
    QString security = QStringLiteral("starttls");
    QString username;
    QString password;
    /// The name said in EHLO.
    QString heloName = QStringLiteral("firebreak.localdomain");
    /// Extra certificate authorities to trust (for a private relay); empty: the system's.
    QList<QSslCertificate> caCertificates;
    int timeoutMs = 30000;
};

/**
 * A small SMTP client (RFC 5321) for one message at a time: EHLO, optional STARTTLS (RFC 3207)
 * and a second EHLO, AUTH PLAIN (RFC 4616) when a user name is set, MAIL FROM, RCPT TO for
 * each recipient, DATA with dot-stuffing, QUIT.
 *
 * send() finishes with exactly one finished() signal. `permanent` is true when the server
 * refused for good (a 5xx reply), false for what may work later (4xx, network, timeout).
 * The password never appears in errors or logs.
 */
class SmtpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmtpClient)
public:
    explicit SmtpClient(QObject *parent = nullptr);
    ~SmtpClient() override;

    /// `message` is the complete RFC 5322 message with CRLF line ends.
    void send(const SmtpSettings &settings, const QString &from, const QStringList &recipients,
              const QByteArray &message);
    /// The replies and commands of the last session, password redacted; for tests and logs.
    QStringList transcript() const { return m_transcript; }

Q_SIGNALS:
    void finished(bool ok, const QString &error, bool permanent);

private:
    enum class Step { Greeting, Ehlo, StartTls, EhloSecure, Auth, MailFrom, RcptTo, Data, Body,
                      Quit, Done };

    void onReadyRead();
    void onReply(int code, const QByteArray &text);
    void afterEhlo(const QByteArray &text);
    void command(const QByteArray &line, const QByteArray &shown = {});
    void fail(const QString &error, bool permanent);
    void succeed();
    static QByteArray dotStuffed(const QByteArray &message);

    QPointer<QSslSocket> m_socket;
    QTimer m_timer;
    SmtpSettings m_settings;
    QByteArray m_from;
    QList<QByteArray> m_recipients;
    QByteArray m_message;
    QByteArray m_buffer;
    QByteArray m_replyText;
    QStringList m_transcript;
    Step m_step = Step::Done;
    int m_nextRecipient = 0;
    bool m_finished = true;
};

} // namespace Firebreak::Notify
