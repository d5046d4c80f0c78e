{
    "name": "Field Service Invoicing - Contracts",
    "summary": "Service contracts cover the parts and labour of their orders' "
    "invoices, up to their yearly cap (bridge of service_account and "
    "service_contract)",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_account", "service_contract"],
    "data": [
        "views/account_move_views.xml",
    ],
    "demo": [
        "demo/service_account_contract_demo.xml",
    ],
    "auto_install": True,
    "installable": True,
}
