/** @odoo-module **/

import { registry } from "@web/core/registry";

const SYNCED = ".o_service_mobile .o_mobile_synced";

registry.category("web_tour.tours").add("service_mobile_sale_quote_tour", {
    url: "/odoo/my-day",
    steps: () => [
        {
            trigger: ".o_service_mobile .o_mobile_today .o_mobile_card:has(.o_mobile_customer:contains('Quote Tour Hotel')) .o_mobile_open",
            content: "Open the job",
            run: "click",
        },
        {
            trigger: ".o_mobile_extra_note",
            content: "Describe the extra work",
            run: "edit The second boiler leaks too",
        },
        {
            trigger: ".o_mobile_followup_input",
            content: "First ask for a follow-up order",
            run: "click",
        },
        {
            trigger: ".o_mobile_quote_input",
            content: "then for a quotation instead",
            run: "click",
        },
        {
            trigger: ".o_mobile_followup_input:not(:checked)",
            content: "one or the other",
        },
        {
            trigger: ".o_mobile_report_extra",
            content: "Report it",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('quotation')",
            content: "The office will send a quotation",
        },
        { trigger: SYNCED, content: "The report is on the server" },
    ],
});
