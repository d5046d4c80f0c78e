/** @odoo-module */

import { registry } from "@web/core/registry";

// a dispatcher who also sells turns an opportunity into a service order,
// then looks at the customer's service tab
registry.category("web_tour.tours").add("service_crm_lead_to_order_tour", {
    steps: () => [
        {
            trigger: ".o_breadcrumb:contains('Tour oven')",
            content: "The opportunity",
        },
        {
            trigger: ".o_statusbar_buttons button[name=action_create_service_order]",
            content: "Create the service order",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            content: "Confirm",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Tour oven'):contains('SO/')",
            content: "The order opens, on top of the opportunity",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=contact_email] input",
            content: "with the contact's e-mail",
        },
        {
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Tour oven')",
            content: "Back to the opportunity",
            run: "click",
        },
        {
            trigger: ".o_last_breadcrumb_item:contains('Tour oven')",
            content: "The opportunity again",
        },
        {
            trigger: ".o_form_view .o_form_saved",
            content: "nothing left to save",
        },
    ],
});

registry.category("web_tour.tours").add("service_crm_customer_view_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o-form-buttonbox",
            content: "The smart buttons (more of them behind More when other apps add theirs)",
            run() {
                const button = ".oe_stat_button[name=action_view_service_open_orders]";
                const more = document.querySelector(".o_form_view .o-form-buttonbox .o_button_more");
                if (!document.querySelector(button) && more) {
                    more.click();
                }
            },
        },
        {
            trigger: ".oe_stat_button[name=action_view_service_open_orders]",
            content: "The customer's open orders",
        },
        {
            trigger: ".o_form_view .o_notebook",
            content: "Back to the form (the More menu closes)",
            run() {
                const more = document.querySelector(".o_dropdown_more");
                if (more) {
                    document.querySelector(".o_form_view .o_button_more").click();
                }
            },
        },
        {
            trigger: ".o_notebook .nav-link:contains('Service')",
            content: "The service tab",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=service_open_order_ids] .o_data_row",
            content: "lists the open orders",
        },
    ],
});
