/** @odoo-module */

import { registry } from "@web/core/registry";

function pick(field, text) {
    return [
        {
            trigger: `.o_field_widget[name=${field}] input`,
            content: `Type ${text} in ${field}`,
            run: `edit ${text}`,
        },
        {
            trigger: `.ui-menu-item > a:contains("${text}")`,
            content: `Pick ${text}`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("service_order_dispatcher_tour", {
    url: "/odoo/action-service_order.service_order_action",
    steps: () => [
        {
            trigger: ".o_kanban_renderer .o_kanban_group",
            content: "The orders kanban, one column per state",
        },
        {
            trigger: ".o-kanban-button-new",
            content: "Take a new service request",
            run: "click",
        },
        ...pick("partner_id", "Tour Bakery"),
        ...pick("order_type_id", "Tour Repair"),
        ...pick("technician_id", "Tina Tour"),
        {
            trigger: ".o_field_widget[name=date_scheduled_start] input",
            content: "Plan it",
            run: "edit 01/13/2027 09:00:00",
        },
        {
            trigger: ".o_field_widget[name=duration] input",
            content: "Leave the date picker",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved button[name=action_schedule]",
            content: "Schedule the saved order",
            run: "click",
        },
        {
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Scheduled")',
            content: "The order is scheduled",
        },
    ],
});
