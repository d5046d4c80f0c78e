/** @odoo-module */

import { registry } from "@web/core/registry";

const DIALOG = ".modal .o_service_intake";
const PHONE = "0470 98 76 54";

/** Fails unless the focused element is the input of `field` in the dialog. */
function assertFocusIn(field) {
    const active = document.activeElement;
    if (!active || !active.closest(`${DIALOG} .o_field_widget[name=${field}]`)) {
        throw new Error(`the focus is on ${active?.outerHTML.slice(0, 120)}, not ${field}`);
    }
}

/**
 * The office takes a call from a new customer: the number finds nobody, the
 * caller is created in place, the type gives the SLA, Save & Plan opens the
 * suggestions and one of them schedules the order.
 */
registry.category("web_tour.tours").add("service_intake_phone_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Field Service",
            trigger: ".o_app[data-menu-xmlid='service_order.menu_service_root']",
            run: "click",
        },
        {
            content: "Orders",
            trigger: ".o_menu_sections [data-menu-xmlid='service_order.menu_service_orders']",
            run: "click",
        },
        {
            content: "Take a Call",
            trigger: ".dropdown-item[data-menu-xmlid='service_order.menu_service_intake']",
            run: "click",
        },
        {
            content: "The dialog opens with the focus in the search box",
            trigger: `${DIALOG} .o_field_widget[name=caller_query] input`,
            run() {
                assertFocusIn("caller_query");
            },
        },
        {
            content: "Type the caller's number",
            trigger: `${DIALOG} .o_field_widget[name=caller_query] input`,
            run: `edit ${PHONE}`,
        },
        {
            content: "Tab to the next field: the number is searched",
            trigger: `${DIALOG} .o_field_widget[name=caller_query] input`,
            run: "press Tab",
        },
        {
            content: "Nobody has it: the number is ready for a new caller",
            trigger: `${DIALOG} .o_field_widget[name=new_caller_phone] input:value(${PHONE})`,
        },
        {
            content: "The new caller's name",
            trigger: `${DIALOG} .o_field_widget[name=new_caller_name] input`,
            run: "edit Tour Ice Cream",
        },
        {
            content: "Tab on",
            trigger: `${DIALOG} .o_field_widget[name=new_caller_name] input`,
            run: "press Tab",
        },
        {
            content: "Create the caller (Alt+G)",
            trigger: `${DIALOG} button[name=action_create_caller][data-hotkey=g]`,
            run: "click",
        },
        {
            content: "The caller is chosen",
            trigger: `${DIALOG} .o_field_widget[name=partner_id] input:value(Tour Ice Cream)`,
        },
        {
            content: "Type the order type",
            trigger: `${DIALOG} .o_field_widget[name=order_type_id] input`,
            run: "edit Tour Intake Repair",
        },
        {
            content: "Pick it",
            trigger: '.ui-menu-item > a:contains("Tour Intake Repair")',
            run: "click",
        },
        {
            content: "The SLA the order will get is shown before saving",
            trigger: `${DIALOG} .o_field_widget[name=resolution_deadline] span:not(:empty)`,
        },
        {
            content: "Describe the problem",
            trigger: `${DIALOG} .o_field_widget[name=description] textarea`,
            run: "edit The freezer is warm",
        },
        {
            content: "Tab on",
            trigger: `${DIALOG} .o_field_widget[name=description] textarea`,
            run: "press Tab",
        },
        {
            content: "Save & Plan (Alt+Q)",
            trigger: `.modal button[name=action_save_and_plan][data-hotkey=q]`,
            run: "click",
        },
        {
            content: "The suggestions for the new order: assign Ivy",
            trigger:
                ".modal .o_field_widget[name=eligible_line_ids] " +
                ".o_data_row:contains('Ivy Intake') button[name=action_assign]",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
