{
    "name": "Field Service Contracts",
    "summary": "Service agreements: covered sites and assets, coverage terms, "
    "contract SLAs, recurring billing and renewals",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_asset", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/service_contract_rules.xml",
        "data/ir_sequence_data.xml",
        "data/product_data.xml",
        "data/ir_cron_data.xml",
        "views/service_contract_views.xml",
        "views/service_order_views.xml",
        "views/account_move_views.xml",
        "views/service_contract_menus.xml",
    ],
    "demo": [
        "demo/service_contract_demo.xml",
    ],
    "installable": True,
}
