from odoo import api, fields, models
from odoo.exceptions import ValidationError

# settings that must stay positive (the others may be 0: no limit, or the
# general period)
AT_LEAST_ONE = ("crm_lite_churn_months", "crm_lite_pool_days")


class CrmSettingsMixin(models.AbstractModel):
    """crm_lite's settings, each stored in a system parameter: declared once,
    for Odoo's Settings (system administrators) and for the CRM
    administrators' own settings form."""

    _name = "crm_lite.settings.mixin"
    _description = "CRM Lite Settings Fields"

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

    def action_open_pool_days_per_level(self):
        """Each customer level's own pool period, kept on the level."""
        return self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lite.action_crm_dict_pool_days"
        )

    @api.model
    def _valid_field_parameter(self, field, name):
        return name == "config_parameter" or super()._valid_field_parameter(field, name)

    @api.model
    def _crm_parameters(self):
        """{field name: system parameter} of crm_lite's settings."""
        mixin_fields = self.env["crm_lite.settings.mixin"]._fields
        return {
            name: field.config_parameter
            for name, field in mixin_fields.items()
            if getattr(field, "config_parameter", None)
        }

    @api.model
    def _crm_stored_settings(self):
        """{field name: value} of crm_lite's settings as the system parameters
        hold them; a setting that is unset or no number has its default."""
        mixin = self.env["crm_lite.settings.mixin"]
        get_param = self.env["ir.config_parameter"].sudo().get_param
        values = {}
        for name, key in mixin._crm_parameters().items():
            default = mixin._fields[name].default
            fallback = default(mixin) if default else 0
            try:
                values[name] = int(get_param(key) or fallback)
            except ValueError:
                values[name] = fallback
        return values

    @api.constrains(lambda self: list(self._crm_parameters()))
    def _check_crm_settings(self):
        for settings in self:
            for name in self._crm_parameters():
                minimum = 1 if name in AT_LEAST_ONE else 0
                if settings[name] < minimum:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s must be at least %(minimum)s.",
                            setting=self._fields[name]._description_string(self.env),
                            minimum=minimum,
                        )
                    )


class ResConfigSettings(models.TransientModel):
    _name = "res.config.settings"
    _inherit = ["res.config.settings", "crm_lite.settings.mixin"]


class CrmSettings(models.TransientModel):
    """The CRM administrators' settings form: Odoo's Settings are for system
    administrators only, while crm_lite's administrators set up the churn
    warnings and the public pool themselves."""

    _name = "crm_lite.settings"
    _inherit = ["crm_lite.settings.mixin"]
    _description = "CRM Lite Settings"

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        values.update(
            (name, value)
            for name, value in self._crm_stored_settings().items()
            if name in fields_list
        )
        return values

    def action_save(self):
        """Store the settings (only CRM administrators reach this record)."""
        self.ensure_one()
        self.check_access("write")
        set_param = self.env["ir.config_parameter"].sudo().set_param
        for name, key in self._crm_parameters().items():
            set_param(key, str(self[name]))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("CRM settings saved."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
