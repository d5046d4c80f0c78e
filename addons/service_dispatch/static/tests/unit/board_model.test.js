import { beforeEach, describe, expect, test } from "@odoo/hoot";
import { advanceTime, mockDate, mockTimeZone } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { makeMockEnv, makeServerError, onRpc } from "@web/../tests/web_test_helpers";

import { DispatchBoardModel, UNASSIGN } from "@service_dispatch/board/board_model";

describe.current.tags("desktop");
// service_order depends on mail, whose services start with the test env
defineMailModels();

/**
 * A small fake of the server's board: Alice (1) and Bob (2) work 08:00-18:00
 * on Tuesday 13 January 2026 (UTC); Alice leads SO/10 08:00-10:00, Bob is on
 * the crew of SO/11 09:00-11:00 (a booking of its own), SO/20 (1 h 30) waits.
 */
function makeServer() {
    const off = [
        ["2026-01-13 00:00:00", "2026-01-13 08:00:00", "off"],
        ["2026-01-13 18:00:00", "2026-01-14 00:00:00", "off"],
    ];
    const server = {
        blocks: [
            {
                id: 10,
                name: "SO/10",
                technician_id: 1,
                role: "lead",
                start: "2026-01-13 08:00:00",
                end: "2026-01-13 10:00:00",
                state: "scheduled",
                partner: "Bakery",
            },
            {
                id: 11,
                assignment_id: 7,
                name: "SO/11",
                technician_id: 2,
                role: "crew",
                start: "2026-01-13 09:00:00",
                end: "2026-01-13 11:00:00",
                state: "scheduled",
                partner: "Diner",
            },
        ],
        unassigned: [{ id: 20, name: "SO/20", duration: 1.5, partner: "Garage", skills: [] }],
        extra: {},
        moves: [],
        /** what `dispatch_board_move` answers, in turn (default: true) */
        answers: [],
    };
    onRpc("service.order", "get_dispatch_board_data", ({ args }) => {
        expect.step(`load ${args[0]}`);
        return {
            start: args[0],
            end: args[1],
            technicians: [
                { id: 1, name: "Alice", job_title: "" },
                { id: 2, name: "Bob", job_title: "" },
            ],
            blocks: server.blocks.map((block) => ({ ...block })),
            unavailable: { 1: off, 2: off },
            unassigned: server.unassigned.map((order) => ({ ...order })),
            unassigned_count: server.unassigned.length,
            filters: { teams: [], territories: [], skills: [] },
            ...server.extra,
        };
    });
    onRpc("service.order", "write", ({ args }) => {
        const [[orderId], vals] = args;
        expect.step(`write ${orderId} ${JSON.stringify(vals)}`);
        const answer = server.answers.length ? server.answers.shift() : true;
        if (answer instanceof Error) {
            throw answer;
        }
        const crew = vals.crew_ids?.[0];
        if (vals.state === "new") {
            const block = server.blocks.find((b) => b.id === orderId);
            server.blocks = server.blocks.filter((b) => b.id !== orderId);
            server.unassigned.push({ ...block, duration: 2, skills: [] });
        } else if (crew?.[0] === 3) {
            server.blocks = server.blocks.filter(
                (b) => !(b.id === orderId && b.technician_id === crew[1])
            );
        }
        return true;
    });
    onRpc("service.order", "dispatch_board_move", ({ args, kwargs }) => {
        const [[orderId], techId, start, end, fromTechId] = args;
        const reason = kwargs.override_reason || "-";
        expect.step(`move ${orderId} to ${techId} ${start}-${end} from ${fromTechId} (${reason})`);
        const answer = server.answers.length ? server.answers.shift() : true;
        if (answer instanceof Error) {
            throw answer;
        }
        if (answer === true) {
            // the server writes: the order is now on that row at that time
            const order = server.unassigned.find((o) => o.id === orderId);
            server.unassigned = server.unassigned.filter((o) => o.id !== orderId);
            const block = server.blocks.find(
                (b) => b.id === orderId && (!fromTechId || b.technician_id === fromTechId)
            );
            if (block) {
                Object.assign(block, { technician_id: techId, start, end });
            } else {
                server.blocks.push({
                    id: orderId,
                    name: order.name,
                    technician_id: techId,
                    role: "lead",
                    start,
                    end,
                    state: "scheduled",
                    partner: order.partner,
                });
            }
        }
        return answer;
    });
    return server;
}

/** The model with the real ORM (mocked RPC), a dialog and notifications that record steps. */
async function makeModel({ onDialog, bus } = {}) {
    const env = await makeMockEnv();
    const model = new DispatchBoardModel(
        {
            orm: env.services.orm,
            bus_service: bus,
            dialog: {
                add(component, props, { onClose }) {
                    expect.step(
                        `dialog: ${props.orderName} to ${props.technicianName}: ${props.reasons}`
                    );
                    Promise.resolve(onDialog?.(props)).then(() => onClose());
                },
            },
            notification: {
                add(message, { title }) {
                    expect.step(`${title}: ${message}`);
                },
            },
        },
        { date: "2026-01-13" }
    );
    await model.load();
    expect.verifySteps(["load 2026-01-13 00:00:00"]);
    return model;
}

const blockIds = (model, techId) =>
    (model.data.blocksByTech[techId] || []).map((block) => `${block.name} ${block.start}`);

/**
 * The fake server and a loaded model in one call: what nearly every test
 * starts with. ``answers`` are the server's replies to the moves, in turn.
 */
async function setupBoard({ answers = [], ...options } = {}) {
    const server = makeServer();
    server.answers = answers;
    const model = await makeModel(options);
    return { server, model };
}

/** A drag of the first unassigned order, or of a technician's first block. */
const dragCard = (model) => model.dragOf("assign", model.data.unassigned[0]);
const dragBlock = (model, techId, kind = "move") =>
    model.dragOf(kind, model.data.blocksByTech[techId][0]);

beforeEach(() => {
    mockTimeZone(0);
    mockDate("2026-01-13 07:00:00");
});

describe("the board's data", () => {
    test("one block per booking, the axis from the working time", async () => {
        const { model } = await setupBoard();
        expect(model.axis).toEqual({ startHour: 8, endHour: 18 });
        expect(blockIds(model, 1)).toEqual(["SO/10 2026-01-13 08:00:00"]);
        const [crew] = model.data.blocksByTech[2];
        expect(crew.role).toBe("crew");
        // a booking is known by its assignment when the server sends one
        expect(crew.key).toBe("a7");
        expect(model.data.blocksByTech[1][0].key).toBe("10-lead-1");
    });

    test("auto-dispatch only when an addon offers it, for the period from today", async () => {
        const { server, model } = await setupBoard();
        expect(model.autoDispatchAction).toBe(false);
        expect(model.autoDispatchRequest()).toBe(null);
        server.extra = { auto_dispatch_action: "optimizer.plan_action" };
        await model.setScale("week");
        expect.verifySteps(["load 2026-01-12 00:00:00"]);
        expect(model.autoDispatchRequest()).toEqual({
            action: "optimizer.plan_action",
            context: { default_date_from: "2026-01-13", default_date_to: "2026-01-18" },
        });
    });
});

test("other users' changes on the bus reload the board, once per burst", async () => {
    const listeners = {};
    const bus = {
        subscribe: (name, callback) => (listeners[name] = callback),
        unsubscribe: (name) => delete listeners[name],
        start: () => expect.step("bus started"),
    };
    const { model } = await setupBoard({ bus });
    model.start();
    expect.verifySteps(["bus started"]);
    const notify = listeners["service_dispatch/board_changed"];
    notify({});
    notify({});
    await advanceTime(400);
    expect.verifySteps(["load 2026-01-13 00:00:00"]);
    model.destroy();
    expect(listeners).toEqual({});
});

describe("the outcome of a drop", () => {
    test("an unassigned order dropped mid-row: assigned there at 13:00, off the panel", async () => {
        const { model } = await setupBoard();
        const drag = dragCard(model);
        const preview = model.previewFor(drag, 2, 0.5);
        expect(await model.drop(drag, preview)).toBe("done");
        expect.verifySteps([
            "move 20 to 2 2026-01-13 13:00:00-2026-01-13 14:30:00 from false (-)",
            "load 2026-01-13 00:00:00",
        ]);
        expect(blockIds(model, 2)).toEqual([
            "SO/11 2026-01-13 09:00:00",
            "SO/20 2026-01-13 13:00:00",
        ]);
        expect(model.data.unassigned).toEqual([]);
    });

    test("a crew member's block moved to another row names the row it left", async () => {
        const { model } = await setupBoard();
        const drag = dragBlock(model, 2);
        // its left edge at a fifth of the row: 10:00, two hours as before
        expect(await model.drop(drag, model.previewFor(drag, 1, 0.2))).toBe("done");
        expect.verifySteps([
            "move 11 to 1 2026-01-13 10:00:00-2026-01-13 12:00:00 from 2 (-)",
            "load 2026-01-13 00:00:00",
        ]);
        expect(blockIds(model, 1)).toEqual([
            "SO/10 2026-01-13 08:00:00",
            "SO/11 2026-01-13 10:00:00",
        ]);
        expect(blockIds(model, 2)).toEqual([]);
    });

    test("resizing changes the end only, never below 15 minutes, on its own row", async () => {
        const { model } = await setupBoard();
        const drag = dragBlock(model, 1, "resize");
        expect(model.previewFor(drag, 2, 0.5)).toBe(null);
        const tiny = model.previewFor(drag, 1, 0);
        expect(tiny.end.diff(tiny.start, "minutes").minutes).toBe(15);
        expect(await model.drop(drag, model.previewFor(drag, 1, 0.45))).toBe("done");
        expect.verifySteps([
            "move 10 to 1 2026-01-13 08:00:00-2026-01-13 12:30:00 from 1 (-)",
            "load 2026-01-13 00:00:00",
        ]);
    });

    test("a drop nowhere, or where the block already is, sends nothing", async () => {
        const { model } = await setupBoard();
        const drag = dragBlock(model, 1);
        expect(await model.drop(drag, null)).toBe("ignored");
        expect(await model.drop(drag, model.previewFor(drag, 1, 0))).toBe("unchanged");
        // a job in progress cannot be dragged at all
        expect(
            model.dragOf("move", { ...model.data.blocksByTech[1][0], state: "in_progress" })
        ).toBe(null);
        expect.verifySteps([]);
    });

    test("a refusal is shown and the board keeps the server's state", async () => {
        const { model } = await setupBoard({
            answers: [makeServerError({ description: "Alice is already booked" })],
        });
        const drag = dragCard(model);
        expect(await model.drop(drag, model.previewFor(drag, 1, 0))).toBe("refused");
        expect.verifySteps([
            "move 20 to 1 2026-01-13 08:00:00-2026-01-13 09:30:00 from false (-)",
            "Change refused: Alice is already booked",
            "load 2026-01-13 00:00:00",
        ]);
        expect(blockIds(model, 1)).toEqual(["SO/10 2026-01-13 08:00:00"]);
        expect(model.data.unassigned.map((order) => order.name)).toEqual(["SO/20"]);
        expect(model.busy).toBe(false);
    });

    test("needs an override: the dialog, then the move again with the reason", async () => {
        const { model } = await setupBoard({
            answers: [{ needs_override: true, reasons: ["Bob lacks the skill HVAC."] }, true],
            onDialog: (props) => props.confirm("only one on call"),
        });
        const drag = dragCard(model);
        expect(await model.drop(drag, model.previewFor(drag, 2, 0.5))).toBe("overridden");
        expect.verifySteps([
            "move 20 to 2 2026-01-13 13:00:00-2026-01-13 14:30:00 from false (-)",
            "dialog: SO/20 to Bob: Bob lacks the skill HVAC.",
            "move 20 to 2 2026-01-13 13:00:00-2026-01-13 14:30:00 from false (only one on call)",
            "load 2026-01-13 00:00:00",
        ]);
        expect(blockIds(model, 2)).toEqual([
            "SO/11 2026-01-13 09:00:00",
            "SO/20 2026-01-13 13:00:00",
        ]);
    });

    test("needs an override, cancelled: nothing written, the order stays unassigned", async () => {
        const { model } = await setupBoard({
            answers: [{ needs_override: true, reasons: ["Bob is on time off."] }],
        });
        const drag = dragCard(model);
        expect(await model.drop(drag, model.previewFor(drag, 2, 0.5))).toBe("cancelled");
        expect.verifySteps([
            "move 20 to 2 2026-01-13 13:00:00-2026-01-13 14:30:00 from false (-)",
            "dialog: SO/20 to Bob: Bob is on time off.",
            "load 2026-01-13 00:00:00",
        ]);
        expect(blockIds(model, 2)).toEqual(["SO/11 2026-01-13 09:00:00"]);
        expect(model.data.unassigned.map((order) => order.name)).toEqual(["SO/20"]);
    });

    test("the lead's block onto the panel: one write, the order is unassigned again", async () => {
        const { model } = await setupBoard();
        const drag = dragBlock(model, 1);
        expect(await model.drop(drag, UNASSIGN)).toBe("unassigned");
        expect.verifySteps([
            `write 10 {"state":"new","technician_id":false,"crew_ids":[[5,0,0]]}`,
            "load 2026-01-13 00:00:00",
        ]);
        expect(blockIds(model, 1)).toEqual([]);
        expect(model.data.unassigned.map((order) => order.name)).toEqual(["SO/20", "SO/10"]);
    });

    test("a crew member's block onto the panel takes only him off the job", async () => {
        const { model } = await setupBoard();
        const drag = dragBlock(model, 2);
        expect(await model.drop(drag, UNASSIGN)).toBe("unassigned");
        expect.verifySteps([`write 11 {"crew_ids":[[3,2,0]]}`, "load 2026-01-13 00:00:00"]);
        expect(blockIds(model, 2)).toEqual([]);
        expect(model.data.unassigned.map((order) => order.name)).toEqual(["SO/20"]);
    });

    test("an unassign the server refuses is shown; resizes and cards never unassign", async () => {
        const { model } = await setupBoard({
            answers: [makeServerError({ description: "SO/10 cannot be reset" })],
        });
        const block = model.data.blocksByTech[1][0];
        expect(await model.drop(model.dragOf("resize", block), UNASSIGN)).toBe("ignored");
        const card = model.data.unassigned[0];
        expect(await model.drop(model.dragOf("assign", card), UNASSIGN)).toBe("ignored");
        expect(await model.drop(model.dragOf("move", block), UNASSIGN)).toBe("refused");
        expect.verifySteps([
            `write 10 {"state":"new","technician_id":false,"crew_ids":[[5,0,0]]}`,
            "Change refused: SO/10 cannot be reset",
            "load 2026-01-13 00:00:00",
        ]);
        expect(blockIds(model, 1)).toEqual(["SO/10 2026-01-13 08:00:00"]);
    });

    test("a suggestion's Assign takes the same path as a drop", async () => {
        onRpc("service.order", "get_dispatch_suggestions", ({ args, kwargs }) => {
            expect.step(`suggest ${args[0]} from ${args[1]} limit ${kwargs.limit}`);
            return [
                {
                    technician_id: 1,
                    name: "Alice",
                    start: "2026-01-13 10:00:00",
                    end: "2026-01-13 11:30:00",
                    score: 90,
                },
            ];
        });
        const { model } = await setupBoard();
        const order = model.data.unassigned[0];
        await model.selectOrder(order);
        expect(model.selectedId).toBe(20);
        expect(model.suggestions.length).toBe(1);
        await model.assignSuggestion(order, model.suggestions[0]);
        expect.verifySteps([
            "suggest 20 from 2026-01-13 07:00:00 limit 5",
            "move 20 to 1 2026-01-13 10:00:00-2026-01-13 11:30:00 from false (-)",
            "load 2026-01-13 00:00:00",
        ]);
        // the order left the panel: nothing selected any more
        expect(model.selectedId).toBe(false);
        expect(model.suggestions).toBe(null);
    });
});
