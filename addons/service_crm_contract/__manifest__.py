{
    "name": "Field Service CRM for Contracts",
    "summary": "Bridge: the customer's service contracts on his service view",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_crm", "service_contract"],
    "data": [
        "views/res_partner_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
