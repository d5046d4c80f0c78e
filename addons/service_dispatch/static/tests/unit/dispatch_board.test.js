import { beforeEach, describe, expect, test } from "@odoo/hoot";
import { animationFrame, mockDate, mockTimeZone } from "@odoo/hoot-mock";
import { Component, xml } from "@odoo/owl";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import {
    contains,
    defineModels,
    fields,
    getService,
    models,
    mountWithCleanup,
    onRpc,
} from "@web/../tests/web_test_helpers";

import { registry } from "@web/core/registry";
import { WebClient } from "@web/webclient/webclient";

describe.current.tags("desktop");
defineMailModels();

/** Just enough of an order for its form (a click on a block opens it). */
class ServiceOrder extends models.Model {
    _name = "service.order";
    name = fields.Char();
    _records = [{ id: 11, name: "SO/11" }];
    _views = { form: `<form><field name="name"/></form>` };
}
defineModels([ServiceOrder]);

const ALICE_ROW = ".o_dispatch_row[data-tech-name='Alice'] .o_dispatch_timeline";
const BOB_ROW = ".o_dispatch_row[data-tech-name='Bob'] .o_dispatch_timeline";

class FakeWizard extends Component {
    static template = xml`<div class="o_fake_wizard" t-esc="props.action.context.default_date_to"/>`;
    static props = ["*"];
}

/** The board's server: see board_model.test.js; `extra` keys are added to the data. */
function serveBoard(extra = {}) {
    const off = [
        ["2026-01-13 00:00:00", "2026-01-13 08:00:00", "off"],
        ["2026-01-13 18:00:00", "2026-01-14 00:00:00", "off"],
    ];
    const server = {
        blocks: [
            {
                id: 11,
                name: "SO/11",
                technician_id: 1,
                role: "lead",
                start: "2026-01-13 09:00:00",
                end: "2026-01-13 11:00:00",
                state: "scheduled",
                priority: "0",
                partner: "Diner",
                travel_minutes: false,
            },
            {
                id: 11,
                assignment_id: 8,
                name: "SO/11",
                technician_id: 2,
                role: "crew",
                start: "2026-01-13 09:00:00",
                end: "2026-01-13 10:00:00",
                state: "scheduled",
                priority: "0",
                partner: "Diner",
                travel_minutes: false,
            },
        ],
        unassigned: [
            {
                id: 20,
                name: "SO/20",
                duration: 1,
                partner: "Garage",
                priority: "1",
                skills: [],
                deadline: false,
            },
        ],
    };
    onRpc("service.order", "get_dispatch_board_data", ({ args }) => ({
        start: args[0],
        end: args[1],
        technicians: [
            { id: 1, name: "Alice", job_title: "Lead" },
            { id: 2, name: "Bob", job_title: "Helper" },
        ],
        blocks: server.blocks.map((block) => ({ ...block })),
        unavailable: { 1: off, 2: off },
        unassigned: server.unassigned.map((order) => ({ ...order })),
        unassigned_count: server.unassigned.length,
        filters: { teams: [], territories: [], skills: [] },
        ...extra,
    }));
    onRpc("service.order", "write", ({ args }) => {
        const [[orderId], vals] = args;
        expect.step(`write ${orderId} ${JSON.stringify(vals)}`);
        const [, techId] = vals.crew_ids[0];
        server.blocks = server.blocks.filter(
            (b) => !(b.id === orderId && b.technician_id === techId)
        );
        return true;
    });
    onRpc("service.order", "dispatch_board_move", ({ args }) => {
        const [[orderId], techId, start, end, fromTechId] = args;
        expect.step(`move ${orderId} to ${techId} from ${fromTechId}`);
        const order = server.unassigned.find((o) => o.id === orderId);
        if (!order) {
            const block = server.blocks.find(
                (b) => b.id === orderId && b.technician_id === fromTechId
            );
            Object.assign(block, { technician_id: techId, start, end });
            return true;
        }
        server.unassigned = server.unassigned.filter((o) => o.id !== orderId);
        server.blocks.push({
            ...server.blocks[0],
            id: orderId,
            name: order.name,
            partner: order.partner,
            technician_id: techId,
            start,
            end,
        });
        return true;
    });
    return server;
}

async function openBoard() {
    await mountWithCleanup(WebClient);
    await getService("action").doAction({
        type: "ir.actions.client",
        tag: "service_dispatch.board",
        context: { dispatch_board_date: "2026-01-13" },
    });
    await animationFrame();
}

beforeEach(() => {
    mockTimeZone(0);
    mockDate("2026-01-13 07:00:00");
});

test("one block per booking: the crew member's is drawn as such", async () => {
    serveBoard();
    await openBoard();
    expect(`${ALICE_ROW} .o_dispatch_block`).toHaveCount(1);
    expect(`${ALICE_ROW} .o_dispatch_block`).not.toHaveClass("o_dispatch_crew");
    expect(`${BOB_ROW} .o_dispatch_block.o_dispatch_crew`).toHaveCount(1);
    expect(`${BOB_ROW} .o_dispatch_block .o_dispatch_crew_icon`).toHaveCount(1);
    expect(`${BOB_ROW} .o_dispatch_block`).toHaveAttribute("title", /Crew member/);
    expect(".o_dispatch_panel .o_dispatch_card").toHaveText(/SO\/20/);
    expect(".o_dispatch_header .o_dispatch_hour:first").toHaveText("08:00");
});

test("no Auto-dispatch button without an addon offering it", async () => {
    serveBoard();
    await openBoard();
    expect(".o_dispatch_toolbar").toHaveCount(1);
    expect(".o_dispatch_auto_dispatch").toHaveCount(0);
});

test("Auto-dispatch opens the action the board data names, for the period", async () => {
    serveBoard({ auto_dispatch_action: "optimizer.plan_action" });
    registry.category("actions").add("fake_wizard", FakeWizard);
    onRpc("/web/action/load", async (request) => {
        const { params } = await request.json();
        expect.step(`load action ${params.action_id}`);
        return { id: 99, type: "ir.actions.client", tag: "fake_wizard", target: "new" };
    });
    await openBoard();
    await contains(".o_dispatch_auto_dispatch").click();
    await animationFrame();
    expect.verifySteps(["load action optimizer.plan_action"]);
    expect(".modal .o_fake_wizard").toHaveText("2026-01-13");
});

test("dragging the unassigned card onto a row assigns it there", async () => {
    serveBoard();
    await openBoard();
    await contains(".o_dispatch_card").dragAndDrop(BOB_ROW, {
        position: { x: 10, y: 10 },
        relative: true,
    });
    await animationFrame();
    expect.verifySteps(["move 20 to 2 from false"]);
    expect(`${BOB_ROW} .o_dispatch_block[data-order-name='SO/20']`).toHaveCount(1);
    expect(".o_dispatch_card").toHaveCount(0);
});

test("dragging a crew member's block onto another row moves that crew member", async () => {
    serveBoard();
    await openBoard();
    await contains(`${BOB_ROW} .o_dispatch_block`).dragAndDrop(ALICE_ROW, {
        position: { x: 400, y: 10 },
        relative: true,
    });
    await animationFrame();
    expect.verifySteps(["move 11 to 1 from 2"]);
    expect(`${ALICE_ROW} .o_dispatch_block`).toHaveCount(2);
    expect(`${BOB_ROW} .o_dispatch_block`).toHaveCount(0);
});

test("dragging a crew member's block onto the panel takes him off the job", async () => {
    serveBoard();
    await openBoard();
    const { moveTo, drop } = await contains(`${BOB_ROW} .o_dispatch_block`).drag();
    await moveTo(".o_dispatch_panel_title");
    expect(".o_dispatch_panel").toHaveClass("o_dispatch_unassign_over");
    expect(".o_dispatch_unassign_hint").toHaveText("Drop here to unassign");
    await drop();
    await animationFrame();
    expect.verifySteps([`write 11 {"crew_ids":[[3,2,0]]}`]);
    expect(`${BOB_ROW} .o_dispatch_block`).toHaveCount(0);
    expect(`${ALICE_ROW} .o_dispatch_block`).toHaveCount(1);
    expect(".o_dispatch_unassign_hint").toHaveCount(0);
});

test("a click (no drag) on a block opens its order; on a card, its suggestions", async () => {
    serveBoard();
    onRpc("service.order", "get_dispatch_suggestions", ({ args }) => {
        expect.step(`suggest ${args[0]}`);
        return [];
    });
    await openBoard();
    await contains(".o_dispatch_card").click();
    expect.verifySteps(["suggest 20"]);
    expect(".o_dispatch_card").toHaveClass("o_dispatch_selected");
    expect(".o_dispatch_suggestions").toHaveText(/No technician is free/);
    await contains(`${ALICE_ROW} .o_dispatch_block`).click();
    expect(".modal .o_form_view .o_field_widget[name='name'] input").toHaveValue("SO/11");
});

test("a drag ends without opening what was dragged", async () => {
    serveBoard();
    await openBoard();
    await contains(`${BOB_ROW} .o_dispatch_block`).dragAndDrop(ALICE_ROW, {
        position: { x: 400, y: 10 },
        relative: true,
    });
    await animationFrame();
    expect.verifySteps(["move 11 to 1 from 2"]);
    expect(".modal").toHaveCount(0);
});
