/** @odoo-module */

import { registry } from "@web/core/registry";

const ROW_FREE = ".o_dispatch_row[data-tech-name='Aaron Tour'] .o_dispatch_timeline";
const ROW_BUSY = ".o_dispatch_row[data-tech-name='Abel Busy'] .o_dispatch_timeline";
// about a third into the day: any time of the axis will do
const DROP = { position: { left: 300, top: 20 }, relative: true };

registry.category("web_tour.tours").add("service_dispatch_board_tour", {
    url: "/odoo/action-service_dispatch.action_service_dispatch_board",
    steps: () => [
        {
            content: "The unassigned order waits in the side panel",
            trigger: ".o_dispatch_panel .o_dispatch_card:contains('Tour Bakery')",
        },
        {
            content: "Drag it onto Aaron's row",
            trigger: ".o_dispatch_panel .o_dispatch_card:contains('Tour Bakery')",
            async run(helpers) {
                await helpers.drag_and_drop(ROW_FREE, DROP);
            },
        },
        {
            content: "It is scheduled on Aaron's row and left the panel",
            trigger: `${ROW_FREE} .o_dispatch_block.o_dispatch_state_scheduled:contains('Tour Bakery')`,
        },
        {
            trigger: ".o_dispatch_panel:not(:has(.o_dispatch_card:contains('Tour Bakery')))",
        },
        {
            content: "Move it onto Abel, who is booked all day",
            trigger: `${ROW_FREE} .o_dispatch_block:contains('Tour Bakery')`,
            async run(helpers) {
                await helpers.drag_and_drop(ROW_BUSY, DROP);
            },
        },
        {
            content: "The server refuses: the error is shown",
            trigger: ".o_notification:contains('already booked')",
        },
        {
            content: "and the order snapped back to Aaron",
            trigger: `${ROW_FREE} .o_dispatch_block:contains('Tour Bakery')`,
        },
    ],
});
