{
    "name": "Field Service CRM",
    "summary": "Service orders from leads, technicians' recommendations as "
    "opportunities, and a customer's service history on the contact",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_order", "crm"],
    "data": [
        "security/ir.model.access.csv",
        "security/service_crm_rules.xml",
        "wizards/service_crm_recommendation_views.xml",
        "views/crm_lead_views.xml",
        "views/service_order_views.xml",
        "views/service_order_type_views.xml",
        "views/res_partner_views.xml",
    ],
    "demo": [
        "demo/service_crm_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "service_crm/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
