/** @odoo-module */

/* A dispatcher on the phone takes a call from a caller not yet in the
 * database with the keyboard alone (review of issue 11, finding 1): the
 * command palette opens the dialog, the focus starts on the search, Tab walks
 * the fields in the order of the call (who, where, what), Enter in a field
 * submits nothing, and Enter on Save & Plan saves. No step clicks. */

import * as hoot from "@odoo/hoot-dom";
import { registry } from "@web/core/registry";

const DIALOG = ".modal .o_service_intake";

function field(name) {
    return `${DIALOG} .o_field_widget[name=${name}]`;
}

/** The focus is on ``selector`` (an element or one inside it). */
function focusIs(selector, content) {
    return {
        content: content || `The focus is on ${selector}`,
        trigger: DIALOG,
        run() {
            const active = document.activeElement;
            const expected = document.querySelector(selector);
            if (!expected || !(active === expected || expected.contains(active))) {
                const where =
                    active?.closest("[name]")?.getAttribute("name") ||
                    active?.outerHTML?.slice(0, 120);
                throw new Error(`Focus expected on ${selector}, found on ${where}`);
            }
        },
    };
}

function tab(content) {
    return { content: content || "Tab", trigger: DIALOG, run: "press Tab" };
}

/** Types ``text`` key by key into the focused field (no click). */
function type(text) {
    return {
        content: `Type ${text}`,
        trigger: DIALOG,
        async run() {
            await hoot.fill(text);
        },
    };
}

/** Enter in a field: the dialog stays open, no error is shown. */
function enterSubmitsNothing(content) {
    return [
        { content, trigger: DIALOG, run: "press Enter" },
        {
            content: "Still in the dialog, nothing saved, no error",
            trigger: `body:not(:has(.o_error_dialog)) ${DIALOG}`,
        },
    ];
}

registry.category("web_tour.tours").add("service_intake_keyboard_tour", {
    url: "/odoo/action-service_order.service_order_action",
    steps: () => [
        {
            content: "The orders kanban",
            trigger: ".o_kanban_renderer",
            run: "press Control+k",
        },
        {
            content: "The command palette: search the menu",
            trigger: ".o_command_palette input",
            async run() {
                await hoot.fill("/Take a Call");
            },
        },
        {
            content: "Open it with Enter",
            trigger: '.o_command_palette .o_command:contains("Take a Call")',
            run: "press Enter",
        },
        focusIs(`${field("caller_query")} input`, "The focus starts on the search"),
        type("0470 99 88 77"),
        ...enterSubmitsNothing("Enter runs the search"),
        {
            content: "Nobody has this number: the dialog says so",
            trigger: `${DIALOG} .o_service_intake_no_match:contains("No caller found")`,
        },
        tab(),
        focusIs(`${field("partner_id")} input`, "Then the customer (to pick a match)"),
        tab(),
        focusIs(`${field("new_caller_name")} input`, "Then the new caller's name"),
        type("Keyboard Bakery"),
        ...enterSubmitsNothing("Enter in the name saves nothing"),
        tab(),
        focusIs(`${field("new_caller_phone")} input`, "His phone, from the search"),
        {
            content: "The number typed in the search is his phone",
            trigger: `${field("new_caller_phone")} input:value("0470 99 88 77")`,
        },
        tab(),
        focusIs(`${field("new_caller_email")} input`),
        tab(),
        focusIs(`${field("new_caller_is_company")} input`),
        tab(),
        focusIs(`${DIALOG} button[name=action_create_caller]`),
        tab("Past Create Caller: the new site"),
        focusIs(`${field("new_site_street")} input`),
        type("Rue du Clavier 5"),
        tab(),
        focusIs(`${field("new_site_zip")} input`),
        type("9000"),
        tab(),
        focusIs(`${field("new_site_city")} input`),
        type("Ghent"),
        tab(),
        focusIs(`${field("order_type_id")} input`, "Then the request: its type"),
        type("Keyboard Repair"),
        {
            content: "Enter picks the type the list proposes",
            trigger: '.o-autocomplete--dropdown-item:contains("Keyboard Repair")',
            run: "press Enter",
        },
        {
            content: "The type is chosen",
            trigger: `${field("order_type_id")} input:value("Keyboard Repair")`,
        },
        tab(),
        focusIs(`${field("priority")} select`, "The priority"),
        tab(),
        focusIs(`${field("description")} textarea`, "The problem"),
        type("Cold room is warm"),
        tab(),
        focusIs(`.modal button[name=action_save_and_plan]`, "Then Save & Plan"),
        {
            content: "Enter on Save & Plan saves the call",
            trigger: ".modal button[name=action_save_and_plan]",
            run: "press Enter",
        },
        {
            content: "The dialog closed on the saved order",
            trigger: "body:not(:has(.o_service_intake)) .o_action_manager",
        },
    ],
});
