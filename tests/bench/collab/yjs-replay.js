// SPDX-FileCopyrightText: 2026 The Firebreak authors
// SPDX-License-Identifier: Apache-2.0
//
// The Yjs side of tests/bench/collab/run.sh; Yjs itself is installed by run.sh with npm.
//
//   node --expose-gc yjs-replay.js NODE_MODULES replay TRACE.bin
//       replays the compact trace (written by firebreak-bench-collab convert) into a Y.Text,
//       one Yjs transaction per trace transaction, and prints one JSON line
//   node --expose-gc yjs-replay.js NODE_MODULES load TRACE.bin REPEATS
//       replays once, encodes the document as a Yjs update and times loading it into a new
//       Y.Doc REPEATS times
'use strict';

const fs = require('fs');
const path = require('path');

const [modules, mode, tracePath, repeatsArg] = process.argv.slice(2);
const Y = require(path.join(modules, 'yjs'));

function readTrace(file) {
    const data = fs.readFileSync(file);
    if (data.toString('latin1', 0, 4) !== 'FBTR' || data.readUInt32LE(4) !== 1) {
        throw new Error(`${file} is not a compact trace`);
    }
    let at = 8;
    const word = () => { at += 4; return data.readUInt32LE(at - 4); };
    const text = () => { const size = word(); at += size; return data.toString('utf8', at - size, at); };
    const transactions = new Array(word());
    const endContent = text();
    for (let t = 0; t < transactions.length; ++t) {
        const patches = new Array(word());
        for (let p = 0; p < patches.length; ++p) {
            patches[p] = [word(), word(), text()];
        }
        transactions[t] = patches;
    }
    return { endContent, transactions };
}

function replay(trace) {
    const doc = new Y.Doc();
    const text = doc.getText('text');
    for (const patches of trace.transactions) {
        doc.transact(() => {
            for (const [position, deleted, inserted] of patches) {
                if (deleted > 0) text.delete(position, deleted);
                if (inserted.length > 0) text.insert(position, inserted);
            }
        });
    }
    return doc;
}

function measureReplay(trace) {
    global.gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    const start = process.hrtime.bigint();
    const doc = replay(trace);
    const elapsedNs = process.hrtime.bigint() - start;
    const rssAfter = process.memoryUsage().rss;
    const correct = doc.getText('text').toString() === trace.endContent;
    global.gc();
    const heapAfter = process.memoryUsage().heapUsed;
    return {
        contender: 'yjs',
        version: require(path.join(modules, 'yjs', 'package.json')).version,
        patches: trace.transactions.reduce((sum, patches) => sum + patches.length, 0),
        replayMs: Number(elapsedNs) / 1e6,
        rssBeforeKiB: Math.round(rssBefore / 1024),
        rssAfterKiB: Math.round(rssAfter / 1024),
        peakRssKiB: process.resourceUsage().maxRSS,
        engineKiB: Math.round((heapAfter - heapBefore) / 1024),
        correct,
        keep: doc, // held until after the heap measurement
    };
}

function measureLoad(trace, repeats) {
    const update = Y.encodeStateAsUpdate(replay(trace));
    const times = [];
    let length = -1;
    for (let i = 0; i < repeats; ++i) {
        const start = process.hrtime.bigint();
        const doc = new Y.Doc();
        Y.applyUpdate(doc, update);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        length = doc.getText('text').length;
    }
    const first = times[0];
    times.sort((a, b) => a - b);
    return {
        contender: 'yjs',
        snapshotBytes: update.length,
        loadFirstMs: first,
        loadMedianMs: times[Math.floor(times.length / 2)],
        loadFastestMs: times[0],
        length,
    };
}

const trace = readTrace(tracePath);
if (mode === 'replay') {
    const result = measureReplay(trace);
    delete result.keep;
    console.log(JSON.stringify(result));
    process.exitCode = result.correct ? 0 : 1;
} else if (mode === 'load') {
    console.log(JSON.stringify(measureLoad(trace, Number(repeatsArg || 21))));
} else {
    console.error('usage: yjs-replay.js NODE_MODULES replay|load TRACE.bin [REPEATS]');
    process.exitCode = 2;
}
