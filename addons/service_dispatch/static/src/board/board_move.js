/** @odoo-module **/

/**
 * The client side of the contract of `service.order.dispatch_board_move`
 * (technician_id, start, end, from_technician_id=False, override_reason=False),
 * kept free of components so that it is unit-tested on its own:
 *
 * - it raises (UserError, ValidationError, AccessError) for a hard refusal:
 *   the board shows the message and snaps back;
 * - it returns `{needs_override: true, reasons: [...]}` WITHOUT writing
 *   anything when the drop breaks a rule a dispatcher may override (a
 *   missing skill, time off, outside working hours): the board asks for a
 *   reason; "Assign anyway" calls again with `override_reason`, which writes
 *   and records the override on the order; Cancel writes nothing;
 * - anything else (True) is a success.
 */

/** The server's "assign only with an override" answer (nothing written). */
export function needsOverride(result) {
    return Boolean(result && typeof result === "object" && result.needs_override);
}

/**
 * Runs one board change.
 *
 * @param {Object} params
 * @param {(overrideReason: string|false) => Promise<any>} params.callMove
 *      calls `dispatch_board_move`, with `override_reason` when given
 * @param {(reasons: string[], confirm: (reason: string) => Promise<void>) => Promise<void>} params.askOverride
 *      shows the override dialog; resolves when it closes (confirmed or not)
 * @param {(error: any) => void} params.onRefusal shows a refusal
 * @returns {Promise<"done"|"refused"|"overridden"|"cancelled">}
 */
export async function moveWithOverride({ callMove, askOverride, onRefusal }) {
    let result;
    try {
        result = await callMove(false);
    } catch (error) {
        onRefusal(error);
        return "refused";
    }
    if (!needsOverride(result)) {
        return "done";
    }
    let outcome = "cancelled";
    await askOverride((result.reasons || []).map(String), async (reason) => {
        try {
            const again = await callMove(reason);
            if (needsOverride(again)) {
                // even the override is refused: say why
                onRefusal({ message: (again.reasons || []).join("\n") });
                outcome = "refused";
            } else {
                outcome = "overridden";
            }
        } catch (error) {
            onRefusal(error);
            outcome = "refused";
        }
    });
    return outcome;
}
