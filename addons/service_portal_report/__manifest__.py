{
    "name": "Field Service Customer Portal for Reports",
    "summary": "Bridge: portal customers download the signed service report "
    "(PDF) of their completed orders",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_portal", "service_report"],
    "installable": True,
    "auto_install": True,
}
