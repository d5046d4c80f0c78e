"""Shared set-up of the suite-wide guards (tests/test_*.py).

The personas every guard runs as, a small data set in two companies, the list of
the suite's models read from the database, and the allow-list helper: each guard
keeps a ``KNOWN_DEFECTS`` dict of what is still broken today; an entry that is
hit keeps the test green, an entry that no longer fails makes it fail ("stale
allow-list entry: remove it"), so the lists only shrink.
"""

from datetime import datetime, timedelta

from odoo import Command
from odoo.tests.common import new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

TECH = "service_order.group_service_technician"
DISPATCHER = "service_order.group_service_dispatcher"
MANAGER = "service_order.group_service_manager"

# persona -> groups; every persona works in company A except *_b
PERSONAS = {
    "portal": "base.group_portal",
    "technician": TECH,
    "dispatcher": DISPATCHER,
    "manager": MANAGER,
    "accountant": "account.group_account_invoice",
    "internal": "base.group_user",
    "dispatcher_b": DISPATCHER,
}

# Exceptions a client may legitimately get back (the "clean" Odoo errors)
CLEAN_ERRORS = (
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.AccessDenied",
    "odoo.exceptions.RedirectWarning",
)


def suite_models(env):
    """{model name: defining module} of every model a service_* addon defines
    or extends, read from the ir.model records the addons own (transient and
    wizard models included, abstract ones left out: they have no records)."""
    data = (
        env["ir.model.data"]
        .sudo()
        .search([("model", "=", "ir.model"), ("module", "=like", "service\\_%")])
    )
    names = env["ir.model"].sudo().browse(data.mapped("res_id")).mapped("model")
    result = {}
    for name in names:
        model = env[name]
        if model._abstract:
            continue
        result[name] = model._original_module
    return result


def suite_abstract_models(env):
    """Abstract models (mixins) the service_* addons define: no table, no
    records, so no access rights of their own; the models that inherit them
    carry the rights."""
    data = (
        env["ir.model.data"]
        .sudo()
        .search([("model", "=", "ir.model"), ("module", "=like", "service\\_%")])
    )
    names = env["ir.model"].sudo().browse(data.mapped("res_id")).mapped("model")
    return sorted(
        name
        for name in names
        if env[name]._abstract and env[name]._original_module.startswith("service_")
    )


def own_suite_models(env):
    """Models a service_* addon defines (not only extends)."""
    return sorted(
        name
        for name, module in suite_models(env).items()
        if module.startswith("service_")
    )


def extended_native_models(env):
    return sorted(
        name
        for name, module in suite_models(env).items()
        if not module.startswith("service_")
    )


class AllowList:
    """Compare what a guard found with its documented allow-list.

    ``hit(key, failed, message)``: a failure whose key is listed passes (and is
    counted), an unlisted one fails with ``message``, a listed key that did not
    fail fails as stale. Call it inside ``subTest`` so every cell is reported.
    """

    def __init__(self, testcase, known):
        self.testcase = testcase
        self.known = known
        self.hits = set()
        self.unlisted = []

    def hit(self, key, failed, message=""):
        if key in self.known:
            self.hits.add(key)
            if not failed:
                self.testcase.fail(
                    f"stale allow-list entry {key!r} ({self.known[key]}): it no "
                    "longer fails, remove it (and its entry in GUARD_FINDINGS.md)"
                )
        elif failed:
            self.unlisted.append(key)
            self.testcase.fail(message or f"defect {key!r}")


def create_personas(cls):
    """Two companies, one user per persona, technicians with employees,
    customers, an order type with a checklist and orders of each kind of
    ownership. Sets the records as attributes of ``cls``."""
    env = cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
    cls.company_a = env.company
    cls.company_b = env["res.company"].create({"name": "Guard Contractor B"})
    cls.customer = env["res.partner"].create(
        {"name": "Guard Customer A", "is_company": True}
    )
    cls.site = env["res.partner"].create(
        {
            "name": "Guard site A",
            "type": "delivery",
            "parent_id": cls.customer.id,
            "street": "Guard street 1",
        }
    )
    cls.other_customer = env["res.partner"].create(
        {"name": "Guard Other Customer", "is_company": True}
    )
    cls.customer_b = env["res.partner"].create(
        {"name": "Guard Customer B", "is_company": True, "company_id": cls.company_b.id}
    )
    cls.users = {}
    for persona, group in PERSONAS.items():
        company = cls.company_b if persona.endswith("_b") else cls.company_a
        user = new_test_user(
            env,
            f"guard_{persona}",
            groups=group,
            name=f"Guard {persona}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            password=f"guard_{persona}_pw",
        )
        cls.users[persona] = user
    cls.users["portal"].partner_id.parent_id = cls.customer
    # helpers that are no persona of the matrix: a colleague technician and a
    # manager of company B (for the manager-only child models)
    cls.colleague = new_test_user(
        env, "guard_colleague", groups=TECH, name="Guard colleague"
    )
    cls.manager_b = new_test_user(
        env,
        "guard_manager_b",
        groups=MANAGER,
        name="Guard manager B",
        company_id=cls.company_b.id,
        company_ids=[Command.set(cls.company_b.ids)],
    )
    employees = env["hr.employee"].create(
        [
            {
                "name": "Guard Tech",
                "user_id": cls.users["technician"].id,
                "is_field_technician": True,
                "company_id": cls.company_a.id,
            },
            {
                "name": "Guard Colleague",
                "user_id": cls.colleague.id,
                "is_field_technician": True,
                "company_id": cls.company_a.id,
            },
            {
                "name": "Guard Tech B",
                "is_field_technician": True,
                "company_id": cls.company_b.id,
            },
        ]
    )
    cls.tech_emp, cls.colleague_emp, cls.tech_b_emp = employees
    cls.template = env["service.checklist.template"].create(
        {
            "name": "Guard checklist",
            "company_id": cls.company_a.id,
            "line_ids": [
                Command.create({"name": "Guard isolate power", "required": True}),
                Command.create({"name": "Guard sweep", "required": False}),
            ],
        }
    )
    cls.template_b = env["service.checklist.template"].create(
        {
            "name": "Guard checklist B",
            "company_id": cls.company_b.id,
            "line_ids": [Command.create({"name": "Guard B item"})],
        }
    )
    cls.order_type = env["service.order.type"].create(
        {
            "name": "Guard repair",
            "default_duration": 2.0,
            "checklist_template_id": cls.template.id,
        }
    )
    start = datetime(2030, 3, 4, 9, 0)
    orders = env["service.order"].create(
        [
            {
                "partner_id": cls.customer.id,
                "order_type_id": cls.order_type.id,
                "technician_id": cls.tech_emp.id,
                "date_scheduled_start": start,
                "date_scheduled_end": start + timedelta(hours=2),
            },
            {
                "partner_id": cls.customer.id,
                "order_type_id": cls.order_type.id,
                "technician_id": cls.colleague_emp.id,
                "crew_ids": [Command.set(cls.tech_emp.ids)],
                "date_scheduled_start": start + timedelta(days=1),
                "date_scheduled_end": start + timedelta(days=1, hours=2),
            },
            {
                "partner_id": cls.other_customer.id,
                "order_type_id": cls.order_type.id,
                "technician_id": cls.colleague_emp.id,
                "date_scheduled_start": start + timedelta(days=2),
                "date_scheduled_end": start + timedelta(days=2, hours=2),
            },
        ]
    )
    cls.order_own, cls.order_crew, cls.order_other = orders
    cls.order_b = (
        env["service.order"]
        .with_company(cls.company_b)
        .create(
            {
                "partner_id": cls.customer_b.id,
                "order_type_id": cls.order_type.id,
                "company_id": cls.company_b.id,
                "technician_id": cls.tech_b_emp.id,
                "date_scheduled_start": start,
                "date_scheduled_end": start + timedelta(hours=2),
            }
        )
    )
    cls.all_orders = orders | cls.order_b
