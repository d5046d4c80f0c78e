{
    "name": "Field Service Reports - Assets",
    "summary": "Callbacks detected on the same unit: bridge between service "
    "reports and customer equipment",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_report", "service_asset"],
    "data": [],
    "auto_install": True,
    "installable": True,
}
