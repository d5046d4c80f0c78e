/** @odoo-module **/

import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { JobScreen } from "@service_mobile/my_day/job_screen";

/** "Ask for a quotation" beside "Ask the office for a follow-up order": one
 * or the other (the quotation makes the follow-up once the customer accepts). */
patch(JobScreen.prototype, {
    setup() {
        super.setup(...arguments);
        this.state.quote = false;
    },

    onQuote(ev) {
        this.state.quote = ev.target.checked;
        if (this.state.quote) {
            this.state.followup = false;
        }
    },

    onFollowup(ev) {
        this.state.followup = ev.target.checked;
        if (this.state.followup) {
            this.state.quote = false;
        }
    },

    extraWorkPayload(note) {
        return { ...super.extraWorkPayload(note), quote: this.state.quote };
    },

    resetExtraWork() {
        super.resetExtraWork();
        this.state.quote = false;
    },

    extraWorkMessage(payload) {
        return payload.quote
            ? _t("Extra work reported: the office will send the customer a quotation.")
            : super.extraWorkMessage(payload);
    },
});
