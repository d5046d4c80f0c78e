{
    "name": "Field Service Reports for Contracts",
    "summary": "Bridge: the contract analyses stay in the one Reporting menu",
    "version": "18.0.1.0.0",
    "category": "Services/Field Service",
    "author": "Field Service Suite",
    "website": "https://github.com/field-service-suite/field-service-suite",
    "license": "LGPL-3",
    "depends": ["service_report", "service_contract"],
    "data": ["views/service_report_contract_menus.xml"],
    "installable": True,
    "auto_install": True,
}
