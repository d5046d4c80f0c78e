{
    "name": "Field Service Invoicing - Warranty",
    "summary": "Warranty of the order's units covers the parts and labour of "
    "its invoice (bridge of service_account and service_asset)",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_account", "service_asset"],
    "auto_install": True,
    "installable": True,
}
