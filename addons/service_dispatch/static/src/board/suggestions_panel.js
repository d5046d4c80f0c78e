/** @odoo-module **/

import { Component } from "@odoo/owl";
import { deserializeDateTime } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { partsTitle } from "./board_block";

/**
 * The best technicians for the selected unassigned order (the server's
 * `get_dispatch_suggestions`), each with its slot, score and why; "Assign"
 * books that slot through the same path as a drop.
 */
export class DispatchSuggestionsPanel extends Component {
    static template = "service_dispatch.DispatchSuggestionsPanel";
    static props = {
        model: Object,
        order: Object,
    };

    get suggestions() {
        return this.props.model.suggestions;
    }

    slot(suggestion) {
        const start = deserializeDateTime(suggestion.start);
        const end = deserializeDateTime(suggestion.end);
        return _t("%(start)s-%(end)s", {
            start: start.toFormat("ccc d HH:mm"),
            end: end.toFormat("HH:mm"),
        });
    }

    partsLabel(parts) {
        switch (parts) {
            case "ok":
                return _t("Parts in van");
            case "partial":
                return _t("Some parts");
            default:
                return _t("Parts missing");
        }
    }

    partsBadgeClass(parts) {
        return { ok: "text-bg-success", partial: "text-bg-warning" }[parts] || "text-bg-danger";
    }

    partsTitle(parts) {
        return partsTitle(parts);
    }

    assign(suggestion) {
        return this.props.model.assignSuggestion(this.props.order, suggestion);
    }
}
