/** @odoo-module **/

import { markRaw } from "@odoo/owl";
import { deserializeDateTime, serializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { Reactive } from "@web/core/utils/reactive";
import { debounce } from "@web/core/utils/timing";
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
} from "./time_axis";

const { DateTime } = luxon;

export const SNAP_MINUTES = 15;
export const MIN_DURATION_MINUTES = 15;
export const BOARD_NOTIFICATION = "service_dispatch/board_changed";
export const SUGGESTION_LIMIT = 5;
/** Where a block dropped onto the unassigned panel lands (see `drop`). */
export const UNASSIGN = Object.freeze({ unassign: true });
// bus notifications come in bursts (a wizard plans many orders): one reload
const RELOAD_DELAY_MS = 300;
// the "now" line moves every minute
const NOW_REFRESH_MS = 60 * 1000;

/**
 * The dispatch board's model: the period and filters shown, the data of
 * `service.order.get_dispatch_board_data`, the selected order and its
 * suggestions, and every call to the server. Components read it and call
 * its methods; none of them calls the server.
 *
 * Every board change goes through `applyChange` (the server decides): a
 * refusal is shown and the board reloads (snaps back), as nothing is changed
 * locally before the server agrees; a drop the server accepts only as an
 * override (`{needs_override, reasons}`, nothing written) asks the dispatcher
 * for a reason, then calls again with `override_reason`.
 *
 * Live updates: other users' changes arrive on the bus
 * (`service_dispatch/board_changed`) and reload the board.
 */
export class DispatchBoardModel extends Reactive {
    /**
     * @param {Object} services `orm`, `bus_service`, `dialog`, `notification`
     * @param {Object} [params]
     * @param {"day"|"week"} [params.scale]
     * @param {string} [params.date] ISO date of the first day shown
     */
    constructor(services, { scale = "day", date = false } = {}) {
        super();
        this.services = markRaw({ ...services });
        this.scale = scale === "week" ? "week" : "day";
        this.anchor = (date ? DateTime.fromISO(date) : DateTime.local()).startOf("day");
        this.filters = { team_id: false, territory_id: false, skill_id: false };
        this.data = null;
        this.selectedId = false;
        this.suggestions = null;
        this.busy = false;
        this.now = DateTime.local();
        this.reloadSoon = debounce(() => this.load(), RELOAD_DELAY_MS);
        this.onBoardChanged = () => this.reloadSoon();
        this.nowTimer = null;
    }

    /** Live updates and the moving "now" line (until `destroy`). */
    start() {
        const bus = this.services.bus_service;
        if (bus) {
            bus.subscribe(BOARD_NOTIFICATION, this.onBoardChanged);
            bus.start();
        }
        this.nowTimer = setInterval(() => {
            this.now = DateTime.local();
        }, NOW_REFRESH_MS);
    }

    destroy() {
        clearInterval(this.nowTimer);
        this.reloadSoon.cancel();
        this.services.bus_service?.unsubscribe(BOARD_NOTIFICATION, this.onBoardChanged);
    }

    // ------------------------------------------------------------------
    // Period and time axis
    // ------------------------------------------------------------------

    get days() {
        if (this.scale === "week") {
            const monday = this.anchor.startOf("week");
            return [...Array(7).keys()].map((i) => monday.plus({ days: i }));
        }
        return [this.anchor];
    }

    get rangeStart() {
        return this.days[0];
    }

    get rangeEnd() {
        const days = this.days;
        return days[days.length - 1].plus({ days: 1 });
    }

    get title() {
        const days = this.days;
        if (days.length === 1) {
            return days[0].toFormat("cccc d LLLL yyyy");
        }
        return _t("%(first)s - %(last)s", {
            first: days[0].toFormat("d LLL"),
            last: days[days.length - 1].toFormat("d LLL yyyy"),
        });
    }

    /** Hours of each day drawn on the axis, derived from the loaded data. */
    get axis() {
        return this.data?.axis || DEFAULT_AXIS;
    }

    get hourTicks() {
        return hourTicks(this.axis, this.scale);
    }

    /** Position of a moment on the axis, in % of its width. */
    toPercent(moment) {
        return positionPercent(moment, this.days, this.axis);
    }

    /** The moment at `ratio` (0..1) of a row's width, snapped. */
    momentAt(ratio) {
        return momentAtRatio(ratio, this.days, this.axis, SNAP_MINUTES);
    }

    /** The CSS of a span [start, end) of a row: left and width in %. */
    spanStyle(start, end) {
        const left = this.toPercent(start);
        const right = this.toPercent(end);
        return `left: ${left}%; width: ${Math.max(right - left, 0.4)}%;`;
    }

    /** Where the "now" line goes (%), or null when now is not on the axis. */
    get nowPercent() {
        return nowPercent(this.now, this.days, this.axis);
    }

    // ------------------------------------------------------------------
    // Data
    // ------------------------------------------------------------------

    /** The button "Auto-dispatch" opens this action (set by the optimizer). */
    get autoDispatchAction() {
        return this.data?.auto_dispatch_action || false;
    }

    technician(techId) {
        return this.data?.technicians.find((tech) => tech.id === techId) || null;
    }

    async load() {
        const { orm } = this.services;
        const data = await orm.call("service.order", "get_dispatch_board_data", [
            serializeDateTime(this.rangeStart),
            serializeDateTime(this.rangeEnd),
            { ...this.filters },
        ]);
        this.data = prepareBoardData(data, this.days);
        if (
            this.selectedId &&
            !this.data.unassigned.some((order) => order.id === this.selectedId)
        ) {
            this.selectedId = false;
            this.suggestions = null;
        }
    }

    async setScale(scale) {
        this.scale = scale === "week" ? "week" : "day";
        await this.load();
    }

    async shift(direction) {
        const step = this.scale === "week" ? { weeks: 1 } : { days: 1 };
        this.anchor = direction > 0 ? this.anchor.plus(step) : this.anchor.minus(step);
        await this.load();
    }

    async goToday() {
        this.anchor = DateTime.local().startOf("day");
        await this.load();
    }

    async setDate(isoDate) {
        const date = DateTime.fromISO(isoDate || "");
        if (date.isValid) {
            this.anchor = date.startOf("day");
            await this.load();
        }
    }

    async setFilter(name, value) {
        if (!(name in this.filters)) {
            return;
        }
        this.filters[name] = parseInt(value) || false;
        await this.load();
    }

    /**
     * The auto-dispatch action and its context for the board's period: from
     * today when the period has started (the past cannot be planned), to its
     * last day. Null when no addon offers auto-dispatch.
     */
    autoDispatchRequest() {
        const action = this.autoDispatchAction;
        if (!action) {
            return null;
        }
        const today = DateTime.local().startOf("day");
        const lastDay = this.rangeEnd.minus({ days: 1 });
        let firstDay = this.rangeStart;
        if (firstDay < today && today <= lastDay) {
            firstDay = today;
        }
        return {
            action,
            context: {
                default_date_from: firstDay.toISODate(),
                default_date_to: lastDay.toISODate(),
            },
        };
    }

    // ------------------------------------------------------------------
    // Drops
    // ------------------------------------------------------------------

    /**
     * What a drag carries, from the block (`mode` "move" or "resize") or the
     * unassigned card ("assign") it starts on; null when it cannot be dragged.
     */
    dragOf(mode, item) {
        if (mode === "assign") {
            return {
                mode,
                orderId: item.id,
                name: item.name,
                fromTechId: false,
                durationMinutes: Math.max(MIN_DURATION_MINUTES, Math.round(item.duration * 60)),
            };
        }
        if (item.state === "in_progress") {
            return null;
        }
        return {
            mode: mode === "resize" ? "resize" : "move",
            orderId: item.id,
            name: item.name,
            fromTechId: item.technician_id,
            role: item.role || "lead",
            start: item.startDt,
            end: item.endDt,
        };
    }

    /**
     * Where `drag` lands on the row of `techId` at `ratio` (0..1) of its
     * width (for a move: where the block's left edge is), as
     * `{ techId, start, end }`; null when it lands nowhere (a resize only
     * stretches its own row).
     */
    previewFor(drag, techId, ratio) {
        if (!drag || !techId) {
            return null;
        }
        if (drag.mode === "resize") {
            if (techId !== drag.fromTechId) {
                return null;
            }
            let end = this.momentAt(ratio);
            if (end.diff(drag.start, "minutes").minutes < MIN_DURATION_MINUTES) {
                end = drag.start.plus({ minutes: MIN_DURATION_MINUTES });
            }
            return { techId, start: drag.start, end };
        }
        const start = this.momentAt(ratio);
        const minutes =
            drag.mode === "assign"
                ? drag.durationMinutes
                : drag.end.diff(drag.start, "minutes").minutes;
        return { techId, start, end: start.plus({ minutes }) };
    }

    /**
     * The outcome of a drop of `drag` at `preview` (see `previewFor`):
     * nothing is sent when it lands nowhere or where the block already is;
     * else the server decides (see `applyChange`).
     *
     * `preview` may also be `UNASSIGN` (a block dropped onto the unassigned
     * panel): see `unassign`.
     *
     * @returns {Promise<"ignored"|"unchanged"|"done"|"refused"|"overridden"|"cancelled"|"unassigned">}
     */
    async drop(drag, preview) {
        if (!drag || !preview) {
            return "ignored";
        }
        if (preview.unassign) {
            return drag.mode === "move" ? this.unassign(drag) : "ignored";
        }
        if (
            drag.mode !== "assign" &&
            preview.techId === drag.fromTechId &&
            +preview.start === +drag.start &&
            +preview.end === +drag.end
        ) {
            return "unchanged";
        }
        return this.applyChange(drag.orderId, preview, drag.fromTechId, drag.name);
    }

    /** The arguments of `dispatch_board_move` for a change. */
    moveArguments(orderId, preview, fromTechId = false, overrideReason = false) {
        const args = [
            [orderId],
            preview.techId,
            serializeDateTime(preview.start),
            serializeDateTime(preview.end),
            fromTechId || false,
        ];
        // only sent with an override: the plain call keeps the old contract
        const kwargs = overrideReason ? { override_reason: overrideReason } : {};
        return { args, kwargs };
    }

    /**
     * The one path of every board change: the server decides. It raises for
     * a refusal (shown, and the board snaps back), returns
     * `{needs_override: true, reasons}` without writing anything when only
     * an explicit override can assign, and anything else on success. The
     * board reloads in every case.
     */
    async applyChange(orderId, preview, fromTechId = false, orderName = "") {
        const { orm } = this.services;
        this.busy = true;
        let outcome;
        try {
            outcome = await moveWithOverride({
                callMove: (overrideReason) => {
                    const { args, kwargs } = this.moveArguments(
                        orderId,
                        preview,
                        fromTechId,
                        overrideReason
                    );
                    return orm.call("service.order", "dispatch_board_move", args, kwargs);
                },
                askOverride: (reasons, confirm) =>
                    this.askOverride(preview, orderName, reasons, confirm),
                onRefusal: (error) => this.notifyRefusal(error),
            });
        } finally {
            this.busy = false;
        }
        await this.load();
        return outcome;
    }

    /**
     * What a block dropped onto the unassigned panel takes off its order: a
     * crew member's block, that crew member; the lead's, everyone (the order
     * is new and unassigned again, back in the panel).
     */
    unassignValues(drag) {
        if (drag.role === "crew") {
            return { crew_ids: [[3, drag.fromTechId, 0]] };
        }
        return { state: "new", technician_id: false, crew_ids: [[5, 0, 0]] };
    }

    /**
     * Unassigns in one write: the order's `write` runs the "reset to new"
     * action for the state (with its checks) in the same transaction, so a
     * refusal leaves the order as it was. The board reloads in every case.
     */
    async unassign(drag) {
        const { orm } = this.services;
        this.busy = true;
        let outcome = "unassigned";
        try {
            await orm.write("service.order", [drag.orderId], this.unassignValues(drag));
        } catch (error) {
            this.notifyRefusal(error);
            outcome = "refused";
        } finally {
            this.busy = false;
        }
        await this.load();
        return outcome;
    }

    notifyRefusal(error) {
        const message = error?.data?.message || error?.message || String(error);
        this.services.notification.add(message, {
            title: _t("Change refused"),
            type: "danger",
        });
    }

    /**
     * The override dialog; resolves when it closes. "Assign anyway" runs
     * `confirm(reason)`; Cancel, Escape or the close button write nothing.
     */
    askOverride(preview, orderName, reasons, confirm) {
        const technician = this.technician(preview.techId);
        return new Promise((resolve) => {
            this.services.dialog.add(
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

    // ------------------------------------------------------------------
    // Suggestions
    // ------------------------------------------------------------------

    get selectedOrder() {
        return this.data?.unassigned.find((order) => order.id === this.selectedId) || null;
    }

    /** Selects an unassigned order and asks for its best technicians (or unselects it). */
    async selectOrder(order) {
        if (this.selectedId === order.id) {
            this.selectedId = false;
            this.suggestions = null;
            return;
        }
        this.selectedId = order.id;
        this.suggestions = null;
        const now = DateTime.local();
        const from = this.rangeStart > now ? this.rangeStart : now;
        const suggestions = await this.services.orm.call(
            "service.order",
            "get_dispatch_suggestions",
            [[order.id], serializeDateTime(from), serializeDateTime(this.rangeEnd)],
            // the explanation's hours in the zone the board is drawn in
            { limit: SUGGESTION_LIMIT, context: { tz: DateTime.local().zoneName } }
        );
        if (this.selectedId === order.id) {
            this.suggestions = suggestions;
        }
    }

    async assignSuggestion(order, suggestion) {
        return this.applyChange(
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
}

/**
 * The server's board data, ready to draw on the axis of `days`: the blocks
 * by technician (one per booking, sorted, each knowing where the next one
 * starts), the unavailable periods by technician, and the axis hours (every
 * booking and everyone's working time on it).
 */
export function prepareBoardData(data, days) {
    const blocksByTech = {};
    const shown = [];
    for (const block of data.blocks) {
        block.startDt = deserializeDateTime(block.start);
        block.endDt = deserializeDateTime(block.end);
        block.role ||= "lead";
        block.key = block.assignment_id
            ? `a${block.assignment_id}`
            : `${block.id}-${block.role}-${block.technician_id}`;
        (blocksByTech[block.technician_id] ||= []).push(block);
        shown.push({ start: block.startDt, end: block.endDt });
    }
    const unavailableByTech = {};
    const rangeStart = deserializeDateTime(data.start);
    const rangeEnd = deserializeDateTime(data.end);
    for (const tech of data.technicians) {
        const periods = (data.unavailable[String(tech.id)] || []).map(([start, end, kind]) => ({
            startDt: deserializeDateTime(start),
            endDt: deserializeDateTime(end),
            kind,
        }));
        unavailableByTech[tech.id] = periods;
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
    const axis = axisBounds(days, shown);
    return { ...data, blocksByTech, unavailableByTech, axis };
}
