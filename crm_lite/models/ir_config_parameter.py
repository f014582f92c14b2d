from odoo import api, models
from odoo.exceptions import ValidationError

# The system parameters by which a whole database's crm_lite settings are set
# (spec §7, §9; what scripts and integrations set over RPC): each is the
# value of every company's setting of that name, which a company may then
# change for itself in the CRM settings.
SETTING_OF_PARAMETER = {
    "crm_lite.churn_months": "crm_lite_churn_months",
    "crm_lite.pool_days": "crm_lite_pool_days",
    "crm_lite.pool_warn_days": "crm_lite_pool_warn_days",
    "crm_lite.pool_max_owned": "crm_lite_pool_max_owned",
    "crm_lite.pool_daily_claims": "crm_lite_pool_daily_claims",
    "crm_lite.pool_reclaim_block_days": "crm_lite_pool_reclaim_block_days",
    "crm_lite.duplicate_similarity": "crm_lite_duplicate_similarity",
    "crm_lite.reminder_days": "crm_lite_reminder_days",
    "crm_lite.followup_escalate_days": "crm_lite_followup_escalate_days",
    "crm_lite.rfm_months": "crm_lite_rfm_months",
    "crm_lite.churn_risk_threshold": "crm_lite_churn_risk_threshold",
}


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    @api.model_create_multi
    def create(self, vals_list):
        params = super().create(vals_list)
        params._crm_set_every_company()
        return params

    def write(self, vals):
        result = super().write(vals)
        if {"key", "value"} & set(vals):
            self._crm_set_every_company()
        return result

    def _crm_set_every_company(self):
        """Give every company the value of crm_lite's setting parameters among
        these; a value that is not of the setting's type (a whole number, or
        a number for a decimal setting), or out of the setting's range (the
        company's constraint), is refused."""
        companies = self.env["res.company"].sudo().with_context(active_test=False)
        for param in self:
            name = SETTING_OF_PARAMETER.get(param.key)
            if not name:
                continue
            decimal = companies._fields[name].type == "float"
            try:
                value = (float if decimal else int)(param.value)
            except (TypeError, ValueError) as error:
                raise ValidationError(
                    self.env._(
                        "%(key)s takes a number, not %(value)s.",
                        key=param.key,
                        value=param.value,
                    )
                    if decimal
                    else self.env._(
                        "%(key)s takes a whole number, not %(value)s.",
                        key=param.key,
                        value=param.value,
                    )
                ) from error
            companies.search([]).write({name: value})

    @api.model
    def _crm_setting_default(self, name, default):
        """A new company's value of setting ``name``: the database's
        parameter when one is set, else ``default``."""
        key = next(k for k, setting in SETTING_OF_PARAMETER.items() if setting == name)
        try:
            # the setting's type is its default's
            return type(default)(self.sudo().get_param(key) or default)
        except ValueError:
            return default
