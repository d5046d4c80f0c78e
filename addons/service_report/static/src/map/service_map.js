/** @odoo-module **/

import { Component, onMounted, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

export const JOB_COLOR = "#017e84";
export const TECHNICIAN_COLOR = "#e46e00";

/**
 * The map of today's jobs and of the technicians' last known positions
 * (client action `service_report.service_map`), drawn with Leaflet (from
 * npm, in the addon's assets). The tile server is a setting: without one,
 * or with no tiles reachable, the jobs and technicians are circle markers on
 * a blank map, fitted to their bounds. A click on a job opens the order.
 */
export class ServiceMap extends Component {
    static template = "service_report.ServiceMap";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.mapRef = useRef("map");
        this.state = useState({ data: null, missingLibrary: !window.L });
        this.map = null;
        onWillStart(async () => {
            this.state.data = await this.orm.call("service.order", "get_service_map_data", []);
        });
        onMounted(() => this.renderMap());
        onWillUnmount(() => this.map?.remove());
    }

    get counts() {
        const data = this.state.data || { jobs: [], technicians: [] };
        return { jobs: data.jobs.length, technicians: data.technicians.length };
    }

    /** The legend's labels, singular for one. */
    get legend() {
        const { jobs, technicians } = this.counts;
        return {
            jobs: jobs === 1 ? _t("1 job today") : _t("%s jobs today", jobs),
            technicians:
                technicians === 1 ? _t("1 technician") : _t("%s technicians", technicians),
        };
    }

    renderMap() {
        const L = window.L;
        if (!L || !this.mapRef.el) {
            return;
        }
        const data = this.state.data;
        this.map = L.map(this.mapRef.el, { preferCanvas: false, zoomControl: true });
        if (data.tile_url) {
            L.tileLayer(data.tile_url, {
                maxZoom: 19,
                attribution: "&copy; OpenStreetMap contributors",
            }).addTo(this.map);
        }
        const points = [];
        for (const job of data.jobs) {
            const marker = L.circleMarker([job.lat, job.lng], {
                radius: 8,
                color: JOB_COLOR,
                fillColor: JOB_COLOR,
                fillOpacity: 0.7,
                className: "o_service_map_job",
            }).addTo(this.map);
            marker.bindTooltip(`${job.name} - ${job.partner}`);
            marker.on("click", () => this.openOrder(job.id));
            points.push([job.lat, job.lng]);
        }
        for (const tech of data.technicians) {
            const marker = L.circleMarker([tech.lat, tech.lng], {
                radius: 6,
                color: TECHNICIAN_COLOR,
                fillColor: TECHNICIAN_COLOR,
                fillOpacity: 0.9,
                className: "o_service_map_technician",
            }).addTo(this.map);
            marker.bindTooltip(
                tech.source === "job"
                    ? _t("%(name)s (at his job's site)", { name: tech.name })
                    : tech.name
            );
            points.push([tech.lat, tech.lng]);
        }
        if (points.length) {
            this.map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 15 });
        } else {
            this.map.setView([0, 0], 2);
        }
    }

    openOrder(orderId) {
        return this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "service.order",
            res_id: orderId,
            views: [[false, "form"]],
            target: "current",
        });
    }
}

registry.category("actions").add("service_report.service_map", ServiceMap);
