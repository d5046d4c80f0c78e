{
    "name": "Field Service Assets",
    "summary": "Customer equipment on service orders: sites, parent units, "
    "warranty, meters and service history",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_order", "maintenance"],
    "data": [
        "security/ir.model.access.csv",
        "security/service_asset_rules.xml",
        "views/service_asset_meter_views.xml",
        "views/maintenance_equipment_views.xml",
        "views/service_order_views.xml",
        "views/service_asset_menus.xml",
    ],
    "demo": [
        "demo/service_asset_demo.xml",
    ],
    "installable": True,
}
