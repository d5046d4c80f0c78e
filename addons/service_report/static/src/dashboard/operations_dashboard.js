/** @odoo-module **/

import { Component, onMounted, onWillStart, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { debounce } from "@web/core/utils/timing";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

export const DASHBOARD_NOTIFICATION = "service_report/dashboard_changed";
// bus notifications come in bursts (a wizard plans many orders): one reload
export const RELOAD_DELAY_MS = 500;

/**
 * The live operations dashboard (client action
 * `service_report.operations_dashboard`): open orders by state, the
 * unassigned, at-risk and breached tiles, overdue PMs when installed, and
 * today's progress per technician. One server call
 * (`service.order.get_operations_dashboard_data`) draws it all; every tile
 * opens the matching list (the server gives its domain). Order changes
 * arrive on the bus and reload the data, debounced.
 */
export class OperationsDashboard extends Component {
    static template = "service_report.OperationsDashboard";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.bus = useService("bus_service");
        this.state = useState({ data: null, loading: true });
        this.reloadSoon = debounce(() => this.load(), RELOAD_DELAY_MS);
        this.onChanged = () => this.reloadSoon();
        onWillStart(() => this.load());
        onMounted(() => {
            this.bus.subscribe(DASHBOARD_NOTIFICATION, this.onChanged);
            this.bus.start();
        });
        onWillUnmount(() => {
            this.reloadSoon.cancel();
            this.bus.unsubscribe(DASHBOARD_NOTIFICATION, this.onChanged);
        });
    }

    async load() {
        this.state.loading = true;
        try {
            this.state.data = await this.orm.call(
                "service.order",
                "get_operations_dashboard_data",
                []
            );
        } finally {
            this.state.loading = false;
        }
    }

    progressPercent(row) {
        return row.planned ? Math.round((100 * row.done) / row.planned) : 0;
    }

    openOrders(name, domain) {
        return this.actionService.doAction({
            type: "ir.actions.act_window",
            name,
            res_model: "service.order",
            domain,
            views: [
                [false, "list"],
                [false, "kanban"],
                [false, "form"],
            ],
            target: "current",
        });
    }

    openTile(tile) {
        return this.openOrders(tile.label, tile.domain);
    }

    openTechnician(row) {
        return this.openOrders(_t("Today: %(name)s", { name: row.name }), row.domain);
    }
}

registry.category("actions").add("service_report.operations_dashboard", OperationsDashboard);
