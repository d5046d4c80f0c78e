{
    "name": "Field Service Preventive Maintenance for Contracts",
    "summary": "Bridge: preventive maintenance plans over every unit a service "
    "contract covers, within the contract's term",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_pm", "service_contract"],
    "data": [
        "views/service_pm_plan_views.xml",
    ],
    "demo": [
        "demo/service_pm_contract_demo.xml",
    ],
    "installable": True,
    "auto_install": True,
}
