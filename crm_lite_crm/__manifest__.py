{
    "name": "CRM Lite with Odoo CRM",
    "summary": "crm_lite next to Odoo's own CRM: salespeople open the leads and "
    "make the quotations of the CRM customers they sell to",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-lite/crm_lite",
    "author": "crm_lite developers",
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["crm_lite", "sale_crm"],
    "data": ["security/crm_lite_crm_rules.xml"],
    "installable": True,
    "auto_install": True,
}
