// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// HttpResponder on a real HttpServer in this process: what a handler hands back with its
// answer is freed on the connection's I/O thread.
#include "server/httpserver.h"

#include <QTcpSocket>
#include <QTest>

#include <array>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace Firebreak;
using namespace Qt::StringLiterals;

namespace {

// Records the thread it is destroyed on.
struct Released
{
    struct Log
    {
        std::mutex mutex;
        std::vector<std::thread::id> threads;
    };
    explicit Released(std::shared_ptr<Log> to)
        : log(std::move(to))
    {
    }
    Q_DISABLE_COPY_MOVE(Released)
    ~Released()
    {
        std::lock_guard lock(log->mutex);
        log->threads.push_back(std::this_thread::get_id());
    }
    std::shared_ptr<Log> log;
};

std::vector<std::thread::id> destroyedOn(Released::Log &log)
{
    std::lock_guard lock(log.mutex);
    return log.threads;
}

} // namespace

class TestHttpResponder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void releasedOnTheConnectionsThread();
    void mailboxTasksRunAndEndOnce();
};

// The alert service hands a webhook's payload back this way once its batch is answered: the
// I/O thread that parsed it frees it (glibc's allocator locks the arena of a block another
// thread frees).
void TestHttpResponder::releasedOnTheConnectionsThread()
{
    HttpServer server;
    server.setIoThreads(1);
    std::thread::id ioThread;
    server.route(
        "GET", u"/where"_s,
        [&ioThread](const HttpRequest &, const HttpResponder &responder) {
            ioThread = std::this_thread::get_id();
            responder.send(200, "{}");
        },
        HttpServer::HandlerThread::Io);
    HttpResponder later;
    bool received = false;
    server.route("POST", u"/later"_s,
                 [&later, &received](const HttpRequest &, const HttpResponder &responder) {
                     later = responder; // answered after a commit, as webhooks are
                     received = true;
                 });
    const quint16 port = server.listenOn(QHostAddress::LocalHost, 0);
    QVERIFY2(port != 0, qPrintable(server.errorString()));

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(5000));
    QByteArray answers;
    socket.write("GET /where HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY((answers += socket.readAll()).contains("{}"));
    QVERIFY(ioThread != std::thread::id());
    QVERIFY(ioThread != std::this_thread::get_id());

    auto log = std::make_shared<Released::Log>();
    socket.write("POST /later HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    QTRY_VERIFY(received);
    later.send(202, "{\"accepted\":1}");
    later.releaseOnWorker(std::make_shared<Released>(log));
    QTRY_COMPARE(destroyedOn(*log).size(), std::size_t(1));
    QCOMPARE(destroyedOn(*log).front(), ioThread);
    QTRY_VERIFY((answers += socket.readAll()).contains("{\"accepted\":1}"));
}

namespace {
// Counts the live copies of what a task captured.
struct Live
{
    explicit Live(int *count)
        : count(count)
    {
        ++*count;
    }
    Live(const Live &other)
        : count(other.count)
    {
        ++*count;
    }
    Live(Live &&other) noexcept
        : count(other.count)
    {
        ++*count;
    }
    Live &operator=(const Live &) = delete;
    ~Live() { --*count; }
    int *count;
};
} // namespace

// Tasks kept in place (most) and on the heap (larger than the place) both run when called and
// end exactly once, however often the mailbox's buffer moves them.
void TestHttpResponder::mailboxTasksRunAndEndOnce()
{
    int live = 0;
    int small = 0;
    int large = 0;
    {
        std::vector<MailboxTask> tasks;
        for (int i = 0; i < 100; ++i) {
            if (i % 3 == 0) {
                std::array<char, MailboxTask::InlineBytes + 1> padding{};
                tasks.emplace_back([kept = Live(&live), padding, &large]() {
                    large += padding[0] + 1;
                });
            } else {
                tasks.emplace_back([kept = Live(&live), &small]() { ++small; });
            }
        }
        QCOMPARE(live, 100);
        std::vector<MailboxTask> moved;
        for (MailboxTask &task : tasks) {
            moved.push_back(std::move(task));
        }
        tasks.clear();
        QCOMPARE(live, 100);
        for (MailboxTask &task : moved) {
            task();
        }
        QCOMPARE(small, 66);
        QCOMPARE(large, 34);
    }
    QCOMPARE(live, 0);
}

QTEST_GUILESS_MAIN(TestHttpResponder)
#include "tst_httpresponder.moc"
