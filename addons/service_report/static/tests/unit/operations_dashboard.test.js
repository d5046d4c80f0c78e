import { beforeEach, describe, expect, test } from "@odoo/hoot";
import { advanceTime, animationFrame, mockDate } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import {
    contains,
    defineModels,
    getService,
    mockService,
    models,
    fields,
    mountWithCleanup,
    onRpc,
} from "@web/../tests/web_test_helpers";

import { WebClient } from "@web/webclient/webclient";
import { DASHBOARD_NOTIFICATION } from "@service_report/dashboard/operations_dashboard";

describe.current.tags("desktop");
defineMailModels();

class ServiceOrder extends models.Model {
    _name = "service.order";
    name = fields.Char();
    _records = [{ id: 11, name: "SO/11" }];
    _views = {
        list: `<list><field name="name"/></list>`,
        kanban: `<kanban><templates><t t-name="card"><field name="name"/></t></templates></kanban>`,
        form: `<form><field name="name"/></form>`,
        search: `<search/>`,
    };
}
defineModels([ServiceOrder]);

function dashboardData(unassigned = 3) {
    return {
        states: [
            { key: "new", label: "New", count: 5, domain: [["state", "=", "new"]] },
            { key: "scheduled", label: "Scheduled", count: 2, domain: [["state", "=", "scheduled"]] },
            { key: "dispatched", label: "Dispatched", count: 1, domain: [["state", "=", "dispatched"]] },
            { key: "in_progress", label: "In Progress", count: 0, domain: [["state", "=", "in_progress"]] },
        ],
        open_count: 8,
        tiles: [
            {
                key: "unassigned",
                label: "Unassigned",
                count: unassigned,
                domain: [["technician_id", "=", false]],
                level: "warning",
            },
            { key: "at_risk", label: "SLA at Risk", count: 1, domain: [], level: "warning" },
            { key: "breached", label: "SLA Breached", count: 0, domain: [], level: "danger" },
        ],
        technicians: [
            { id: 1, name: "Alice", done: 1, in_progress: 1, planned: 4, domain: [["id", "=", 11]] },
        ],
    };
}

let listeners;
beforeEach(() => {
    mockDate("2026-01-13 07:00:00");
    listeners = {};
    mockService("bus_service", {
        subscribe: (name, callback) => (listeners[name] = callback),
        unsubscribe: (name) => delete listeners[name],
        start: () => {},
        addChannel: () => {},
        deleteChannel: () => {},
    });
});

async function openDashboard() {
    await mountWithCleanup(WebClient);
    await getService("action").doAction({
        type: "ir.actions.client",
        tag: "service_report.operations_dashboard",
    });
    await animationFrame();
}

test("draws the states, the tiles and today's progress from one call", async () => {
    onRpc("service.order", "get_operations_dashboard_data", () => {
        expect.step("data");
        return dashboardData();
    });
    await openDashboard();
    expect.verifySteps(["data"]);
    expect(".o_ops_open_count").toHaveText("8");
    expect(".o_ops_states .o_ops_tile").toHaveCount(4);
    expect(".o_ops_states .o_ops_tile[data-key='new'] .o_ops_count").toHaveText("5");
    expect(".o_ops_alerts .o_ops_tile[data-key='unassigned'] .o_ops_count").toHaveText("3");
    expect(".o_ops_alerts .o_ops_tile[data-key='unassigned']").toHaveClass("btn-outline-warning");
    expect(".o_ops_alerts .o_ops_tile[data-key='breached']").toHaveClass("btn-light");
    expect(".o_ops_technician[data-tech-name='Alice'] .o_ops_done").toHaveText("1");
    expect(".o_ops_technician[data-tech-name='Alice'] .o_ops_planned").toHaveText("4");
    expect(".o_ops_technician .progress-bar").toHaveStyle({ width: /25%|\d+px/ });
});

test("a tile opens the list of its orders", async () => {
    onRpc("service.order", "get_operations_dashboard_data", () => dashboardData());
    onRpc("service.order", "web_search_read", ({ kwargs }) => {
        expect.step(`list ${JSON.stringify(kwargs.domain)}`);
    });
    await openDashboard();
    await contains(".o_ops_alerts .o_ops_tile[data-key='unassigned']").click();
    await animationFrame();
    expect.verifySteps([`list [["technician_id","=",false]]`]);
    expect(".o_list_view").toHaveCount(1);
});

test("changes on the bus reload the data, once per burst", async () => {
    let unassigned = 3;
    onRpc("service.order", "get_operations_dashboard_data", () => {
        expect.step("data");
        return dashboardData(unassigned);
    });
    await openDashboard();
    expect.verifySteps(["data"]);
    const notify = listeners[DASHBOARD_NOTIFICATION];
    expect(typeof notify).toBe("function");
    unassigned = 7;
    notify({});
    notify({});
    notify({});
    await advanceTime(600);
    await animationFrame();
    expect.verifySteps(["data"]);
    expect(".o_ops_alerts .o_ops_tile[data-key='unassigned'] .o_ops_count").toHaveText("7");
});
