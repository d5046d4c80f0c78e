/** @odoo-module */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("service_portal_request_tour", {
    url: "/my",
    steps: () => [
        {
            trigger: "a[href='/my/service/orders']",
            content: "Open my service orders from the portal home",
            run: "click",
        },
        {
            trigger: "a.o_service_portal_new",
            content: "Ask for a technician",
            run: "click",
        },
        {
            trigger: "form.o_service_portal_request_form select[name=site_id]",
            content: "Choose the address of the visit",
            run: "selectByLabel Sunny Bakery, Sunny shop",
        },
        {
            trigger: "form.o_service_portal_request_form textarea[name=description]",
            content: "Describe the problem",
            run: "edit Freezer alarm beeps all night",
        },
        {
            trigger: "button.o_service_portal_submit",
            content: "Send the request",
            run: "click",
        },
        {
            trigger: ".alert-success:contains('your request was sent')",
            content: "The request is confirmed",
        },
        {
            trigger: "tr.o_service_portal_row:contains('Sunny shop') .o_service_portal_status:contains('Request received')",
            content: "The new request is listed",
        },
    ],
});
