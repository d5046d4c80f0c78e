{
    "name": "Field Service Mobile - Van Stock",
    "summary": "My Day lists the technician's van and takes parts from it, "
    "with their lot or serial number (bridge of service_mobile and "
    "service_stock)",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_mobile", "service_stock"],
    "assets": {
        "web.assets_backend": [
            "service_mobile_stock/static/src/**/*",
        ],
        "web.assets_tests": [
            "service_mobile_stock/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
