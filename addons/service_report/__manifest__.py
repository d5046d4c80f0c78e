{
    "name": "Field Service Reports",
    "summary": "Follow-up and quality checks, KPIs, a live operations dashboard "
    "and service reports for field-service orders",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_order"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
