import { describe, expect, test } from "@odoo/hoot";
import { animationFrame } from "@odoo/hoot-mock";
import { contains, makeDialogMockEnv, mountWithCleanup } from "@web/../tests/web_test_helpers";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";

import { moveWithOverride, needsOverride } from "@service_dispatch/board/board_move";
import { DispatchOverrideDialog } from "@service_dispatch/board/override_dialog";

describe.current.tags("desktop");
// service_order depends on mail, whose services start with the test env
defineMailModels();

async function mountDialog() {
    const env = await makeDialogMockEnv();
    await mountWithCleanup(DispatchOverrideDialog, {
        env,
        props: {
            orderName: "SO/2026/00042",
            technicianName: "Alice Tech",
            reasons: ["Alice Tech lacks the skill HVAC.", "Alice Tech is on time off."],
            confirm: async (reason) => expect.step(`confirm: ${reason}`),
            close: () => expect.step("close"),
        },
    });
}

test("the server's answer that asks for an override", () => {
    expect(needsOverride({ needs_override: true, reasons: ["x"] })).toBe(true);
    expect(needsOverride(true)).toBe(false);
    expect(needsOverride(false)).toBe(false);
    expect(needsOverride(undefined)).toBe(false);
    expect(needsOverride({ needs_override: false })).toBe(false);
});

/** A fake server: answers the calls in turn, records their override reason. */
function fakeServer(...answers) {
    return (overrideReason) => {
        expect.step(`call ${overrideReason || "-"}`);
        const answer = answers.shift();
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    };
}

const OVERRIDE = { needs_override: true, reasons: ["Bob lacks the skill HVAC."] };

test("a plain success: one call, no dialog", async () => {
    const outcome = await moveWithOverride({
        callMove: fakeServer(true),
        askOverride: () => expect.step("dialog"),
        onRefusal: () => expect.step("refused"),
    });
    expect(outcome).toBe("done");
    expect.verifySteps(["call -"]);
});

test("a hard refusal is shown, no dialog", async () => {
    const outcome = await moveWithOverride({
        callMove: fakeServer(new Error("Bob is already booked")),
        askOverride: () => expect.step("dialog"),
        onRefusal: (error) => expect.step(`refused: ${error.message}`),
    });
    expect(outcome).toBe("refused");
    expect.verifySteps(["call -", "refused: Bob is already booked"]);
});

test("needs an override: Assign anyway calls again with the reason", async () => {
    const outcome = await moveWithOverride({
        callMove: fakeServer(OVERRIDE, true),
        askOverride: async (reasons, confirm) => {
            expect.step(`dialog: ${reasons.join()}`);
            await confirm("only one on call");
        },
        onRefusal: () => expect.step("refused"),
    });
    expect(outcome).toBe("overridden");
    expect.verifySteps(["call -", "dialog: Bob lacks the skill HVAC.", "call only one on call"]);
});

test("needs an override: Cancel makes no second call", async () => {
    const outcome = await moveWithOverride({
        callMove: fakeServer(OVERRIDE),
        askOverride: async () => expect.step("dialog closed"),
        onRefusal: () => expect.step("refused"),
    });
    expect(outcome).toBe("cancelled");
    expect.verifySteps(["call -", "dialog closed"]);
});

test("an override the server still refuses is shown", async () => {
    const outcome = await moveWithOverride({
        callMove: fakeServer(OVERRIDE, new Error("Bob is already booked")),
        askOverride: (reasons, confirm) => confirm("please"),
        onRefusal: (error) => expect.step(`refused: ${error.message}`),
    });
    expect(outcome).toBe("refused");
    expect.verifySteps(["call -", "call please", "refused: Bob is already booked"]);
});

test("lists the reasons and requires a reason before assigning", async () => {
    await mountDialog();
    expect(".modal-body").toHaveText(/SO\/2026\/00042 cannot be assigned to Alice Tech/);
    expect(".o_dispatch_override_reasons li").toHaveCount(2);
    // no reason: nothing is sent, the field says what is missing
    await contains(".o_dispatch_override_confirm").click();
    expect(".o_dispatch_override_reason").toHaveClass("is-invalid");
    expect.verifySteps([]);
    await contains(".o_dispatch_override_reason").edit("   ");
    await contains(".o_dispatch_override_confirm").click();
    expect.verifySteps([]);
    await contains(".o_dispatch_override_reason").edit("Only one on call tonight");
    await contains(".o_dispatch_override_confirm").click();
    await animationFrame();
    expect.verifySteps(["confirm: Only one on call tonight", "close"]);
});

test("Cancel assigns nothing", async () => {
    await mountDialog();
    await contains(".o_dispatch_override_reason").edit("typed, then changed my mind");
    await contains(".o_dispatch_override_cancel").click();
    expect.verifySteps(["close"]);
});
