/** @odoo-module **/

import { Component } from "@odoo/owl";

/**
 * The board's toolbar: the period (previous, today, next, a date, day or
 * week), the filters, and "Auto-dispatch" when an addon offers it (the board
 * data carries `auto_dispatch_action`).
 */
export class DispatchBoardToolbar extends Component {
    static template = "service_dispatch.DispatchBoardToolbar";
    static props = {
        model: Object,
        onAutoDispatch: Function,
    };

    get model() {
        return this.props.model;
    }

    onDateChange(ev) {
        return this.model.setDate(ev.target.value);
    }

    onFilterChange(name, ev) {
        return this.model.setFilter(name, ev.target.value);
    }
}
