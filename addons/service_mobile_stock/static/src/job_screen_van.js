/** @odoo-module **/

import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { JobScreen } from "@service_mobile/my_day/job_screen";

/** The van's contents (My Day's `extras.van`) on the job screen: a part from
 * the van in one tap, a tracked one with the lot or serial picked from the van. */
patch(JobScreen.prototype, {
    setup() {
        super.setup(...arguments);
        this.state.vanLots = {};
    },

    get vanItems() {
        return this.props.extras?.van || [];
    },

    /** What is left in the van of `item` once this job's own parts are
     * taken out (pending taps too): the van's stock moves when the job is
     * completed, and the server refuses a tap beyond that. */
    vanLeft(item) {
        const used = this.job.parts
            .filter((part) => part.product_id === item.product_id && part.mine !== false)
            .reduce((total, part) => total + (part.qty || 0), 0);
        return Math.max(0, item.qty - used);
    },

    /** The serials of a product already on this job (they can't be used twice). */
    usedSerials(item) {
        return new Set(
            this.job.parts
                .filter((part) => part.product_id === item.product_id && part.lot_id && part.qty > 0)
                .map((part) => part.lot_id)
        );
    },

    vanLotChoices(item) {
        if (item.tracking !== "serial") {
            return item.lots;
        }
        const used = this.usedSerials(item);
        return item.lots.filter((lot) => !used.has(lot.id));
    },

    onVanLot(item, ev) {
        this.state.vanLots[item.product_id] = parseInt(ev.target.value) || false;
    },

    useFromVan(item) {
        const payload = { product_id: item.product_id, qty: 1 };
        const local = { product_name: item.product_name };
        if (item.tracking !== "none") {
            const lotId = this.state.vanLots[item.product_id];
            const lot = this.vanLotChoices(item).find((choice) => choice.id === lotId);
            if (!lot) {
                this.notification.add(_t("Pick the lot or serial number first."), {
                    type: "warning",
                });
                return;
            }
            payload.lot_id = lot.id;
            local.lot_name = lot.name;
        }
        if (this.props.tap("part", payload, local)) {
            this.state.vanLots[item.product_id] = false;
        }
    },
});
