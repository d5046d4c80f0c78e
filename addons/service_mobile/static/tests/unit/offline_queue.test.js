import { describe, expect, test } from "@odoo/hoot";
import { ConnectionLostError } from "@web/core/network/rpc";

import { OfflineQueue, uuid } from "@service_mobile/offline_queue";
import {
    applyPending,
    dayChanged,
    formatClock,
    normalizeJob,
    timerSeconds,
} from "@service_mobile/job_state";

describe.current.tags("desktop");

function fakeStorage() {
    const data = new Map();
    return {
        data,
        getItem: (key) => (data.has(key) ? data.get(key) : null),
        setItem: (key, value) => data.set(key, String(value)),
        removeItem: (key) => data.delete(key),
    };
}

/** A server that applies each key once and records what it received. */
function fakeServer() {
    const server = { applied: [], calls: [], down: false, refuse: new Set() };
    server.send = async (actions) => {
        server.calls.push(actions.map((action) => action.key));
        if (server.down) {
            throw new ConnectionLostError("/web/dataset/call_kw");
        }
        return actions.map((action) => {
            if (server.refuse.has(action.type)) {
                return { key: action.key, status: "refused", message: "No.", job: false };
            }
            if (server.applied.some((done) => done.key === action.key)) {
                return { key: action.key, status: "duplicate", message: "", job: false };
            }
            server.applied.push(action);
            return { key: action.key, status: "done", message: "", job: false };
        });
    };
    return server;
}

function action(type, payload = {}) {
    return { order_id: 7, type, version: 1, at: "2026-12-02 09:00:00", payload };
}

test("actions are sent in the order they were tapped", async () => {
    const server = fakeServer();
    const queue = new OfflineQueue({ storage: fakeStorage(), storageKey: "q", send: server.send });
    queue.enqueue(action("start_travel"));
    queue.enqueue(action("arrive"));
    queue.enqueue(action("checklist", { item_id: 3, done: true }));
    await queue.flush();
    expect(server.applied.map((a) => a.type)).toEqual(["start_travel", "arrive", "checklist"]);
    expect(queue.pending).toBe(0);
});

test("a lost connection keeps the queue; the retry sends the same keys once", async () => {
    const server = fakeServer();
    const queue = new OfflineQueue({ storage: fakeStorage(), storageKey: "q", send: server.send });
    server.down = true;
    const first = queue.enqueue(action("checklist", { item_id: 3, done: true }));
    const second = queue.enqueue(action("part", { product_id: 5, qty: 1 }));
    await queue.flush();
    expect(queue.pending).toBe(2);
    expect(queue.state.offline).toBe(true);
    expect(server.applied).toEqual([]);
    server.down = false;
    const results = await queue.flush();
    expect(results.map((r) => [r.key, r.status])).toEqual([
        [first.key, "done"],
        [second.key, "done"],
    ]);
    expect(queue.state.offline).toBe(false);
    // the answer was lost and the phone sends the same action again: the
    // server knows its key
    await queue.send([{ ...first }]).then((answer) => {
        expect(answer[0].status).toBe("duplicate");
    });
    expect(server.applied.length).toBe(2);
});

test("the queue survives a reload (the browser's storage)", async () => {
    const storage = fakeStorage();
    const server = fakeServer();
    server.down = true;
    const before = new OfflineQueue({ storage, storageKey: "q", send: server.send });
    const tapped = before.enqueue(action("photo", { name: "a.jpg", mimetype: "image/jpeg", data: "AA==" }));
    before.enqueue(action("note", { resolution: "Fixed" }));
    await before.flush();
    // a new page: a new queue on the same storage
    const after = new OfflineQueue({ storage, storageKey: "q", send: server.send });
    expect(after.pending).toBe(2);
    expect(after.state.items[0].key).toBe(tapped.key);
    server.down = false;
    await after.flush();
    expect(server.applied.map((a) => a.type)).toEqual(["photo", "note"]);
    expect(storage.data.has("q")).toBe(false);
});

test("a refused action leaves the queue and the rest goes on", async () => {
    const server = fakeServer();
    server.refuse.add("finish");
    const queue = new OfflineQueue({ storage: fakeStorage(), storageKey: "q", send: server.send });
    const seen = [];
    queue.onResults((results) => seen.push(...results.map((r) => [r.action.type, r.status])));
    queue.enqueue(action("finish"));
    queue.enqueue(action("note", { resolution: "Waiting for parts" }));
    await queue.flush();
    expect(seen).toEqual([
        ["finish", "refused"],
        ["note", "done"],
    ]);
    expect(queue.pending).toBe(0);
});

test("only the contract's keys are sent (what the phone keeps for itself is not)", async () => {
    const server = fakeServer();
    const queue = new OfflineQueue({ storage: fakeStorage(), storageKey: "q", send: server.send });
    queue.enqueue({ ...action("part", { product_id: 5, qty: 2 }), local: { product_name: "Gasket" } });
    await queue.flush();
    expect(Object.keys(server.applied[0]).sort()).toEqual(
        ["at", "key", "order_id", "payload", "type", "version"]
    );
});

test("batches keep the order across calls", async () => {
    const server = fakeServer();
    const queue = new OfflineQueue({
        storage: fakeStorage(),
        storageKey: "q",
        send: server.send,
        batchSize: 2,
    });
    for (let i = 0; i < 5; i++) {
        queue.enqueue(action("checklist", { item_id: i, done: true }));
    }
    await queue.flush();
    expect(server.calls.map((keys) => keys.length)).toEqual([2, 2, 1]);
    expect(server.applied.map((a) => a.payload.item_id)).toEqual([0, 1, 2, 3, 4]);
});

test("uuid keys are distinct v4 uuids", () => {
    const keys = new Set(Array.from({ length: 100 }, () => uuid()));
    expect(keys.size).toBe(100);
    expect([...keys][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("pending actions show on the job the way the server will apply them", () => {
    const job = normalizeJob(
        {
            id: 7,
            role: "lead",
            state: "dispatched",
            timer: { mode: "idle", since: false, travel_minutes: 0, work_minutes: 0 },
            checklist: [{ id: 3, name: "Valve", required: true, is_done: false }],
            parts: [],
            photos: [],
        },
        "2026-12-02 09:00:00"
    );
    const shown = applyPending(job, [
        { ...action("start_travel"), at: "2026-12-02 09:00:00" },
        { ...action("arrive"), at: "2026-12-02 09:20:00" },
        action("checklist", { item_id: 3, done: true }),
        { ...action("part", { product_id: 5, qty: 2 }), local: { product_name: "Gasket" } },
        { ...action("part", { product_id: 5, qty: 1 }), order_id: 8 },
    ]);
    expect(shown.pending).toBe(4);
    expect(shown.state).toBe("in_progress");
    expect(shown.timer.mode).toBe("work");
    expect(shown.timer.travel_minutes).toBe(20);
    expect(shown.checklist[0].is_done).toBe(true);
    expect(shown.parts).toEqual([{ id: false, product_id: 5, product_name: "Gasket", qty: 2 }]);
    // the server's job itself is untouched
    expect(job.timer.mode).toBe("idle");
    const now = Date.parse("2026-12-02T09:30:00Z");
    expect(timerSeconds(shown.timer, now)).toEqual({ travel: 1200, work: 600 });
});

test("a finished job makes the phone read the day again", () => {
    const jobs = { 7: { id: 7 }, 8: { id: 8 } };
    const answer = (type, status = "done", job = { id: 7 }) => ({ status, job, action: { type, order_id: 7 } });
    // a tap on a job it shows: that job's answer is enough
    expect(dayChanged([answer("checklist"), answer("part")], jobs)).toBe(false);
    expect(dayChanged([answer("finish", "refused")], jobs)).toBe(false);
    // finished or sent back for a return visit: the van and the next job changed
    expect(dayChanged([answer("part"), answer("finish")], jobs)).toBe(true);
    expect(dayChanged([answer("return_visit")], jobs)).toBe(true);
    // a job it does not show, no job, a stale action
    expect(dayChanged([answer("arrive", "done", { id: 9 })], jobs)).toBe(true);
    expect(dayChanged([answer("arrive", "done", false)], jobs)).toBe(true);
    expect(dayChanged([answer("arrive", "stale")], jobs)).toBe(true);
});

test("a drive under a minute shows its seconds", () => {
    const job = normalizeJob(
        {
            id: 7,
            role: "lead",
            state: "dispatched",
            timer: { mode: "idle", since: false, travel_minutes: 0, work_minutes: 0 },
        },
        "2026-12-02 09:00:00"
    );
    const shown = applyPending(job, [
        { ...action("start_travel"), at: "2026-12-02 09:00:00" },
        { ...action("arrive"), at: "2026-12-02 09:00:40" },
    ]);
    const now = Date.parse("2026-12-02T09:00:40Z");
    expect(formatClock(timerSeconds(shown.timer, now).travel)).toBe("0:00:40");
    // the server's count, to the second
    const served = normalizeJob(
        { id: 7, timer: { mode: "work", since: "2026-12-02 09:00:40", travel_minutes: 0.67, work_minutes: 0 } },
        "2026-12-02 09:00:40"
    );
    expect(formatClock(timerSeconds(served.timer, now).travel)).toBe("0:00:40");
});

/** The lead's job at work since 09:00, with `values` (its lists). */
function jobAtWork(values) {
    return normalizeJob(
        {
            id: 7,
            role: "lead",
            state: "in_progress",
            timer: { mode: "work", since: "2026-12-02 09:00:00", travel_minutes: 0, work_minutes: 0 },
            checklist: [],
            parts: [],
            photos: [],
            ...values,
        },
        "2026-12-02 09:00:00"
    );
}

test("a photo deleted while the queue waits is gone from the job", () => {
    const job = jobAtWork({
        photos: [
            { id: 21, name: "blurred.jpg", mine: true },
            { id: 22, name: "meter.jpg", mine: true },
        ],
    });
    const shown = applyPending(job, [
        action("photo_delete", { photo_id: 21 }),
        action("photo", { name: "new.jpg", mimetype: "image/jpeg", data: "AA==" }),
    ]);
    expect(shown.photos.map((photo) => photo.name)).toEqual(["meter.jpg", "new.jpg"]);
    expect([shown.photos[1].id, shown.photos[1].mine]).toEqual([false, true]);
    expect(job.photos.length).toBe(2);
});

test("a part of a lot or serial shows on its own line", () => {
    const job = jobAtWork({
        parts: [{ id: 4, product_id: 5, product_name: "Motor", qty: 1, lot_id: 11, lot_name: "SN-1" }],
    });
    const shown = applyPending(job, [
        { ...action("part", { product_id: 5, qty: 1, lot_id: 12 }), local: { product_name: "Motor", lot_name: "SN-2" } },
        { ...action("part", { product_id: 5, qty: 1 }), local: { product_name: "Motor" } },
        action("part", { product_id: 5, qty: 1, lot_id: 11 }),
    ]);
    expect(shown.parts).toEqual([
        { id: 4, product_id: 5, product_name: "Motor", qty: 2, lot_id: 11, lot_name: "SN-1" },
        { id: false, product_id: 5, product_name: "Motor", qty: 1, lot_id: 12, lot_name: "SN-2" },
        { id: false, product_id: 5, product_name: "Motor", qty: 1 },
    ]);
});

test("the server's running minutes are not counted twice by the phone's clock", () => {
    const job = normalizeJob(
        { id: 7, timer: { mode: "work", since: "2026-12-02 09:00:00", travel_minutes: 5, work_minutes: 40 } },
        "2026-12-02 09:30:00"
    );
    // 10 closed minutes + the running 30
    expect(job.timer.work_minutes).toBe(10);
    const now = Date.parse("2026-12-02T09:30:00Z");
    expect(timerSeconds(job.timer, now).work).toBe(40 * 60);
});

test("the timer reads hours, minutes and seconds", () => {
    expect(formatClock(64)).toBe("0:01:04");
    expect(formatClock(3 * 60 + 56)).toBe("0:03:56");
    expect(formatClock(5 * 3600 + 7 * 60 + 53)).toBe("5:07:53");
});
