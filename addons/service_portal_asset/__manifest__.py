{
    "name": "Field Service Customer Portal for Assets",
    "summary": "Bridge: portal customers name one of their units in a service "
    "request and see the units of their orders",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_portal", "service_asset"],
    "installable": True,
    "auto_install": True,
}
