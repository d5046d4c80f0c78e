/** @odoo-module **/

import { Component } from "@odoo/owl";
import { DispatchSuggestionsPanel } from "./suggestions_panel";

/** "h:mm" of a duration in hours. */
export function formatDuration(hours) {
    const minutes = Math.round(hours * 60);
    return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * The unassigned orders, most urgent first: each card can be dragged onto a
 * technician's row (see DispatchBoard), or clicked for suggestions.
 */
export class DispatchUnassignedPanel extends Component {
    static template = "service_dispatch.DispatchUnassignedPanel";
    static components = { DispatchSuggestionsPanel };
    static props = {
        model: Object,
        // the drag in progress (null when none)
        drag: { optional: true },
        isClickAfterDrag: Function,
    };

    get model() {
        return this.props.model;
    }

    stars(order) {
        return "★".repeat(parseInt(order.priority) || 0);
    }

    formatDuration(hours) {
        return formatDuration(hours);
    }

    formatDeadline(order) {
        return order.deadlineDt ? order.deadlineDt.toFormat("ccc d LLL HH:mm") : "";
    }

    isDragged(order) {
        const drag = this.props.drag;
        return Boolean(drag?.moved && drag.mode === "assign" && drag.orderId === order.id);
    }

    /** A block is dragged: the panel takes it back (unassign). */
    get dropTarget() {
        return this.props.drag?.mode === "move";
    }

    get dropOver() {
        return Boolean(this.dropTarget && this.props.drag.preview?.unassign);
    }

    onCardClick(order) {
        if (this.props.isClickAfterDrag()) {
            return;
        }
        return this.model.selectOrder(order);
    }
}
