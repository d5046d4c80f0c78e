{
    "name": "Field Service Invoicing - Return Visits",
    "summary": "The visits of one job are billed together on one invoice, each "
    "visit's lines under it (bridge of service_account and service_mobile)",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_account", "service_mobile"],
    "auto_install": True,
    "installable": True,
}
