{
    "name": "Field Service Reports - Dispatch",
    "summary": "KPIs and the weekly service report by service team",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_report", "service_dispatch"],
    "data": [
        "views/service_report_kpi_views.xml",
        "wizards/service_report_workbook_wizard_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
