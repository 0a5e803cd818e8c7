// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "incidents/evidencestore.h"

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace Firebreak {

class DesktopSession;
class RestClient;
struct IncidentRecord;

/**
 * Attaches evidence to an incident: a link, a log excerpt, or a file. A file is first uploaded
 * to the server's evidence store (POST /api/v1/evidence, which answers with its SHA-256); the
 * dialog stays open while it travels and shows why if it fails. When the evidence is ready,
 * evidenceReady() carries the incident.attach_evidence command to send, and the dialog closes.
 * Deletes itself when closed.
 */
class EvidenceDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvidenceDialog)
public:
    /// Files larger than this are refused before upload (bytes): the server's default limit.
    static constexpr qint64 s_maxFileSize = EvidenceStore::MaxFileBytes;

    EvidenceDialog(DesktopSession *session, const IncidentRecord &incident,
                   QWidget *parent = nullptr);
    ~EvidenceDialog() override;

    /// "link", "log" or "file".
    QString kind() const;

    void accept() override;

Q_SIGNALS:
    void evidenceReady(const QJsonObject &command);
    /// The file could not be uploaded; `message` is ready to show.
    void uploadFailed(const QString &message);

private:
    QWidget *createLinkPage();
    QWidget *createLogPage();
    QWidget *createFilePage();
    void chooseFile();
    void uploadFile();
    void finish(const QJsonObject &evidence);
    void showProblem(const QString &problem);

    DesktopSession *m_session;
    QString m_incidentId;
    QString m_number;
    RestClient *m_rest = nullptr;
    QComboBox *m_kind = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLineEdit *m_linkName = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_logName = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QLineEdit *m_filePath = nullptr;
    QLineEdit *m_fileName = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_attach = nullptr;
};

} // namespace Firebreak
