{
    "name": "Field Service CRM for Assets",
    "summary": "Bridge: the customer's units on his service view, and the unit "
    "in a technician's recommendation to sales",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_crm", "service_asset"],
    "data": [
        "views/res_partner_views.xml",
        "views/service_crm_recommendation_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
