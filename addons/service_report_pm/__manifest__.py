{
    "name": "Field Service Reports for Preventive Maintenance",
    "summary": "Bridge: the operations dashboard counts the overdue preventive "
    "maintenance orders",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_report", "service_pm"],
    "data": [],
    "installable": True,
    "auto_install": True,
}
