/** @odoo-module */

import { formatDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";

const { DateTime } = luxon;

const ROW_FREE = ".o_dispatch_row[data-tech-name='Aaron Tour'] .o_dispatch_timeline";
const ROW_BUSY = ".o_dispatch_row[data-tech-name='Abel Busy'] .o_dispatch_timeline";
const LATE_JOB = `${ROW_FREE} .o_dispatch_block:contains('Late Night Diner')`;
// about a third into the day: inside Abel's 06:00-20:00 booking
const DROP = { position: { left: 300, top: 20 }, relative: true };
// the reference of the 21:00 job, read in the day view (the week view shows
// references only)
let lateRef = "";

/** The element `selector` (one) or a failure of the tour. */
function one(selector) {
    const elements = document.querySelectorAll(selector);
    if (elements.length !== 1) {
        throw new Error(`${elements.length} elements match ${selector}`);
    }
    return elements[0];
}

/** Fails unless `block` is drawn inside its row, wide enough to see. */
function assertDrawnInside(block) {
    const row = block.closest(".o_dispatch_timeline");
    const b = block.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    if (b.width < 4 || b.left < r.left - 1 || b.right > r.right + 1) {
        throw new Error(
            `${block.dataset.orderName} is not on the axis: ` +
                `block ${b.left}-${b.right}, row ${r.left}-${r.right}`
        );
    }
}

registry.category("web_tour.tours").add("service_dispatch_board_tour", {
    url: "/odoo/action-service_dispatch.action_service_dispatch_board",
    steps: () => [
        {
            content: "The unassigned order waits in the side panel",
            trigger: ".o_dispatch_panel .o_dispatch_card:contains('Tour Bakery')",
        },
        {
            content: "The legend explains the colours and the shading",
            trigger: ".o_dispatch_legend:contains('Time off'):contains('SLA breached')",
        },
        {
            content: "The axis reaches 21:00, as a job starts then",
            trigger: ".o_dispatch_header .o_dispatch_hour:contains('21:00')",
        },
        {
            content: "The 21:00 job is drawn inside Aaron's row",
            trigger: LATE_JOB,
            run(helpers) {
                assertDrawnInside(helpers.anchor);
                lateRef = helpers.anchor.dataset.orderName;
            },
        },
        {
            content: "Drag the unassigned order onto Aaron's row",
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
        {
            content: "Switch to the week",
            trigger: ".o_dispatch_scale_week",
            run: "click",
        },
        {
            content: "Week blocks show their reference",
            trigger: `.o_dispatch_board.o_dispatch_week ${ROW_BUSY} .o_dispatch_block .o_dispatch_block_ref`,
            run() {
                const block = one(`${ROW_BUSY} .o_dispatch_block`);
                const ref = block.querySelector(".o_dispatch_block_ref");
                const label = block.querySelector(".o_dispatch_block_body");
                if (ref.textContent.trim() !== block.dataset.orderName) {
                    throw new Error(`the label reads "${ref.textContent}"`);
                }
                if (ref.getBoundingClientRect().width < 10) {
                    throw new Error("the reference is not visible");
                }
                if (label.scrollWidth > label.clientWidth + 1) {
                    throw new Error(`${block.dataset.orderName} is cut off in the week view`);
                }
            },
        },
        {
            content: "The 21:00 job is on the week's axis too",
            trigger: `.o_dispatch_board.o_dispatch_week ${ROW_FREE} .o_dispatch_block`,
            run() {
                assertDrawnInside(one(`${ROW_FREE} .o_dispatch_block[data-order-name='${lateRef}']`));
            },
        },
        {
            content: "Auto-dispatch from the board",
            trigger: ".o_dispatch_auto_dispatch",
            run: "click",
        },
        {
            content: "The auto-dispatch wizard opens for the board's period: from today to Sunday",
            trigger: ".modal .o_form_view .o_field_widget[name='date_to'] input",
            run() {
                const value = (name) =>
                    one(`.modal .o_field_widget[name='${name}'] input`).value;
                const today = DateTime.local().startOf("day");
                const expected = [formatDate(today), formatDate(today.endOf("week"))];
                const shown = [value("date_from"), value("date_to")];
                if (shown.join() !== expected.join()) {
                    throw new Error(`the wizard plans ${shown}, not ${expected}`);
                }
            },
        },
        {
            content: "Close it",
            trigger: ".modal .modal-footer button:contains('Cancel')",
            run: "click",
        },
        {
            content: "Back on the board",
            trigger: ".o_dispatch_board:not(:has(.modal))",
        },
    ],
});
