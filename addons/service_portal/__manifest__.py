{
    "name": "Field Service Customer Portal",
    "summary": "Customers follow their service orders in /my: requests with "
    "photos, live status, reschedule requests, ratings and visit reminders",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_order", "portal", "rating"],
    "data": [
        "security/ir.model.access.csv",
        "security/service_portal_rules.xml",
        "data/mail_activity_type_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/service_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/service_portal_templates.xml",
    ],
    "demo": [
        "demo/service_portal_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "service_portal/static/src/js/service_portal.js",
            "service_portal/static/src/scss/service_portal.scss",
        ],
        "web.assets_tests": [
            "service_portal/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
