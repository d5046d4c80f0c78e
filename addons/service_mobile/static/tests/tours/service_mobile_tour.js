/** @odoo-module **/

import { registry } from "@web/core/registry";
import { setSimulatedOffline } from "@service_mobile/queue_service";

const SYNCED = ".o_service_mobile .o_mobile_synced";

function openJob(customer) {
    return [
        {
            trigger: `.o_service_mobile .o_mobile_today .o_mobile_card:has(.o_mobile_customer:contains("${customer}")) .o_mobile_open`,
            content: `Open the job at ${customer}`,
            run: "click",
        },
        {
            trigger: `.o_mobile_job .o_mobile_customer:contains("${customer}")`,
            content: "The job screen",
        },
    ];
}

/** A small PNG from a canvas, handed to the camera input like a picture. */
async function takePhoto(name) {
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#3a7";
    ctx.fillRect(0, 0, 64, 48);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    const input = document.querySelector(".o_mobile_photo_input");
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], name, { type: "image/png" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

function tick(item) {
    return [
        {
            trigger: `.o_mobile_check:not(.o_checked):contains("${item}")`,
            content: `Tick "${item}"`,
            run: "click",
        },
        {
            trigger: `.o_mobile_check.o_checked:contains("${item}")`,
            content: `"${item}" is ticked`,
        },
    ];
}

function noPageScroll() {
    return {
        trigger: ".o_service_mobile",
        content: "Nothing wider than the phone",
        run() {
            const root = document.querySelector(".o_service_mobile");
            if (root.scrollWidth > root.clientWidth + 1) {
                throw new Error(
                    `My Day scrolls sideways: ${root.scrollWidth} > ${root.clientWidth} px`
                );
            }
            const small = [...root.querySelectorAll(".btn:not(.d-none)")].filter((button) => {
                const box = button.getBoundingClientRect();
                return box.width && box.height < 43.5;
            });
            if (small.length) {
                throw new Error(
                    `touch targets under 44 px: ${small.map((b) => b.className).join(" | ")}`
                );
            }
        },
    };
}

registry.category("web_tour.tours").add("service_mobile_my_day_tour", {
    url: "/odoo/my-day",
    steps: () => [
        {
            trigger: ".o_service_mobile .o_mobile_card .o_mobile_customer:contains('Mobile Tour Bakery')",
            content: "My Day lists today's job",
        },
        {
            trigger: ".o_mobile_card:has(.o_mobile_customer:contains('Mobile Tour Bakery')) a.o_mobile_call[href^='tel:']",
            content: "Tap to call",
        },
        {
            trigger: ".o_mobile_card:has(.o_mobile_customer:contains('Mobile Tour Bakery')) a.o_mobile_map[href*='google.com/maps']",
            content: "A map link",
        },
        noPageScroll(),
        ...openJob("Mobile Tour Bakery"),
        {
            trigger: ".o_mobile_start_travel",
            content: "Start travel",
            run: "click",
        },
        {
            trigger: ".o_mobile_job_travel .o_mobile_arrive",
            content: "On the way",
        },
        {
            trigger: ".o_mobile_job_travel .o_mobile_state:contains('On the way')",
            content: "The badge says what the technician does, not 'Dispatched'",
        },
        { trigger: SYNCED, content: "Travel is on the server" },
        {
            trigger: ".o_mobile_arrive",
            content: "Arrived",
            run: "click",
        },
        { trigger: ".o_mobile_job_work .o_mobile_pause", content: "Working: the timer runs" },
        { trigger: ".o_mobile_job_work .o_mobile_state:contains('Working')", content: "Working badge" },
        { trigger: SYNCED, content: "Arrival is on the server" },
        noPageScroll(),
        ...tick("Check the pressure"),
        ...tick("Clean the filter"),
        { trigger: SYNCED, content: "The checklist is on the server" },
        {
            trigger: ".o_mobile_product_search",
            content: "A part that does not exist",
            run: "edit Mobile Tour Unobtainium",
        },
        {
            trigger: ".o_mobile_no_product:contains('Mobile Tour Unobtainium')",
            content: "Nothing found, said so",
        },
        {
            trigger: ".o_mobile_product_search",
            content: "Look up the part",
            run: "edit Mobile Tour Gasket",
        },
        {
            trigger: ".o_mobile_parts:not(:has(.o_mobile_no_product))",
            content: "The hint is gone once products are found",
        },
        {
            trigger: ".o_mobile_product:contains('Mobile Tour Gasket')",
            content: "Pick it",
            run: "click",
        },
        {
            trigger: ".o_mobile_part_qty_input",
            content: "Two of them",
            run: "edit 2",
        },
        {
            trigger: ".o_mobile_add_part",
            content: "Add the part",
            run: "click",
        },
        {
            trigger: ".o_mobile_part:contains('Mobile Tour Gasket') .o_mobile_part_qty:contains('2')",
            content: "The part is listed",
        },
        {
            trigger: ".o_mobile_take_photo",
            content: "Take a photo",
            async run() {
                await takePhoto("boiler.png");
            },
        },
        {
            trigger: ".o_mobile_thumbs img.o_mobile_thumb:not(.o_mobile_thumb_pending)",
            content: "The photo is on the server (its thumbnail from the attachment)",
        },
        { trigger: SYNCED, content: "Part and photo are on the server" },
        {
            trigger: ".o_mobile_take_photo",
            content: "A second photo, blurred",
            async run() {
                await takePhoto("blurred.png");
            },
        },
        {
            trigger: ".o_mobile_photo:has(img[title='blurred.jpg']:not(.o_mobile_thumb_pending)) .o_mobile_photo_delete",
            content: "Delete the blurred one",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary:contains('Delete')",
            content: "Confirm",
            run: "click",
        },
        {
            trigger: ".o_mobile_thumbs:not(:has(img[title='blurred.jpg'])):has(img[title='boiler.jpg'])",
            content: "Only the good photo is left",
        },
        { trigger: SYNCED, content: "The deletion is on the server" },
        {
            trigger: ".o_mobile_finish_button",
            content: "Try to complete before the customer signed",
            run: "click",
        },
        {
            trigger: ".o_mobile_notice_refused:contains('signature')",
            content: "The server's completion check refuses it, clearly",
        },
        {
            trigger: ".o_mobile_job_work .o_mobile_finish_button",
            content: "The job is still open (nothing was written)",
        },
        {
            trigger: ".o_mobile_notice_refused .o_mobile_dismiss",
            content: "Dismiss the message",
            run: "click",
        },
        {
            trigger: ".o_service_mobile:not(:has(.o_mobile_notice))",
            content: "The message is gone",
        },
        {
            trigger: ".o_mobile_signature .o_web_sign_name_input",
            content: "The signer's name",
            run: "edit Bea Baker",
        },
        {
            trigger: ".o_mobile_signature canvas.o_web_sign_signature",
            content: "The customer signs on the screen",
            async run(helpers) {
                await helpers.drag_and_drop(".o_mobile_signature canvas.o_web_sign_signature", {
                    position: { top: 30, left: 150 },
                    relative: true,
                });
            },
        },
        {
            trigger: ".o_mobile_save_signature",
            content: "Save the signature",
            run: "click",
        },
        {
            trigger: ".o_mobile_signed:contains('Bea Baker')",
            content: "Signed",
        },
        { trigger: SYNCED, content: "The signature is on the server" },
        {
            trigger: ".o_mobile_finish_button",
            content: "Finished: complete the job",
            run: "click",
        },
        {
            trigger: ".o_mobile_closed:contains('Job completed')",
            content: "The job is completed",
        },
        { trigger: SYNCED, content: "The completion is on the server" },
        {
            trigger: ".o_mobile_job[data-state='done']",
            content: "The server says done",
        },
        {
            trigger: ".o_mobile_back_to_day",
            content: "Back to My Day",
            run: "click",
        },
        {
            trigger: ".o_mobile_card_done:has(.o_mobile_customer:contains('Mobile Tour Bakery'))",
            content: "The card shows the job finished",
        },
    ],
});

registry.category("web_tour.tours").add("service_mobile_offline_tour", {
    url: "/odoo/my-day",
    steps: () => [
        ...openJob("Offline Tour Dairy"),
        {
            trigger: ".o_mobile_start_travel",
            content: "Start travel (online)",
            run: "click",
        },
        { trigger: ".o_mobile_job_travel .o_mobile_arrive", content: "On the way" },
        { trigger: SYNCED, content: "Travel is on the server" },
        {
            trigger: ".o_mobile_arrive",
            content: "Arrived (online)",
            run: "click",
        },
        { trigger: ".o_mobile_job_work .o_mobile_pause", content: "Working" },
        { trigger: SYNCED, content: "Arrival is on the server" },
        {
            trigger: ".o_mobile_job",
            content: "The signal is lost in the basement",
            run() {
                setSimulatedOffline(true);
            },
        },
        ...tick("Close the valve"),
        {
            trigger: ".o_mobile_pending[data-pending='1']",
            content: "The tick waits on the phone",
        },
        {
            trigger: ".o_mobile_take_photo",
            content: "A photo, offline",
            async run() {
                await takePhoto("valve.png");
            },
        },
        {
            trigger: ".o_mobile_pending[data-pending='2']",
            content: "2 pending",
        },
        {
            trigger: ".o_mobile_offline",
            content: "The phone says it is offline",
        },
        {
            trigger: ".o_mobile_thumbs img.o_mobile_thumb_pending",
            content: "The photo shows, waiting to be sent",
        },
        {
            trigger: ".o_mobile_pending[data-pending='2']",
            content: "Reload the page, still offline",
            run: "goToUrl /odoo/my-day",
        },
        {
            trigger: ".o_service_mobile .o_mobile_pending[data-pending='2']",
            content: "The queue survived the reload: still 2 pending",
        },
        {
            trigger: ".o_service_mobile .o_mobile_from_cache",
            content: "The day comes from the phone's cache",
        },
        {
            trigger: '.o_mobile_job .o_mobile_customer:contains("Offline Tour Dairy")',
            content: "The reload opens the job he was on, not the day",
        },
        {
            trigger: ".o_mobile_check.o_checked:contains('Close the valve')",
            content: "The pending tick is shown",
        },
        {
            trigger: ".o_mobile_job",
            content: "The signal returns",
            run() {
                setSimulatedOffline(false);
                window.dispatchEvent(new Event("online"));
            },
        },
        {
            trigger: SYNCED,
            content: "0 pending: both actions were replayed",
        },
        {
            trigger: ".o_mobile_thumbs img.o_mobile_thumb:not(.o_mobile_thumb_pending)",
            content: "The photo is an attachment now",
        },
        {
            trigger: ".o_mobile_check.o_checked:contains('Close the valve')",
            content: "The tick is on the server",
        },
    ],
});
