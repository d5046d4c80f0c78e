{
    "name": "Field Service Van Stock",
    "summary": "A van per technician, parts consumed from it on completion, "
    "lots and serials, replenishment from the warehouse",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_order", "service_asset", "stock"],
    "data": [
        "security/ir.model.access.csv",
        "views/hr_employee_views.xml",
        "views/stock_location_views.xml",
        "views/stock_move_views.xml",
        "views/service_order_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/service_stock_menus.xml",
    ],
    "demo": [
        "demo/service_stock_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
