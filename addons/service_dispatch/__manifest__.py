{
    "name": "Field Service Dispatch",
    "summary": "Dispatch board and technician suggestions for service orders",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_order", "web", "bus"],
    "data": [
        "security/ir.model.access.csv",
        "security/service_dispatch_rules.xml",
        "views/service_order_views.xml",
        "views/service_team_views.xml",
        "views/service_territory_views.xml",
        "views/hr_employee_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/service_dispatch_suggestion_views.xml",
        "views/service_dispatch_menus.xml",
    ],
    "demo": [
        "demo/service_dispatch_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "service_dispatch/static/src/board/**/*",
        ],
        "web.assets_tests": [
            "service_dispatch/static/tests/tours/**/*",
        ],
        "web.assets_unit_tests": [
            "service_dispatch/static/tests/unit/**/*",
        ],
    },
    "installable": True,
}
