{
    "name": "Field Service Mobile - Quotations",
    "summary": "The technician's extra-work note can ask for a quotation "
    "(bridge of service_mobile and service_sale)",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_mobile", "service_sale"],
    "assets": {
        "web.assets_backend": [
            "service_mobile_sale/static/src/**/*",
        ],
        "web.assets_tests": [
            "service_mobile_sale/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
