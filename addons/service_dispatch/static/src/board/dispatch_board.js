/** @odoo-module **/

import { Component, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { deserializeDateTime, serializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { debounce } from "@web/core/utils/timing";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { moveWithOverride } from "./board_move";
import { DispatchOverrideDialog } from "./override_dialog";
import {
    DEFAULT_AXIS,
    axisBounds,
    complementIntervals,
    hourTicks,
    momentAtRatio,
    nowPercent,
    positionPercent,
    tickPercent,
} from "./time_axis";

const { DateTime } = luxon;

export const SNAP_MINUTES = 15;
// the "now" line moves every minute
const NOW_REFRESH_MS = 60 * 1000;
const AUTO_DISPATCH_ACTION = "service_dispatch.service_dispatch_plan_wizard_action";
const DRAG_THRESHOLD_PX = 4;
const MIN_DURATION_MINUTES = 15;
const BOARD_NOTIFICATION = "service_dispatch/board_changed";

/**
 * The dispatch board: one row per field technician on a day or week time
 * axis, the unassigned orders in a side panel. Every gesture (assign, move,
 * resize) calls `service.order.dispatch_board_move`; a refusal shows the
 * server's message and the board keeps (snaps back to) the server's state,
 * as nothing is changed locally before the server agrees. A drop the server
 * would accept only as an override (`{needs_override, reasons}`, nothing
 * written) asks the dispatcher for a reason, then calls it again with
 * `override_reason`.
 *
 * The hours of the time axis are derived from the loaded data (working time
 * of the technicians shown, bookings): see ./time_axis.js.
 */
export class DispatchBoard extends Component {
    static template = "service_dispatch.DispatchBoard";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.actionService = useService("action");
        this.busService = useService("bus_service");
        this.dialog = useService("dialog");
        const context = this.props.action.context || {};
        const anchor = context.dispatch_board_date
            ? DateTime.fromISO(context.dispatch_board_date)
            : DateTime.local();
        this.state = useState({
            scale: context.dispatch_board_scale || "day",
            anchor: anchor.startOf("day"),
            filters: { team_id: false, territory_id: false, skill_id: false },
            data: null,
            drag: null,
            selectedId: false,
            suggestions: null,
            busy: false,
            now: DateTime.local(),
        });
        this.reloadSoon = debounce(() => this.load(), 300);
        this.onBoardChanged = () => this.reloadSoon();
        this.onPointerMove = this.onPointerMove.bind(this);
        this.onPointerUp = this.onPointerUp.bind(this);
        this.busService.subscribe(BOARD_NOTIFICATION, this.onBoardChanged);
        this.busService.start();
        this.nowTimer = setInterval(() => {
            this.state.now = DateTime.local();
        }, NOW_REFRESH_MS);
        onWillStart(() => this.load());
        onWillUnmount(() => {
            clearInterval(this.nowTimer);
            this.busService.unsubscribe(BOARD_NOTIFICATION, this.onBoardChanged);
            this.removeDragListeners();
        });
    }

    // ------------------------------------------------------------------
    // Time axis
    // ------------------------------------------------------------------

    get days() {
        if (this.state.scale === "week") {
            const monday = this.state.anchor.startOf("week");
            return [...Array(7).keys()].map((i) => monday.plus({ days: i }));
        }
        return [this.state.anchor];
    }

    get rangeStart() {
        return this.days[0];
    }

    get rangeEnd() {
        return this.days[this.days.length - 1].plus({ days: 1 });
    }

    get title() {
        const days = this.days;
        if (days.length === 1) {
            return days[0].toFormat("cccc d LLLL yyyy");
        }
        return `${days[0].toFormat("d LLL")} - ${days[days.length - 1].toFormat("d LLL yyyy")}`;
    }

    /** Hours of each day drawn on the axis, derived from the loaded data. */
    get axis() {
        return this.state.data?.axis || DEFAULT_AXIS;
    }

    get hourTicks() {
        return hourTicks(this.axis, this.state.scale);
    }

    hourStyle(hour) {
        return `left: ${tickPercent(hour, this.axis)}%`;
    }

    formatHour(hour) {
        const hh = String(hour).padStart(2, "0");
        // a week's day is narrow: the hour alone
        return this.state.scale === "week" ? hh : `${hh}:00`;
    }

    dayLabel(day) {
        return day.toFormat(this.state.scale === "week" ? "ccc d" : "cccc d LLLL");
    }

    isWeekend(day) {
        return day.weekday > 5;
    }

    /** Position of a moment on the axis, in % of its width. */
    toPercent(moment) {
        return positionPercent(moment, this.days, this.axis);
    }

    /** The moment under a pointer at `clientX` over a row, snapped. */
    momentAt(clientX, rect) {
        return momentAtRatio((clientX - rect.left) / rect.width, this.days, this.axis, SNAP_MINUTES);
    }

    /** The "now" line, when the current time is on the axis. */
    get nowStyle() {
        const percent = nowPercent(this.state.now, this.days, this.axis);
        return percent === null ? "" : `left: ${percent}%;`;
    }

    spanStyle(start, end) {
        const left = this.toPercent(start);
        const right = this.toPercent(end);
        return `left: ${left}%; width: ${Math.max(right - left, 0.4)}%;`;
    }

    // ------------------------------------------------------------------
    // Data
    // ------------------------------------------------------------------

    async load() {
        const data = await this.orm.call("service.order", "get_dispatch_board_data", [
            serializeDateTime(this.rangeStart),
            serializeDateTime(this.rangeEnd),
            this.state.filters,
        ]);
        this.state.data = this.prepareData(data);
        if (
            this.state.selectedId &&
            !this.state.data.unassigned.some((order) => order.id === this.state.selectedId)
        ) {
            this.state.selectedId = false;
            this.state.suggestions = null;
        }
    }

    prepareData(data) {
        const blocksByTech = {};
        // what the axis must show: every booking and everyone's working time
        const shown = [];
        for (const block of data.blocks) {
            block.startDt = deserializeDateTime(block.start);
            block.endDt = deserializeDateTime(block.end);
            (blocksByTech[block.technician_id] ||= []).push(block);
            shown.push({ start: block.startDt, end: block.endDt });
        }
        const unavailable = {};
        const rangeStart = deserializeDateTime(data.start);
        const rangeEnd = deserializeDateTime(data.end);
        for (const tech of data.technicians) {
            const periods = (data.unavailable[String(tech.id)] || []).map(
                ([start, end, kind]) => ({
                    startDt: deserializeDateTime(start),
                    endDt: deserializeDateTime(end),
                    kind,
                })
            );
            unavailable[tech.id] = periods;
            const off = periods.filter((period) => period.kind === "off");
            shown.push(...complementIntervals(off, rangeStart, rangeEnd));
        }
        for (const blocks of Object.values(blocksByTech)) {
            blocks.sort((a, b) => a.startDt - b.startDt);
            blocks.forEach((block, index) => {
                block.nextStartDt = blocks[index + 1]?.startDt || null;
            });
        }
        for (const order of data.unassigned) {
            order.deadlineDt = order.deadline ? deserializeDateTime(order.deadline) : null;
        }
        const axis = axisBounds(this.days, shown);
        return { ...data, blocksByTech, unavailableByTech: unavailable, axis };
    }

    formatTime(moment) {
        return moment.toFormat("HH:mm");
    }

    stars(order) {
        return "★".repeat(parseInt(order.priority) || 0);
    }

    formatDeadline(order) {
        return order.deadlineDt ? order.deadlineDt.toFormat("ccc d LLL HH:mm") : "";
    }

    formatDuration(hours) {
        const minutes = Math.round(hours * 60);
        return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
    }

    /**
     * Width of a block's label, in % of the block: it may run on over the free
     * time up to the next block of the row (or the end of the row).
     */
    labelStyle(block) {
        const left = this.toPercent(block.startDt);
        const width = Math.max(this.toPercent(block.endDt) - left, 0.4);
        const next = block.nextStartDt ? this.toPercent(block.nextStartDt) : 100;
        const room = Math.max(next - left, width);
        return `width: calc(${(100 * room) / width}% - 4px);`;
    }

    travelStyle(block) {
        const start = block.startDt.minus({ minutes: block.travel_minutes });
        return this.spanStyle(start, block.startDt);
    }

    periodTitle(period) {
        return period.kind === "leave" ? _t("Time off") : _t("Outside working hours");
    }

    travelTitle(block) {
        return _t("Travel: ~%(minutes)s min", { minutes: Math.round(block.travel_minutes) });
    }

    /** "travel unknown — geocode ..." for a block without a travel estimate. */
    travelUnknownTitle(block) {
        switch (block.travel_unknown_what) {
            case "home":
                return _t("Travel unknown — geocode the technician's home address");
            case "previous_site":
                return _t("Travel unknown — geocode the site of the previous job");
            default:
                return _t("Travel unknown — geocode the site");
        }
    }

    blockTitle(block) {
        const lines = [
            `${block.name} - ${block.partner}`,
            `${this.formatTime(block.startDt)}-${this.formatTime(block.endDt)} (${block.order_type})`,
        ];
        if (block.site && block.site !== block.partner) {
            lines.push(block.site);
        }
        if (block.role === "crew") {
            lines.push(_t("Crew member"));
        }
        if (block.sla_status === "at_risk") {
            lines.push(_t("SLA at risk"));
        } else if (block.sla_status === "breached") {
            lines.push(_t("SLA breached"));
        }
        if (block.travel_unknown) {
            lines.push(this.travelUnknownTitle(block));
        } else if (block.travel_minutes !== false) {
            lines.push(this.travelTitle(block));
        }
        return lines.join("\n");
    }

    // ------------------------------------------------------------------
    // Toolbar
    // ------------------------------------------------------------------

    async setScale(scale) {
        this.state.scale = scale;
        await this.load();
    }

    async shift(direction) {
        const step = this.state.scale === "week" ? { weeks: 1 } : { days: 1 };
        this.state.anchor =
            direction > 0 ? this.state.anchor.plus(step) : this.state.anchor.minus(step);
        await this.load();
    }

    async goToday() {
        this.state.anchor = DateTime.local().startOf("day");
        await this.load();
    }

    async onDateChange(ev) {
        if (ev.target.value) {
            this.state.anchor = DateTime.fromISO(ev.target.value).startOf("day");
            await this.load();
        }
    }

    async onFilterChange(name, ev) {
        this.state.filters[name] = parseInt(ev.target.value) || false;
        await this.load();
    }

    /**
     * The auto-dispatch wizard for the board's period: from today when the
     * period has started (the past cannot be planned), to its last day.
     */
    async openAutoDispatch() {
        const today = DateTime.local().startOf("day");
        const lastDay = this.rangeEnd.minus({ days: 1 });
        let firstDay = this.rangeStart;
        if (firstDay < today && today <= lastDay) {
            firstDay = today;
        }
        await this.actionService.doAction(AUTO_DISPATCH_ACTION, {
            additionalContext: {
                default_date_from: firstDay.toISODate(),
                default_date_to: lastDay.toISODate(),
            },
            onClose: () => this.load(),
        });
    }

    // ------------------------------------------------------------------
    // Drag and drop (pointer events: mouse, pen and touch alike)
    // ------------------------------------------------------------------

    onBlockPointerDown(ev, block, mode = "move") {
        if (ev.button !== 0 || block.state === "in_progress") {
            return;
        }
        const rect = ev.currentTarget.closest(".o_dispatch_block").getBoundingClientRect();
        this.startDrag(ev, {
            mode,
            orderId: block.id,
            name: block.name,
            fromTechId: block.technician_id,
            start: block.startDt,
            end: block.endDt,
            grabOffsetPx: mode === "move" ? ev.clientX - rect.left : 0,
        });
    }

    onCardPointerDown(ev, order) {
        if (ev.button !== 0 || ev.target.closest("button")) {
            return;
        }
        this.startDrag(ev, {
            mode: "assign",
            orderId: order.id,
            name: order.name,
            fromTechId: false,
            durationMinutes: Math.max(MIN_DURATION_MINUTES, Math.round(order.duration * 60)),
            grabOffsetPx: 0,
            order,
        });
    }

    startDrag(ev, drag) {
        ev.preventDefault();
        ev.stopPropagation();
        this.state.drag = {
            ...drag,
            originX: ev.clientX,
            originY: ev.clientY,
            moved: false,
            preview: null,
        };
        document.addEventListener("pointermove", this.onPointerMove);
        document.addEventListener("pointerup", this.onPointerUp);
    }

    removeDragListeners() {
        document.removeEventListener("pointermove", this.onPointerMove);
        document.removeEventListener("pointerup", this.onPointerUp);
    }

    rowUnder(ev) {
        const hit = document.elementFromPoint(ev.clientX, ev.clientY) || ev.target;
        return (
            (hit && hit.closest && hit.closest(".o_dispatch_timeline")) ||
            (ev.target.closest && ev.target.closest(".o_dispatch_timeline"))
        );
    }

    onPointerMove(ev) {
        const drag = this.state.drag;
        if (!drag) {
            return;
        }
        if (
            !drag.moved &&
            Math.abs(ev.clientX - drag.originX) + Math.abs(ev.clientY - drag.originY) <
                DRAG_THRESHOLD_PX
        ) {
            return;
        }
        drag.moved = true;
        drag.preview = this.previewAt(ev, drag);
    }

    previewAt(ev, drag) {
        const row = this.rowUnder(ev);
        if (!row) {
            return null;
        }
        const techId = parseInt(row.dataset.techId);
        const rect = row.getBoundingClientRect();
        if (drag.mode === "resize") {
            if (techId !== drag.fromTechId) {
                return drag.preview;
            }
            let end = this.momentAt(ev.clientX, rect);
            if (end.diff(drag.start, "minutes").minutes < MIN_DURATION_MINUTES) {
                end = drag.start.plus({ minutes: MIN_DURATION_MINUTES });
            }
            return { techId, start: drag.start, end };
        }
        const start = this.momentAt(ev.clientX - drag.grabOffsetPx, rect);
        const minutes =
            drag.mode === "assign"
                ? drag.durationMinutes
                : drag.end.diff(drag.start, "minutes").minutes;
        return { techId, start, end: start.plus({ minutes }) };
    }

    async onPointerUp(ev) {
        this.removeDragListeners();
        const drag = this.state.drag;
        if (!drag) {
            return;
        }
        if (drag.moved) {
            drag.preview = this.previewAt(ev, drag) || drag.preview;
        }
        if (!drag.moved) {
            this.state.drag = null;
            if (drag.mode === "assign") {
                await this.selectOrder(drag.order);
            } else if (drag.mode === "move") {
                await this.openOrder(drag.orderId);
            }
            return;
        }
        if (!drag.preview) {
            this.state.drag = null;
            return;
        }
        // the preview stays while the server (or the override dialog) decides
        await this.applyChange(drag.orderId, drag.preview, drag.fromTechId, drag.name);
        this.state.drag = null;
    }

    /**
     * The one path of every board change: the server decides. It raises for
     * a refusal (shown, and the board snaps back), returns
     * `{needs_override: true, reasons}` without writing anything when only
     * an explicit override can assign, and anything else on success.
     */
    async applyChange(orderId, preview, fromTechId = false, orderName = "") {
        this.state.busy = true;
        try {
            await moveWithOverride({
                callMove: (overrideReason) =>
                    this.callMove(orderId, preview, fromTechId, overrideReason),
                askOverride: (reasons, confirm) =>
                    this.askOverride(preview, orderName, reasons, confirm),
                onRefusal: (error) => this.notifyRefusal(error),
            });
        } finally {
            this.state.busy = false;
        }
        await this.load();
    }

    callMove(orderId, preview, fromTechId, overrideReason = false) {
        const args = [
            [orderId],
            preview.techId,
            serializeDateTime(preview.start),
            serializeDateTime(preview.end),
            fromTechId || false,
        ];
        // only sent with an override: the plain call keeps the old contract
        const kwargs = overrideReason ? { override_reason: overrideReason } : {};
        return this.orm.call("service.order", "dispatch_board_move", args, kwargs);
    }

    notifyRefusal(error) {
        const message = error.data?.message || error.message || String(error);
        this.notification.add(message, {
            title: _t("Change refused"),
            type: "danger",
        });
    }

    /**
     * The override dialog; resolves when it closes. "Assign anyway" runs
     * `confirm(reason)` (the server call with the dispatcher's reason, which
     * it records on the order); Cancel, Escape or the close button write
     * nothing, and the board reloads (snaps back).
     */
    askOverride(preview, orderName, reasons, confirm) {
        const technician = this.state.data?.technicians.find((t) => t.id === preview.techId);
        return new Promise((resolve) => {
            this.dialog.add(
                DispatchOverrideDialog,
                {
                    orderName: orderName || "",
                    technicianName: technician ? technician.name : "",
                    reasons,
                    confirm,
                },
                { onClose: () => resolve() }
            );
        });
    }

    previewStyle() {
        const preview = this.state.drag?.preview;
        return preview ? this.spanStyle(preview.start, preview.end) : "";
    }

    previewLabel() {
        const preview = this.state.drag.preview;
        return `${this.state.drag.name} ${this.formatTime(preview.start)}-${this.formatTime(preview.end)}`;
    }

    // ------------------------------------------------------------------
    // Orders and suggestions
    // ------------------------------------------------------------------

    async openOrder(orderId) {
        await this.actionService.doAction(
            {
                type: "ir.actions.act_window",
                res_model: "service.order",
                res_id: orderId,
                views: [[false, "form"]],
                target: "new",
            },
            { onClose: () => this.load() }
        );
    }

    async selectOrder(order) {
        if (this.state.selectedId === order.id) {
            this.state.selectedId = false;
            this.state.suggestions = null;
            return;
        }
        this.state.selectedId = order.id;
        this.state.suggestions = null;
        const now = DateTime.local();
        const from = this.rangeStart > now ? this.rangeStart : now;
        const suggestions = await this.orm.call(
            "service.order",
            "get_dispatch_suggestions",
            [[order.id], serializeDateTime(from), serializeDateTime(this.rangeEnd)],
            // the explanation's hours in the zone the board is drawn in
            { limit: 5, context: { tz: DateTime.local().zoneName } }
        );
        if (this.state.selectedId === order.id) {
            this.state.suggestions = suggestions;
        }
    }

    async assignSuggestion(order, suggestion) {
        await this.applyChange(
            order.id,
            {
                techId: suggestion.technician_id,
                start: deserializeDateTime(suggestion.start),
                end: deserializeDateTime(suggestion.end),
            },
            false,
            order.name
        );
    }

    suggestionSlot(suggestion) {
        const start = deserializeDateTime(suggestion.start);
        const end = deserializeDateTime(suggestion.end);
        return `${start.toFormat("ccc d HH:mm")}-${end.toFormat("HH:mm")}`;
    }
}

registry.category("actions").add("service_dispatch.board", DispatchBoard);
