/** @odoo-module **/

import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { DispatchBoardBlock, formatTime } from "./board_block";

/**
 * One technician's row: his name, and on the time axis his days, the time
 * he is not available (off, time off), his bookings and, while something is
 * dragged onto him, where it would land.
 */
export class DispatchTechnicianRow extends Component {
    static template = "service_dispatch.DispatchTechnicianRow";
    static components = { DispatchBoardBlock };
    static props = {
        tech: Object,
        model: Object,
        // the drag in progress (null when none)
        drag: { optional: true },
        onOpenBlock: Function,
    };

    get model() {
        return this.props.model;
    }

    get blocks() {
        return this.model.data.blocksByTech[this.props.tech.id] || [];
    }

    get periods() {
        return this.model.data.unavailableByTech[this.props.tech.id] || [];
    }

    get dayWidth() {
        return 100 / this.model.days.length;
    }

    dayStyle(index) {
        return `left: ${this.dayWidth * index}%; width: ${this.dayWidth}%`;
    }

    periodTitle(period) {
        return period.kind === "leave" ? _t("Time off") : _t("Outside working hours");
    }

    get nowStyle() {
        const percent = this.model.nowPercent;
        return percent === null ? "" : `left: ${percent}%;`;
    }

    isDragged(block) {
        const drag = this.props.drag;
        return Boolean(
            drag?.moved && drag.orderId === block.id && drag.fromTechId === block.technician_id
        );
    }

    /** Where the dragged order would land on this row, if over it. */
    get preview() {
        const preview = this.props.drag?.preview;
        return preview && preview.techId === this.props.tech.id ? preview : null;
    }

    get previewStyle() {
        return this.model.spanStyle(this.preview.start, this.preview.end);
    }

    get previewLabel() {
        return _t("%(order)s %(start)s-%(end)s", {
            order: this.props.drag.name,
            start: formatTime(this.preview.start),
            end: formatTime(this.preview.end),
        });
    }
}
