{
    "name": "Field Service Mobile",
    "summary": "The technician's day on a phone: My Day, job timer, checklist, "
    "photos, parts, signature, offline queue, live notifications, return visits",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_order", "bus"],
    "data": [
        "security/ir.model.access.csv",
        "security/service_mobile_rules.xml",
        "views/service_mobile_views.xml",
    ],
    "demo": [
        "demo/service_mobile_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "service_mobile/static/src/**/*",
        ],
        "web.assets_tests": [
            "service_mobile/static/tests/tours/**/*",
        ],
        "web.assets_unit_tests": [
            "service_mobile/static/tests/unit/**/*",
        ],
    },
    "installable": True,
}
