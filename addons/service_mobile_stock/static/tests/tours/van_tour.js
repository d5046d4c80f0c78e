/** @odoo-module **/

import { registry } from "@web/core/registry";

const SYNCED = ".o_service_mobile .o_mobile_synced";

registry.category("web_tour.tours").add("service_mobile_stock_van_tour", {
    url: "/odoo/my-day",
    steps: () => [
        {
            trigger: ".o_service_mobile .o_mobile_today .o_mobile_card:has(.o_mobile_customer:contains('Van Tour Plant')) .o_mobile_open",
            content: "Open the job",
            run: "click",
        },
        {
            trigger: ".o_mobile_van_item:contains('Van Tour Filter') .o_mobile_van_left:contains('4 left')",
            content: "The van holds four filters",
        },
        {
            trigger: ".o_mobile_van_item:contains('Van Tour Filter') .o_mobile_van_use",
            content: "Use a filter from the van",
            run: "click",
        },
        {
            trigger: ".o_mobile_part:contains('Van Tour Filter') .o_mobile_part_qty:contains('1')",
            content: "One filter is listed",
        },
        {
            trigger: ".o_mobile_van_item:contains('Van Tour Filter') .o_mobile_van_left:contains('3 left')",
            content: "and the van shows one filter less, before any reload",
        },
        {
            trigger: ".o_mobile_van_item:contains('Van Tour Pump') .o_mobile_van_use",
            content: "A pump without its serial number",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('Pick the lot or serial number first')",
            content: "is asked for its serial number",
        },
        {
            trigger: ".o_mobile_van_item:contains('Van Tour Pump') .o_mobile_van_lot",
            content: "Pick the serial number",
            run: "selectByIndex 1",
        },
        {
            trigger: ".o_mobile_van_item:contains('Van Tour Pump') .o_mobile_van_use",
            content: "Use the pump",
            run: "click",
        },
        {
            trigger: ".o_mobile_part:contains('Van Tour Pump') .o_mobile_part_lot:contains('VT-1')",
            content: "The pump is listed with its serial number",
        },
        {
            trigger: ".o_mobile_van_item:contains('Van Tour Pump') .o_mobile_van_lot:not(:has(option:contains('VT-1')))",
            content: "A serial used once is no longer offered",
        },
        { trigger: SYNCED, content: "The parts are on the server" },
        {
            trigger: ".o_mobile_van_item:contains('Van Tour Filter') .o_mobile_van_left:contains('3 left')",
            content: "The server's answer keeps the count (the line is his)",
        },
    ],
});
