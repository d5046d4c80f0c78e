/** @odoo-module **/

import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

/** "HH:mm" of a moment. */
export function formatTime(moment) {
    return moment.toFormat("HH:mm");
}

/** "Travel unknown — geocode ..." for a block without a travel estimate. */
export function travelUnknownTitle(block) {
    switch (block.travel_unknown_what) {
        case "home":
            return _t("Travel unknown — geocode the technician's home address");
        case "previous_site":
            return _t("Travel unknown — geocode the site of the previous job");
        default:
            return _t("Travel unknown — geocode the site");
    }
}

/** What the technician's van says about the order's planned parts. */
export function partsTitle(parts) {
    switch (parts) {
        case "ok":
            return _t("The planned parts are in the van");
        case "partial":
            return _t("Some planned parts are missing from the van");
        case "missing":
            return _t("The planned parts are not in the van");
        default:
            return "";
    }
}

export function travelTitle(block) {
    return _t("Travel: ~%(minutes)s min", { minutes: Math.round(block.travel_minutes) });
}

/** The tooltip of a block: what, when, where, role, SLA, travel. */
export function blockTitle(block) {
    const lines = [
        _t("%(order)s - %(customer)s", { order: block.name, customer: block.partner }),
        _t("%(start)s-%(end)s (%(type)s)", {
            start: formatTime(block.startDt),
            end: formatTime(block.endDt),
            type: block.order_type,
        }),
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
    if (block.parts) {
        lines.push(partsTitle(block.parts));
    }
    if (block.travel_unknown) {
        lines.push(travelUnknownTitle(block));
    } else if (block.travel_minutes !== false) {
        lines.push(travelTitle(block));
    }
    return lines.join("\n");
}

/**
 * One booking on a technician's row: the order's block (the lead's, or a
 * crew member's, drawn apart), the travel before it, and the resize grip.
 * Dragged with the board's draggable (see DispatchBoard): the block only
 * carries what the drag needs (`data-tech-id`, `data-block-key`).
 */
export class DispatchBoardBlock extends Component {
    static template = "service_dispatch.DispatchBoardBlock";
    static props = {
        block: Object,
        model: Object,
        dragged: { type: Boolean, optional: true },
        onOpen: Function,
    };

    get block() {
        return this.props.block;
    }

    get isCrew() {
        return this.block.role === "crew";
    }

    get locked() {
        return this.block.state === "in_progress";
    }

    get style() {
        return this.props.model.spanStyle(this.block.startDt, this.block.endDt);
    }

    get travelStyle() {
        const start = this.block.startDt.minus({ minutes: this.block.travel_minutes });
        return this.props.model.spanStyle(start, this.block.startDt);
    }

    /**
     * Width of the label, in % of the block: it may run on over the free
     * time up to the next block of the row (or the end of the row).
     */
    get labelStyle() {
        const model = this.props.model;
        const left = model.toPercent(this.block.startDt);
        const width = Math.max(model.toPercent(this.block.endDt) - left, 0.4);
        const next = this.block.nextStartDt ? model.toPercent(this.block.nextStartDt) : 100;
        const room = Math.max(next - left, width);
        return `width: calc(${(100 * room) / width}% - 4px);`;
    }

    get title() {
        return blockTitle(this.block);
    }

    get travelTitle() {
        return travelTitle(this.block);
    }

    get travelUnknownTitle() {
        return travelUnknownTitle(this.block);
    }

    get partsTitle() {
        return partsTitle(this.block.parts);
    }

    get crewTitle() {
        return _t("Crew member");
    }
}
