{
    "name": "Field Service Dispatch for Assets",
    "summary": "Bridge: dispatch suggestions favour the technicians who "
    "already serviced the order's units",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_dispatch", "service_asset"],
    "installable": True,
    "auto_install": True,
}
