{
    "name": "CRM Lite",
    "summary": "Customer relationship management on Odoo's own partners, "
    "products, stock and sale orders: chances, customers, service, churn, "
    "analyses",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-lite/crm_lite",
    "author": "crm_lite developers",
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": ["mail", "sale_management", "stock"],
    "data": [
        "security/crm_lite_security.xml",
        "security/ir.model.access.csv",
        "security/crm_lite_rules.xml",
        "data/ir_sequence_data.xml",
        "data/crm_dict_data.xml",
        "views/crm_lite_menus.xml",
        "views/crm_dict_views.xml",
        "views/res_partner_views.xml",
        "views/interaction_views.xml",
        "views/basic_data_views.xml",
        "views/res_users_views.xml",
        "views/chance_views.xml",
        "wizards/assign_wizard_views.xml",
    ],
    "demo": ["demo/crm_lite_demo.xml"],
    "assets": {
        "web.assets_backend": ["crm_lite/static/src/fields/*.js"],
    },
}
