{
    "name": "Field Service Sales",
    "summary": "Extra work found on site becomes a quotation linked to the "
    "service order; once confirmed it creates the follow-up order",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_order", "sale"],
    "data": [
        "security/ir.model.access.csv",
        "security/service_sale_rules.xml",
        "wizards/service_sale_quote_wizard_views.xml",
        "views/service_order_views.xml",
        "views/sale_order_views.xml",
    ],
    "demo": [
        "demo/service_sale_demo.xml",
    ],
    "installable": True,
}
