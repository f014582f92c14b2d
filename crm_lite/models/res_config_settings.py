from odoo import api, fields, models
from odoo.exceptions import AccessError


class ResConfigSettings(models.TransientModel):
    """Odoo's Settings (system administrators): crm_lite's settings of the
    company being set up."""

    _inherit = "res.config.settings"

    crm_lite_churn_months = fields.Integer(
        related="company_id.crm_lite_churn_months", readonly=False
    )
    crm_lite_pool_days = fields.Integer(
        related="company_id.crm_lite_pool_days", readonly=False
    )
    crm_lite_pool_warn_days = fields.Integer(
        related="company_id.crm_lite_pool_warn_days", readonly=False
    )
    crm_lite_pool_max_owned = fields.Integer(
        related="company_id.crm_lite_pool_max_owned", readonly=False
    )
    crm_lite_pool_daily_claims = fields.Integer(
        related="company_id.crm_lite_pool_daily_claims", readonly=False
    )
    crm_lite_pool_reclaim_block_days = fields.Integer(
        related="company_id.crm_lite_pool_reclaim_block_days", readonly=False
    )
    crm_lite_duplicate_similarity = fields.Integer(
        related="company_id.crm_lite_duplicate_similarity", readonly=False
    )
    crm_lite_reminder_days = fields.Integer(
        related="company_id.crm_lite_reminder_days", readonly=False
    )
    crm_lite_followup_escalate_days = fields.Integer(
        related="company_id.crm_lite_followup_escalate_days", readonly=False
    )
    crm_lite_rfm_months = fields.Integer(
        related="company_id.crm_lite_rfm_months", readonly=False
    )
    crm_lite_churn_risk_threshold = fields.Float(
        related="company_id.crm_lite_churn_risk_threshold", readonly=False
    )

    crm_lite_pbx_originate_url = fields.Char(
        string="Phone System Originate URL",
        config_parameter="crm_lite.pbx_originate_url",
        help="Called by the Call button (GET) to make the phone system ring "
        "the user's extension and dial the customer; {number} (E.164), "
        "{national}, {extension} and {login} are replaced. Empty: staff dial "
        "the number on their phone.",
    )

    def set_values(self):
        template = (self.crm_lite_pbx_originate_url or "").strip()
        if template:
            # the same checks as when the button calls it, now
            self.env["res.partner"]._crm_originate_url(template, "13800000000")
        return super().set_values()

    def action_open_pool_days_per_level(self):
        return self.env["crm_lite.settings"].action_open_pool_days_per_level()


class CrmSettings(models.TransientModel):
    """The CRM administrators' settings form, for their current company:
    Odoo's Settings are for system administrators only, while crm_lite's
    administrators set up the churn warnings and the public pool themselves.
    The values are checked here as on the company (the mixin's constraint)
    and stored on the company by ``action_save`` only."""

    _name = "crm_lite.settings"
    _inherit = ["crm_lite.settings.mixin"]
    _description = "CRM Lite Settings"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        values.update(
            (name, company.sudo()[name])
            for name in self._crm_setting_names()
            if name in fields_list
        )
        return values

    def action_save(self):
        """Store the settings on the company (only CRM administrators reach
        this record, and only for a company they work in)."""
        self.ensure_one()
        self.check_access("write")
        if self.company_id not in self.env.user.company_ids:
            # the form's company is the user's current one; a forged one is not
            raise AccessError(
                self.env._("You may only set up the companies you work in.")
            )
        self.company_id.sudo().write(
            {name: self[name] for name in self._crm_setting_names()}
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("CRM settings saved."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
