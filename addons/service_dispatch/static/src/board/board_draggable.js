/** @odoo-module **/

import { makeDraggableHook } from "@web/core/utils/draggable_hook_builder_owl";
import { pick } from "@web/core/utils/objects";

/**
 * Odoo's draggable (pointer events: mouse, pen and touch alike; a movement
 * threshold; Escape cancels; edge scrolling), with the dragged element left
 * in place: the board draws where the order would land instead (as
 * pos_restaurant's floor plan does).
 */
export const useBoardDraggable = makeDraggableHook({
    name: "useBoardDraggable",
    onComputeParams({ ctx }) {
        ctx.followCursor = false;
    },
    onWillStartDrag: ({ ctx }) => pick(ctx.current, "element"),
    onDragStart: ({ ctx }) => pick(ctx.current, "element"),
    onDrag: ({ ctx }) => pick(ctx.current, "element"),
    onDragEnd: ({ ctx }) => pick(ctx.current, "element"),
    onDrop: ({ ctx }) => pick(ctx.current, "element"),
});
