// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target of the sync protocol (docs/protocol.md), both ends: each input is one text
// message, handed to the server's SyncHub as if a connected client had sent it (subscribe,
// command, presence, ping, anything) and to the desktop's SyncClient as if the server had sent
// it (hello, events, reset, synced, result, presence), with a real event store and a real local
// replica behind them. The first byte picks which side gets the rest, or both.
#include "server/synchub.h"
#include "store/eventstore.h"
#include "sync/replica.h"
#include "sync/syncclient.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QWebSocket>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

struct Harness
{
    QTemporaryDir dir;
    EventStore store;
    Replica replica;
    std::unique_ptr<SyncHub> hub;
    std::unique_ptr<SyncClient> client;
    QList<QWebSocket *> sockets;
};

Harness *s_harness = nullptr;

bool fillStore(EventStore &store)
{
    if (!store.begin()) {
        return false;
    }
    const QString incident = newUuid();
    for (int i = 0; i < 40; ++i) {
        Event event = makeEvent(i == 0 ? u"incident.opened"_s : u"incident.note_added"_s,
                                u"user:fuzz"_s, incident,
                                {{u"text"_s, u"note %1"_s.arg(i)}, {u"number"_s, 1}});
        if (!store.append(event)) {
            return false;
        }
    }
    Event token = makeEvent(u"token.created"_s, u"system"_s, QString(), {{u"user"_s, u"x"_s}});
    return store.append(token) && store.commit();
}

SyncHub::Access access(const QString &actor, const QString &key)
{
    // Readers see all but credential events, like the server's own rule for non-managers.
    return {actor, key, [](const Event &event) { return !event.type.startsWith(u"token."); },
            {u"alerts.read"_s, u"incidents.read"_s}};
}

Harness *setUp()
{
    auto *harness = new Harness;
    if (!harness->dir.isValid()
        || !harness->store.open(harness->dir.filePath(u"server.sqlite"_s))
        || !fillStore(harness->store)
        || !harness->replica.open(harness->dir.filePath(u"replica.sqlite"_s))) {
        qFatal("fuzz_sync: cannot set up the stores");
    }
    // Commands are decided by the server proper (fuzz_endpoints covers them); here the hub's
    // envelope handling is what matters, so the runner answers at once.
    harness->hub = std::make_unique<SyncHub>(
        harness->store, [](const QJsonObject &command, const QByteArray &, const QString &,
                           std::function<void(const QJsonObject &)> answer) {
            const bool known = command.value(u"type"_s).toString().contains(u'.');
            answer({{u"ok"_s, known}, {u"events"_s, QJsonArray()}});
        });
    for (const QString &actor : {u"user:alice"_s, u"user:bob"_s}) {
        auto socket = std::make_unique<QWebSocket>();
        harness->sockets.append(socket.get());
        harness->hub->addClient(std::move(socket), "token", access(actor, u"reader"_s));
    }
    harness->client = std::make_unique<SyncClient>(&harness->replica);
    return harness;
}

void settle()
{
    // Catch-up pages and answers run from zero-timers.
    for (int i = 0; i < 8; ++i) {
        QCoreApplication::processEvents();
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static int qtArgc = 1;
    static char *qtArgv[] = {(*argv)[0], nullptr};
    Q_UNUSED(argc)
    new QCoreApplication(qtArgc, qtArgv);
    QLoggingCategory::setFilterRules(u"firebreak.*=false\nqt.*=false"_s);
    s_harness = setUp();
    // The harness lives until the process ends; its folder goes with it.
    static const QString folder = s_harness->dir.path();
    std::atexit([]() { QDir(folder).removeRecursively(); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0) {
        return 0;
    }
    const std::uint8_t selector = data[0];
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data + 1),
                                           qsizetype(size - 1));
    if (selector % 3 != 1) {
        QWebSocket *socket = s_harness->sockets.at(selector % 2);
        Q_EMIT socket->textMessageReceived(text);
    }
    if (selector % 3 != 0) {
        s_harness->client->receiveMessage(text);
    }
    settle();
    return 0;
}
