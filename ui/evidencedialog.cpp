// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
#include "evidencedialog.h"

#include "client/restclient.h"
#include "desktopsession.h"
#include "logging.h"
#include "model/projection.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMimeDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Firebreak {

EvidenceDialog::EvidenceDialog(DesktopSession *session, const IncidentRecord &incident,
                               QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_incidentId(incident.id)
    , m_number(incident.numberText())
{
    setObjectName(u"evidenceDialog"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Attach Evidence — %1").arg(m_number));
    resize(520, 320);

    m_kind = new QComboBox(this);
    m_kind->setObjectName(u"evidenceKindCombo"_s);
    m_kind->addItem(tr("Link"), u"link"_s);
    m_kind->addItem(tr("Log excerpt"), u"log"_s);
    m_kind->addItem(tr("File"), u"file"_s);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(createLinkPage());
    m_pages->addWidget(createLogPage());
    m_pages->addWidget(createFilePage());
    connect(m_kind, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);

    m_problem = new QLabel(this);

    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setObjectName(u"evidenceProblemLabel"_s);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"QLabel { color: #c62828; }"_s);
    m_problem->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_attach = buttons->addButton(tr("&Attach"), QDialogButtonBox::AcceptRole);
    m_attach->setObjectName(u"attachEvidenceButton"_s);
    m_attach->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &EvidenceDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("&Kind:"), m_kind);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
}

EvidenceDialog::~EvidenceDialog() = default;

QWidget *EvidenceDialog::createLinkPage()
{
    auto *page = new QWidget(this);
    m_linkName = new QLineEdit(page);
    m_linkName->setObjectName(u"evidenceLinkNameEdit"_s);
    m_linkName->setPlaceholderText(tr("Grafana dashboard at the time"));
    m_url = new QLineEdit(page);
    m_url->setObjectName(u"evidenceUrlEdit"_s);
    m_url->setPlaceholderText(u"https://"_s);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Name:"), m_linkName);
    form->addRow(tr("&URL:"), m_url);
    return page;
}

QWidget *EvidenceDialog::createLogPage()
{
    auto *page = new QWidget(this);
    m_logName = new QLineEdit(page);
    m_logName->setObjectName(u"evidenceLogNameEdit"_s);
    m_log = new QPlainTextEdit(page);
    m_log->setObjectName(u"evidenceLogEdit"_s);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("Paste the lines that matter"));
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Name:"), m_logName);
    form->addRow(tr("&Excerpt:"), m_log);
    return page;
}

QWidget *EvidenceDialog::createFilePage()
{
    auto *page = new QWidget(this);
    m_filePath = new QLineEdit(page);
    m_filePath->setObjectName(u"evidenceFilePathEdit"_s);
    auto *browse = new QPushButton(tr("&Browse…"), page);
    browse->setObjectName(u"evidenceBrowseButton"_s);
    connect(browse, &QPushButton::clicked, this, &EvidenceDialog::chooseFile);
    m_fileName = new QLineEdit(page);
    m_fileName->setObjectName(u"evidenceFileNameEdit"_s);
    m_fileName->setPlaceholderText(tr("The file's name"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_filePath, 1);
    row->addWidget(browse);
    auto *form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    // A label given with a layout gets no buddy: made here, its mnemonic reaches the path.
    auto *fileLabel = new QLabel(tr("&File:"), page);
    fileLabel->setBuddy(m_filePath);
    form->addRow(fileLabel, row);
    form->addRow(tr("&Name:"), m_fileName);
    return page;
}

QString EvidenceDialog::kind() const
{
    return m_kind->currentData().toString();
}

void EvidenceDialog::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Attach a File"));
    if (!path.isEmpty()) {
        m_filePath->setText(path);
    }
}

void EvidenceDialog::showProblem(const QString &problem)
{
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
}

void EvidenceDialog::accept()
{
    const QString kind = this->kind();
    if (kind == u"link") {
        const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https")) {
            showProblem(tr("A link needs an http:// or https:// address."));
            return;
        }
        const QString name = m_linkName->text().trimmed();
        finish({{u"kind"_s, kind},
                {u"name"_s, name.isEmpty() ? url.toDisplayString() : name},
                {u"url"_s, url.toString()}});
        return;
    }
    if (kind == u"log") {
        if (m_log->toPlainText().trimmed().isEmpty()) {
            showProblem(tr("Paste the excerpt first."));
            return;
        }
        const QString name = m_logName->text().trimmed();
        finish({{u"kind"_s, kind},
                {u"name"_s, name.isEmpty() ? tr("Log excerpt") : name},
                {u"text"_s, m_log->toPlainText()}});
        return;
    }
    uploadFile();
}

void EvidenceDialog::uploadFile()
{
    const QString path = m_filePath->text().trimmed();
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly)) {
        showProblem(tr("Cannot read the file %1.").arg(path));
        return;
    }
    if (file.size() == 0 || file.size() > s_maxFileSize) {
        showProblem(tr("The file must hold 1 byte to %1.")
                        .arg(QLocale().formattedDataSize(s_maxFileSize)));
        return;
    }
    if (m_session->server().isEmpty()) {
        showProblem(tr("Connect to a server first: files are kept there."));
        return;
    }

    RestRequest request;
    request.method = "POST";
    request.path = u"/api/v1/evidence"_s;
    request.body = file.readAll();
    const qint64 size = request.body.size();
    const QString name = m_fileName->text().trimmed().isEmpty() ? QFileInfo(path).fileName()
                                                                : m_fileName->text().trimmed();
    const QString mediaType = QMimeDatabase().mimeTypeForFileNameAndData(path, request.body).name();
    if (!m_rest) {
        m_rest = new RestClient(this);
    }
    m_rest->setBaseUrl(m_session->server());
    m_rest->setToken(m_session->token());
    m_rest->setTlsTrust(m_session->tlsTrust());
    m_attach->setEnabled(false);
    showProblem(QString());
    setCursor(Qt::BusyCursor);
    m_rest->send(request, this, [this, name, size, mediaType](const RestReply &reply) {
        unsetCursor();
        m_attach->setEnabled(true);
        const QString sha256 = reply.json().value(u"sha256"_s).toString();
        if (!reply.isSuccess() || sha256.isEmpty()) {
            const QString reason = reply.reachedServer() ? reply.errorMessage()
                                                         : reply.failureText;
            qCWarning(lcUi).noquote() << "evidence upload for" << m_number << "failed:" << reason;
            showProblem(tr("Could not upload the file: %1").arg(reason));
            Q_EMIT uploadFailed(tr("Could not attach evidence to %1: %2").arg(m_number, reason));
            return;
        }
        finish({{u"kind"_s, u"file"_s},
                {u"name"_s, name},
                {u"sha256"_s, sha256},
                {u"size"_s, size},
                {u"mediaType"_s, mediaType}});
    });
}

void EvidenceDialog::finish(const QJsonObject &evidence)
{
    QJsonObject command = evidence;
    command.insert(u"type"_s, u"incident.attach_evidence"_s);
    command.insert(u"incident"_s, m_incidentId);
    Q_EMIT evidenceReady(command);
    QDialog::accept();
}

} // namespace Firebreak
