{
    "name": "Field Service Customer Portal for Dispatch",
    "summary": "Bridge: the portal's expected arrival of a technician on the way "
    "comes from the dispatch travel estimate",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_portal", "service_dispatch"],
    "installable": True,
    "auto_install": True,
}
