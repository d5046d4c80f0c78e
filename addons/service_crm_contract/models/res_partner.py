from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.service_order.tools.record_guard import ensure_existing_record

DISPATCHER_GROUP = "service_order.group_service_dispatcher"


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_contract_count = fields.Integer(
        compute="_compute_service_contracts",
        string="Service Contracts",
        help="Contracts of the customer's commercial entity, cancelled ones "
        "left out (the ones the Contracts button opens).",
        groups=DISPATCHER_GROUP,
    )
    service_contract_ids = fields.Many2many(
        "service.contract",
        compute="_compute_service_contracts",
        string="Service Contracts",
        groups=DISPATCHER_GROUP,
    )

    def _compute_service_contracts(self):
        # one query for the whole batch: the contracts of the partner's
        # commercial entity (they cover its sites), cancelled ones left out
        origin = self._service_partner_ids()
        entity = {
            partner: partner.commercial_partner_id.id
            for partner in self
            if partner in origin
        }
        contracts = defaultdict(list)
        if entity:
            records = self.env["service.contract"].search_fetch(
                [
                    ("commercial_partner_id", "in", list(set(entity.values()))),
                    ("state", "!=", "cancelled"),
                ],
                ["commercial_partner_id"],
            )
            for contract in records:
                contracts[contract.commercial_partner_id.id].append(contract.id)
        for partner in self:
            key = entity.get(partner, 0)
            partner.service_contract_count = len(contracts[key])
            partner.service_contract_ids = [fields.Command.set(contracts[key])]

    def action_view_service_contracts(self):
        partner = ensure_existing_record(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.service_contract_action"
        )
        # the contracts counted on the button: cancelled ones left out
        action["domain"] = [
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("state", "!=", "cancelled"),
        ]
        action["context"] = {"default_partner_id": partner.commercial_partner_id.id}
        return action

    @api.model
    def _get_service_summary_fields(self):
        return [*super()._get_service_summary_fields(), "service_contract_count"]
