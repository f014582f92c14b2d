from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_lite_churn_months = fields.Integer(
        string="Churn Warning After (months)",
        config_parameter="crm_lite.churn_months",
        default=6,
    )
    crm_lite_pool_days = fields.Integer(
        string="Return to Pool After (days)",
        config_parameter="crm_lite.pool_days",
        default=30,
    )
    crm_lite_pool_warn_days = fields.Integer(
        string="Warn Owners (days before)",
        config_parameter="crm_lite.pool_warn_days",
        default=3,
    )
    crm_lite_pool_max_owned = fields.Integer(
        string="Customers per Account Manager",
        config_parameter="crm_lite.pool_max_owned",
        help="0 means no limit.",
    )
    crm_lite_pool_daily_claims = fields.Integer(
        string="Claims per Day",
        config_parameter="crm_lite.pool_daily_claims",
        help="0 means no limit.",
    )
    crm_lite_pool_reclaim_block_days = fields.Integer(
        string="Previous Owner Waits (days)",
        config_parameter="crm_lite.pool_reclaim_block_days",
        default=7,
    )
    crm_lite_pool_days_level_1 = fields.Integer(
        string="Pool Days: Level 1", config_parameter="crm_lite.pool_days_level_1"
    )
    crm_lite_pool_days_level_2 = fields.Integer(
        string="Pool Days: Level 2", config_parameter="crm_lite.pool_days_level_2"
    )
    crm_lite_pool_days_level_3 = fields.Integer(
        string="Pool Days: Level 3", config_parameter="crm_lite.pool_days_level_3"
    )
    crm_lite_pool_days_level_4 = fields.Integer(
        string="Pool Days: Level 4", config_parameter="crm_lite.pool_days_level_4"
    )
    crm_lite_pool_days_level_5 = fields.Integer(
        string="Pool Days: Level 5", config_parameter="crm_lite.pool_days_level_5"
    )
