import { describe, expect, test } from "@odoo/hoot";
import { animationFrame } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { getService, mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";

import { WebClient } from "@web/webclient/webclient";

describe.current.tags("desktop");
defineMailModels();

function mapData(jobCount, tileUrl = "") {
    const jobs = [...Array(jobCount).keys()].map((n) => ({
        id: n + 1,
        name: `SO/${n + 1}`,
        partner: "Laundry",
        site: "Site",
        state: "scheduled",
        technician_id: 1,
        start: "2026-01-13 08:00:00",
        lat: 48.8 + n / 100,
        lng: 2.3 + n / 100,
    }));
    return {
        tile_url: tileUrl,
        jobs,
        technicians: [
            { id: 1, name: "Alice", lat: 48.85, lng: 2.35, source: "reported", date: false },
            { id: 2, name: "Bob", lat: 48.9, lng: 2.4, source: "job", date: false },
        ],
    };
}

async function openMap() {
    await mountWithCleanup(WebClient);
    await getService("action").doAction({
        type: "ir.actions.client",
        tag: "service_report.service_map",
    });
    await animationFrame();
}

test("the library is in the addon's assets", () => {
    expect(typeof window.L).toBe("object");
    expect(window.L.version).toBe("1.9.4");
});

test("draws every job and technician with no tile server", async () => {
    onRpc("service.order", "get_service_map_data", () => mapData(7));
    await openMap();
    expect(".o_service_map.leaflet-container").toHaveCount(1);
    // no tile layer at all: a blank map, the points still drawn
    expect(".leaflet-tile").toHaveCount(0);
    expect("path.o_service_map_job").toHaveCount(7);
    expect("path.o_service_map_technician").toHaveCount(2);
    expect(".o_service_map_legend").toHaveText(/7 jobs today/);
});

test("an unreachable tile server does not hide the points", async () => {
    onRpc("service.order", "get_service_map_data", () =>
        mapData(3, "http://127.0.0.1:9/{z}/{x}/{y}.png")
    );
    await openMap();
    expect("path.o_service_map_job").toHaveCount(3);
    expect("path.o_service_map_technician").toHaveCount(2);
});

test("one job is one job, not 1 jobs", async () => {
    onRpc("service.order", "get_service_map_data", () => mapData(1));
    await openMap();
    expect(".o_service_map_legend").toHaveText(/1 job today/);
    expect(".o_service_map_legend").not.toHaveText(/1 jobs/);
});

test("an empty day is an empty map, not an error", async () => {
    onRpc("service.order", "get_service_map_data", () => ({
        tile_url: "",
        jobs: [],
        technicians: [],
    }));
    await openMap();
    expect(".o_service_map.leaflet-container").toHaveCount(1);
    expect("path.o_service_map_job").toHaveCount(0);
});
