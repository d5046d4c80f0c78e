{
    "name": "Field Service Timesheets",
    "summary": "Finished travel and work time logs of service orders become "
    "timesheets on the order's project, once each",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_order", "hr_timesheet"],
    "data": [
        "data/project_data.xml",
        "views/service_order_type_views.xml",
        "views/service_order_timelog_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
