/** @odoo-module **/

import { Component, onError, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { useService } from "@web/core/utils/hooks";
import { debounce } from "@web/core/utils/timing";
import { NameAndSignature } from "@web/core/signature/name_and_signature";
import { formatClock, timerSeconds } from "../job_state";
import { isConnectionError } from "../offline_queue";

// photos are shrunk on the phone before they are queued: a camera's 4 MB
// picture does not fit a browser's storage, 1600 px is plenty for a report
export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_QUALITY = 0.8;

/** A camera picture as a JPEG data URL whose longest side is at most maxSide. */
export async function shrinkImage(file, maxSide = PHOTO_MAX_SIDE) {
    const url = URL.createObjectURL(file);
    try {
        const image = await new Promise((resolve, reject) => {
            const img = new Image();
            img.onload = () => resolve(img);
            img.onerror = () => reject(new Error("not an image"));
            img.src = url;
        });
        const ratio = Math.min(1, maxSide / Math.max(image.width, image.height));
        const canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(image.width * ratio));
        canvas.height = Math.max(1, Math.round(image.height * ratio));
        const ctx = canvas.getContext("2d");
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
        return canvas.toDataURL("image/jpeg", PHOTO_QUALITY);
    } finally {
        URL.revokeObjectURL(url);
    }
}

/**
 * Odoo's name-and-signature pad, drawn mode. The pad loads its fonts from
 * the server when it opens: offline that fails, and this frame shows a
 * message with a retry instead of breaking the job screen.
 */
export class SignaturePanel extends Component {
    static template = "service_mobile.SignaturePanel";
    static components = { NameAndSignature };
    static props = { onSign: Function };

    setup() {
        this.state = useState({ failed: false, attempt: 0 });
        this.signature = useState({ name: "", isSignatureEmpty: true });
        onError(() => {
            this.state.failed = true;
        });
    }

    retry() {
        this.state.failed = false;
        this.state.attempt++;
    }

    save() {
        const name = (this.signature.name || "").trim();
        if (!name || this.signature.isSignatureEmpty || !this.signature.getSignatureImage) {
            this.env.services.notification.add(
                _t("Type the signer's name and let the customer sign in the box."),
                { type: "warning" }
            );
            return;
        }
        const image = this.signature.getSignatureImage().split(",")[1];
        this.props.onSign({ image, signed_by: name });
    }
}

/**
 * One job on the phone: the timer buttons (Start travel, Arrived, Pause,
 * Resume, Finished), the checklist as large toggles, photos from the camera,
 * parts used, notes, extra work, the customer's signature and a return
 * visit. Each tap calls `props.tap(type, payload)`, which queues the action.
 */
export class JobScreen extends Component {
    static template = "service_mobile.JobScreen";
    static components = { SignaturePanel };
    static props = {
        job: Object,
        now: Number,
        tap: Function,
        back: Function,
        windowLabel: String,
        stateLabel: String,
        modeLabel: String,
        // more of the day by key (`_mobile_day_extras`), e.g. the van's contents
        extras: { type: Object, optional: true },
    };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.dialog = useService("dialog");
        this.state = useState({
            resolution: this.props.job.resolution || "",
            extraNote: "",
            followup: false,
            returnReason: "",
            askReturn: false,
            productQuery: "",
            products: [],
            // the query the products shown were found for
            searchedQuery: "",
            searchFailed: false,
            product: false,
            qty: 1,
            photoBusy: false,
        });
        this.searchProducts = debounce((query) => this._searchProducts(query), 250);
        // leaving the job keeps the notes typed but not saved (queued like a
        // tap: it works offline too)
        onWillUnmount(() => {
            if (!this.isClosed && this.state.resolution !== (this.job.resolution || "")) {
                this.props.tap("note", { resolution: this.state.resolution });
            }
        });
    }

    get job() {
        return this.props.job;
    }

    get isLead() {
        return this.job.role === "lead";
    }

    get clock() {
        const seconds = timerSeconds(this.job.timer, this.props.now);
        return {
            travel: formatClock(seconds.travel),
            work: formatClock(seconds.work),
            running: this.job.timer.mode === "travel" ? seconds.travel : seconds.work,
        };
    }

    get canFinish() {
        return ["work", "paused"].includes(this.job.timer.mode);
    }

    get isClosed() {
        return ["done", "cancelled"].includes(this.job.state) || this.job.timer.mode === "done";
    }

    // timer ------------------------------------------------------------
    startTravel() {
        this.props.tap("start_travel");
    }
    arrive() {
        this.props.tap("arrive");
    }
    pause() {
        this.props.tap("pause");
    }
    resume() {
        this.props.tap("resume");
    }
    finish() {
        this.props.tap("finish");
    }

    // checklist --------------------------------------------------------
    toggleItem(item) {
        this.props.tap("checklist", { item_id: item.id, done: !item.is_done });
    }

    // photos -----------------------------------------------------------
    photoUrl(photo) {
        return photo.src || `/web/image/ir.attachment/${photo.id}/datas/128x128`;
    }

    deletePhoto(photo) {
        this.dialog.add(ConfirmationDialog, {
            title: _t("Delete this photo?"),
            body: _t("%s will be removed from the job.", photo.name),
            confirmLabel: _t("Delete"),
            confirm: () => this.props.tap("photo_delete", { photo_id: photo.id }),
            cancel: () => {},
        });
    }

    async onPhoto(ev) {
        const files = [...(ev.target.files || [])];
        ev.target.value = "";
        if (!files.length) {
            return;
        }
        this.state.photoBusy = true;
        try {
            for (const file of files) {
                let dataUrl;
                try {
                    dataUrl = await shrinkImage(file);
                } catch {
                    this.notification.add(_t("%s is not a picture.", file.name), {
                        type: "warning",
                    });
                    continue;
                }
                const name = (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
                this.props.tap("photo", {
                    name,
                    mimetype: "image/jpeg",
                    data: dataUrl.split(",")[1],
                });
            }
        } finally {
            this.state.photoBusy = false;
        }
    }

    // parts ------------------------------------------------------------
    onProductInput(ev) {
        this.state.productQuery = ev.target.value;
        this.state.product = false;
        this.searchProducts(ev.target.value);
    }

    async _searchProducts(query) {
        if (!query.trim()) {
            this.state.products = [];
            return;
        }
        try {
            const found = await this.orm.silent.call("product.product", "name_search", [], {
                name: query,
                limit: 8,
            });
            if (query === this.state.productQuery) {
                this.state.products = found.map(([id, name]) => ({ id, name }));
                this.state.searchedQuery = query;
                this.state.searchFailed = false;
            }
        } catch (error) {
            if (!isConnectionError(error)) {
                throw error;
            }
            this.state.products = [];
            this.state.searchFailed = true;
        }
    }

    get noProductFound() {
        const { productQuery, searchedQuery, products, product, searchFailed } = this.state;
        return (
            Boolean(productQuery.trim()) &&
            productQuery === searchedQuery &&
            !products.length &&
            !product &&
            !searchFailed
        );
    }

    get noProductMessage() {
        return _t('No product matches "%s".', this.state.productQuery.trim());
    }

    pickProduct(product) {
        this.state.product = product;
        this.state.productQuery = product.name;
        this.state.products = [];
    }

    addPart() {
        const qty = parseFloat(this.state.qty);
        if (!this.state.product) {
            this.notification.add(_t("Pick a product first."), { type: "warning" });
            return;
        }
        if (!(qty > 0)) {
            this.notification.add(_t("The quantity must be more than zero."), {
                type: "warning",
            });
            return;
        }
        const { id, name } = this.state.product;
        if (this.props.tap("part", { product_id: id, qty }, { product_name: name })) {
            this.state.product = false;
            this.state.productQuery = "";
            this.state.qty = 1;
        }
    }

    onePart(part) {
        const payload = { product_id: part.product_id, qty: 1 };
        const local = { product_name: part.product_name };
        if (part.lot_id) {
            payload.lot_id = part.lot_id;
            local.lot_name = part.lot_name;
        }
        this.props.tap("part", payload, local);
    }

    // notes, extra work, signature, return visit ------------------------
    saveResolution() {
        this.props.tap("note", { resolution: this.state.resolution });
        this.notification.add(_t("Notes saved."), { type: "success" });
    }

    reportExtraWork() {
        const note = this.state.extraNote.trim();
        if (!note) {
            this.notification.add(_t("Describe the extra work first."), { type: "warning" });
            return;
        }
        const payload = this.extraWorkPayload(note);
        if (this.props.tap("extra_work", payload)) {
            this.resetExtraWork();
            this.notification.add(this.extraWorkMessage(payload), { type: "success" });
        }
    }

    /** The `extra_work` action's payload (bridges add their keys). */
    extraWorkPayload(note) {
        return { note, followup: this.state.followup };
    }

    resetExtraWork() {
        this.state.extraNote = "";
        this.state.followup = false;
    }

    extraWorkMessage(payload) {
        return payload.followup
            ? _t("Extra work reported: a follow-up order is requested.")
            : _t("Extra work reported.");
    }

    sign(values) {
        this.props.tap("signature", values);
    }

    askReturnVisit() {
        this.state.askReturn = true;
    }

    confirmReturnVisit() {
        const reason = this.state.returnReason.trim();
        if (!reason) {
            this.notification.add(_t("Say why a return visit is needed."), { type: "warning" });
            return;
        }
        if (this.props.tap("return_visit", { reason })) {
            this.state.askReturn = false;
            this.state.returnReason = "";
        }
    }
}
