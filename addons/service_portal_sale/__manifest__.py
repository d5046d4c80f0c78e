{
    "name": "Field Service Portal - Quotations",
    "summary": "The extra-work quotations of a service order on its portal page "
    "(bridge of service_portal and service_sale)",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_portal", "service_sale"],
    "auto_install": True,
    "installable": True,
}
