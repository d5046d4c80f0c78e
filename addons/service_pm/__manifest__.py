{
    "name": "Field Service Preventive Maintenance",
    "summary": "Preventive maintenance plans by time or meter that generate "
    "their service orders ahead, with a forecast and a calendar of due dates",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_asset"],
    "external_dependencies": {"python": ["python-dateutil"]},
    "data": [
        "security/ir.model.access.csv",
        "security/service_pm_rules.xml",
        "data/ir_cron_data.xml",
        "views/service_order_views.xml",
        "views/service_pm_plan_views.xml",
        "views/service_pm_forecast_views.xml",
        "views/maintenance_equipment_views.xml",
        "views/service_pm_menus.xml",
    ],
    "demo": [
        "demo/service_pm_demo.xml",
    ],
    "installable": True,
}
