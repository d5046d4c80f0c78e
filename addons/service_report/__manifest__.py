{
    "name": "Field Service Reports",
    "summary": "Follow-up and quality checks, KPIs, a live operations dashboard "
    "and service reports for field-service orders",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_order", "web", "bus", "mail"],
    "data": [
        "security/ir.model.access.csv",
        "security/service_report_rules.xml",
        "data/ir_cron_data.xml",
        "report/service_order_report.xml",
        "report/service_shift_handoff_report.xml",
        "data/mail_template_data.xml",
        "views/service_shift_handoff_views.xml",
        "views/hr_employee_views.xml",
        "views/service_order_type_views.xml",
        "views/service_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/service_report_dashboard_actions.xml",
        "views/service_report_dashboard_menus.xml",
    ],
    "demo": [
        "demo/service_shift_handoff_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            # Leaflet, copied from npm by the project's set-up (git-ignored)
            "service_report/static/lib/leaflet/*.css",
            "service_report/static/lib/leaflet/*.js",
            "service_report/static/src/**/*",
        ],
        "web.assets_unit_tests": [
            "service_report/static/tests/unit/**/*",
        ],
    },
    "installable": True,
}
