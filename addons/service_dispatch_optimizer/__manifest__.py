{
    "name": "Field Service Dispatch Optimizer",
    "summary": "Auto-dispatch: plan days of service orders for a set of "
    "technicians with a route optimiser (VROOM and OR-Tools)",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_dispatch"],
    "external_dependencies": {"python": ["ortools", "pyvroom"]},
    "data": [
        "security/ir.model.access.csv",
        "security/service_dispatch_plan_rules.xml",
        "wizards/service_dispatch_plan_wizard_views.xml",
        "views/service_dispatch_optimizer_menus.xml",
    ],
    "installable": True,
}
