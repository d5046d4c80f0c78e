{
    "name": "Field Service Dispatch for Van Stock",
    "summary": "Bridge: the dispatch board and suggestions show whether the "
    "technician's van holds the order's planned parts",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_dispatch", "service_stock"],
    "installable": True,
    "auto_install": True,
}
