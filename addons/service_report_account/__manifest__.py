{
    "name": "Field Service Reports - Invoicing",
    "summary": "Revenue of the service KPIs from the orders' invoice lines "
    "(bridge of service_report and service_account)",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_report", "service_account"],
    "auto_install": True,
    "installable": True,
}
