/** @odoo-module **/

import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { useBoardDraggable } from "./board_draggable";
import { DispatchBoardModel, UNASSIGN } from "./board_model";
import { DispatchBoardToolbar } from "./board_toolbar";
import { DispatchTechnicianRow } from "./technician_row";
import { DispatchUnassignedPanel } from "./unassigned_panel";

const TIMELINE = ".o_dispatch_timeline";

/**
 * The dispatch board (client action `service_dispatch.board`): one row per
 * field technician on a day or week time axis, the unassigned orders in a
 * side panel. The data, the server calls and the live updates are the
 * model's (./board_model.js); this component lays out the toolbar, the rows
 * and the panel, and turns drags (Odoo's draggable) into drops:
 *
 * - an unassigned card onto a row: assign (and schedule) at that time;
 * - a block onto another row or time: move / reschedule (a crew member's
 *   block moves that crew member);
 * - a block's right edge: change the duration;
 * - a block onto the unassigned panel: unassign (a crew member's block:
 *   that crew member only);
 * - anywhere else, or Escape: nothing changes.
 *
 * The preview stays while the server (or the override dialog) decides.
 */
export class DispatchBoard extends Component {
    static template = "service_dispatch.DispatchBoard";
    static components = {
        Layout,
        DispatchBoardToolbar,
        DispatchTechnicianRow,
        DispatchUnassignedPanel,
    };
    static props = { ...standardActionServiceProps };

    setup() {
        this.actionService = useService("action");
        const context = this.props.action.context || {};
        this.model = useState(
            new DispatchBoardModel(
                {
                    orm: useService("orm"),
                    bus_service: useService("bus_service"),
                    dialog: useService("dialog"),
                    notification: useService("notification"),
                },
                { scale: context.dispatch_board_scale, date: context.dispatch_board_date }
            )
        );
        this.state = useState({ drag: null });
        this.contentRef = useRef("content");
        // a drag ends with a click on what was dragged: not an "open"
        this.clickAfterDrag = false;
        onWillStart(() => this.model.load());
        onMounted(() => this.model.start());
        onWillUnmount(() => this.model.destroy());

        const handlers = (mode) => ({
            ref: this.contentRef,
            // one change at a time: the server answers before the next drag
            enable: () => !this.model.busy,
            cursor: "grabbing",
            onDragStart: ({ element, x }) => this.onDragStart(mode, element, x),
            onDrag: ({ x, y }) => this.onDrag(x, y),
            onDrop: ({ x, y }) => this.onDrop(x, y),
            onDragEnd: () => this.onDragEnd(),
        });
        useBoardDraggable({
            ...handlers("move"),
            elements: ".o_dispatch_block:not(.o_dispatch_locked), .o_dispatch_card",
            ignore: "button, .o_dispatch_resize",
        });
        useBoardDraggable({ ...handlers("resize"), elements: ".o_dispatch_resize" });
    }

    // ------------------------------------------------------------------
    // Layout
    // ------------------------------------------------------------------

    get dayWidth() {
        return 100 / this.model.days.length;
    }

    hourStyle(hour) {
        const axis = this.model.axis;
        return `left: ${(100 * (hour - axis.startHour)) / (axis.endHour - axis.startHour)}%`;
    }

    formatHour(hour) {
        const hh = String(hour).padStart(2, "0");
        // a week's day is narrow: the hour alone
        return this.model.scale === "week" ? hh : `${hh}:00`;
    }

    dayLabel(day) {
        return day.toFormat(this.model.scale === "week" ? "ccc d" : "cccc d LLLL");
    }

    get nowStyle() {
        const percent = this.model.nowPercent;
        return percent === null ? "" : `left: ${percent}%;`;
    }

    // ------------------------------------------------------------------
    // Drag and drop
    // ------------------------------------------------------------------

    /** The item under a dragged element: an unassigned order or a block. */
    itemOf(element) {
        const data = this.model.data;
        const orderId = parseInt(element.dataset.orderId);
        if (element.classList.contains("o_dispatch_card")) {
            return ["assign", data.unassigned.find((order) => order.id === orderId)];
        }
        const blockEl = element.closest(".o_dispatch_block");
        const techId = parseInt(blockEl.closest(TIMELINE).dataset.techId);
        const key = blockEl.dataset.blockKey;
        return [null, (data.blocksByTech[techId] || []).find((block) => block.key === key)];
    }

    /** The row at (x, y) of the viewport: `{ techId, rect }`, or null. */
    rowAt(x, y) {
        for (const row of this.contentRef.el.querySelectorAll(TIMELINE)) {
            const rect = row.getBoundingClientRect();
            if (y >= rect.top && y < rect.bottom && x >= rect.left && x <= rect.right) {
                return { techId: parseInt(row.dataset.techId), rect };
            }
        }
        return null;
    }

    onDragStart(mode, element, x) {
        this.clickAfterDrag = true;
        const [itemMode, item] = this.itemOf(element);
        const drag = item && this.model.dragOf(itemMode || mode, item);
        if (!drag) {
            return;
        }
        let grabOffset = 0;
        if (drag.mode === "move") {
            const blockEl = element.closest(".o_dispatch_block");
            const rowRect = blockEl.closest(TIMELINE).getBoundingClientRect();
            grabOffset = (x - blockEl.getBoundingClientRect().left) / rowRect.width;
        }
        this.state.drag = { ...drag, grabOffset, moved: true, preview: null, dropping: false };
    }

    /** Whether (x, y) of the viewport is over the unassigned panel. */
    overPanel(x, y) {
        const panel = this.contentRef.el.querySelector(".o_dispatch_panel");
        const rect = panel?.getBoundingClientRect();
        return Boolean(
            rect && y >= rect.top && y < rect.bottom && x >= rect.left && x <= rect.right
        );
    }

    previewAt(x, y) {
        const drag = this.state.drag;
        if (drag.mode === "move" && this.overPanel(x, y)) {
            return UNASSIGN;
        }
        const row = this.rowAt(x, y);
        if (!row) {
            return drag.mode === "resize" ? drag.preview : null;
        }
        const ratio = (x - row.rect.left) / row.rect.width - drag.grabOffset;
        return this.model.previewFor(drag, row.techId, ratio) || drag.preview;
    }

    onDrag(x, y) {
        if (this.state.drag && !this.state.drag.dropping) {
            this.state.drag.preview = this.previewAt(x, y);
        }
    }

    onDrop(x, y) {
        const drag = this.state.drag;
        if (!drag) {
            return;
        }
        drag.preview = this.previewAt(x, y);
        drag.dropping = true;
        this.model.drop(drag, drag.preview).finally(() => {
            if (this.state.drag === drag) {
                this.state.drag = null;
            }
        });
    }

    onDragEnd() {
        if (this.state.drag && !this.state.drag.dropping) {
            this.state.drag = null;
        }
    }

    onPointerDownCapture() {
        this.clickAfterDrag = false;
    }

    isClickAfterDrag() {
        return this.clickAfterDrag;
    }

    // ------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------

    async openOrder(block) {
        if (this.clickAfterDrag) {
            return;
        }
        await this.actionService.doAction(
            {
                type: "ir.actions.act_window",
                res_model: "service.order",
                res_id: block.id,
                views: [[false, "form"]],
                target: "new",
            },
            { onClose: () => this.model.load() }
        );
    }

    /** The auto-dispatch action (of the optimizer addon) for the board's period. */
    async openAutoDispatch() {
        const request = this.model.autoDispatchRequest();
        if (!request) {
            return;
        }
        await this.actionService.doAction(request.action, {
            additionalContext: request.context,
            onClose: () => this.model.load(),
        });
    }
}

registry.category("actions").add("service_dispatch.board", DispatchBoard);
