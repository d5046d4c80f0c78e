/** @odoo-module **/

import { Component, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";

/**
 * Asked when the server answers a drop with `{needs_override, reasons}`:
 * lists the reasons and requires a written reason before "Assign anyway",
 * which `confirm(reason)` sends back to the server. Cancel, Escape or the
 * close button assign nothing (the board then snaps back).
 */
export class DispatchOverrideDialog extends Component {
    static template = "service_dispatch.OverrideDialog";
    static components = { Dialog };
    static props = {
        close: Function,
        orderName: String,
        technicianName: { type: String, optional: true },
        reasons: { type: Array, element: String },
        confirm: Function,
    };

    setup() {
        this.state = useState({ reason: "", missing: false, busy: false });
    }

    get title() {
        return _t("Override the planning rules?");
    }

    get intro() {
        if (this.props.technicianName) {
            return _t("%(order)s cannot be assigned to %(technician)s as planned:", {
                order: this.props.orderName,
                technician: this.props.technicianName,
            });
        }
        return _t("%(order)s cannot be assigned as planned:", {
            order: this.props.orderName,
        });
    }

    onInput(ev) {
        this.state.reason = ev.target.value;
        if (this.state.reason.trim()) {
            this.state.missing = false;
        }
    }

    async onConfirm() {
        const reason = this.state.reason.trim();
        if (!reason) {
            this.state.missing = true;
            return;
        }
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            await this.props.confirm(reason);
        } finally {
            this.props.close();
        }
    }

    onCancel() {
        this.props.close();
    }
}
