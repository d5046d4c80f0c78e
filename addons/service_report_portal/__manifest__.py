{
    "name": "Field Service Reports for the Customer Portal",
    "summary": "Bridge: the service KPIs and the weekly workbook show the "
    "customers' ratings from the portal",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_report", "service_portal"],
    "data": ["views/service_report_kpi_views.xml"],
    "installable": True,
    "auto_install": True,
}
