// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "smtpclient.h"

#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QSslSocket>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSmtp, "firebreak.notify.smtp", QtWarningMsg)

namespace Firebreak::Notify {

SmtpClient::SmtpClient(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this]() {
        fail(u"the SMTP server did not answer in time"_s, false);
    });
}

SmtpClient::~SmtpClient()
{
    if (m_socket) {
        m_socket->abort();
    }
}

void SmtpClient::send(const SmtpSettings &settings, const QString &from,
                      const QStringList &recipients, const QByteArray &message)
{
    Q_ASSERT_X(m_finished, "SmtpClient::send", "one message at a time");
    m_settings = settings;
    m_from = from.toUtf8();
    m_recipients.clear();
    for (const QString &recipient : recipients) {
        m_recipients.append(recipient.toUtf8());
    }
    m_message = message;
    m_buffer.clear();
    m_replyText.clear();
    m_transcript.clear();
    m_nextRecipient = 0;
    m_finished = false;
    m_step = Step::Greeting;

    if (m_socket) {
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_socket = new QSslSocket(this);
    if (!settings.caCertificates.isEmpty()) {
        QSslConfiguration tls = m_socket->sslConfiguration();
        tls.addCaCertificates(settings.caCertificates);
        m_socket->setSslConfiguration(tls);
    }
    connect(m_socket, &QSslSocket::readyRead, this, &SmtpClient::onReadyRead);
    connect(m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        fail(u"connection to %1:%2 failed: %3"_s.arg(m_settings.host).arg(m_settings.port)
                 .arg(m_socket->errorString()),
             false);
    });
    connect(m_socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        fail(u"TLS with %1 failed: %2"_s.arg(m_settings.host, errors.value(0).errorString()),
             false);
    });

    m_timer.start(settings.timeoutMs);
    if (settings.security == u"tls") {
        m_socket->connectToHostEncrypted(settings.host, settings.port);
    } else {
        m_socket->connectToHost(settings.host, settings.port);
    }
}

void SmtpClient::onReadyRead()
{
    m_buffer += m_socket->readAll();
    // A reply is one or more lines "CODE-text" ended by a line "CODE text" (RFC 5321 §4.2).
    qsizetype end = -1;
    while (!m_finished && (end = m_buffer.indexOf("\r\n")) >= 0) {
        const QByteArray line = m_buffer.left(end);
        m_buffer.remove(0, end + 2);
        m_transcript.append(u"S: "_s + QString::fromUtf8(line));
        if (line.size() < 3) {
            fail(u"the SMTP server sent a malformed reply"_s, false);
            return;
        }
        m_replyText += line.mid(4) + '\n';
        if (line.size() > 3 && line.at(3) == '-') {
            continue;
        }
        const int code = line.left(3).toInt();
        const QByteArray text = m_replyText;
        m_replyText.clear();
        m_timer.start(m_settings.timeoutMs);
        onReply(code, text);
    }
}

void SmtpClient::onReply(int code, const QByteArray &text)
{
    const bool positive = code >= 200 && code < 400;
    if (!positive) {
        fail(u"the SMTP server refused: %1 %2"_s.arg(code).arg(QString::fromUtf8(text.trimmed())),
             code >= 500);
        return;
    }
    switch (m_step) {
    case Step::Greeting:
        m_step = Step::Ehlo;
        command("EHLO " + m_settings.heloName.toUtf8());
        break;
    case Step::Ehlo:
    case Step::EhloSecure:
        afterEhlo(text);
        break;
    case Step::StartTls:
        m_step = Step::EhloSecure;
        connect(m_socket, &QSslSocket::encrypted, this, [this]() {
            command("EHLO " + m_settings.heloName.toUtf8());
        }, Qt::SingleShotConnection);
        m_socket->startClientEncryption();
        break;
    case Step::Auth:
        m_step = Step::MailFrom;
        command("MAIL FROM:<" + m_from + ">");
        break;
    case Step::MailFrom:
    case Step::RcptTo:
        if (m_nextRecipient < m_recipients.size()) {
            m_step = Step::RcptTo;
            command("RCPT TO:<" + m_recipients.at(m_nextRecipient++) + ">");
        } else {
            m_step = Step::Data;
            command("DATA");
        }
        break;
    case Step::Data:
        m_step = Step::Body;
        m_transcript.append(u"C: (message, %1 bytes)"_s.arg(m_message.size()));
        m_socket->write(dotStuffed(m_message) + ".\r\n");
        break;
    case Step::Body:
        m_step = Step::Quit;
        command("QUIT");
        succeed(); // the message is accepted; QUIT is a courtesy
        break;
    case Step::Quit:
    case Step::Done:
        break;
    }
}

void SmtpClient::afterEhlo(const QByteArray &text)
{
    const QByteArray extensions = text.toUpper();
    const bool secure = m_socket->isEncrypted();
    if (m_settings.security == u"starttls" && !secure) {
        if (!extensions.contains("STARTTLS")) {
            fail(u"%1 does not offer STARTTLS; refusing to send in the clear"_s
                     .arg(m_settings.host),
                 true);
            return;
        }
        m_step = Step::StartTls;
        command("STARTTLS");
        return;
    }
    if (m_settings.username.isEmpty()) {
        m_step = Step::MailFrom;
        command("MAIL FROM:<" + m_from + ">");
        return;
    }
    if (!secure && m_settings.security == u"none") {
        qCWarning(lcSmtp).noquote() << "sending the SMTP password for" << m_settings.username
                                    << "to" << m_settings.host << "without TLS";
    }
    const QByteArray credentials = '\0' + m_settings.username.toUtf8() + '\0'
        + m_settings.password.toUtf8();
    m_step = Step::Auth;
    command("AUTH PLAIN " + credentials.toBase64(), "AUTH PLAIN (credentials redacted)");
}

void SmtpClient::command(const QByteArray &line, const QByteArray &shown)
{
    m_transcript.append(u"C: "_s + QString::fromUtf8(shown.isEmpty() ? line : shown));
    m_socket->write(line + "\r\n");
}

QByteArray SmtpClient::dotStuffed(const QByteArray &message)
{
    QByteArray out;
    out.reserve(message.size() + 16);
    qsizetype start = 0;
    while (start < message.size()) {
        qsizetype end = message.indexOf("\r\n", start);
        end = end < 0 ? message.size() : end + 2;
        const QByteArray line = message.mid(start, end - start);
        if (line.startsWith('.')) {
            out += '.'; // a line starting with a dot gets one more (RFC 5321 §4.5.2)
        }
        out += line;
        start = end;
    }
    if (!out.endsWith("\r\n")) {
        out += "\r\n";
    }
    return out;
}

void SmtpClient::fail(const QString &error, bool permanent)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_step = Step::Done;
    m_timer.stop();
    if (m_socket) {
        m_socket->abort();
    }
    Q_EMIT finished(false, error, permanent);
}

void SmtpClient::succeed()
{
    m_finished = true;
    m_timer.stop();
    if (m_socket) {
        m_socket->disconnectFromHost();
    }
    Q_EMIT finished(true, QString(), false);
}

} // namespace Firebreak::Notify
