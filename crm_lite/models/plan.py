from odoo import api, fields, models

from .input_checks import check_input_values


class CrmPlan(models.Model):
    """Development plan line (sal_plan): what the assignee plans to do for a
    chance and, once done, how it went."""

    _name = "crm_lite.plan"
    _description = "Chance Development Plan"
    _order = "date, id"

    chance_id = fields.Many2one(
        "crm_lite.chance", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="chance_id.company_id", store=True, index=True, precompute=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    todo = fields.Char(string="Plan Item", required=True)
    result = fields.Char(string="Outcome")

    def _check_chance_in_development(self, chances):
        if not self.env.su:
            chances._check_may_develop()

    @api.model_create_multi
    def create(self, vals_list):
        check_input_values(self, vals_list)
        chances = self.env["crm_lite.chance"].browse(
            {vals.get("chance_id") for vals in vals_list if vals.get("chance_id")}
        )
        self._check_chance_in_development(chances.exists())
        return super().create(vals_list)

    def write(self, vals):
        check_input_values(self, [vals])
        chances = self.chance_id
        if vals.get("chance_id"):
            chances |= self.env["crm_lite.chance"].browse(vals["chance_id"]).exists()
        self._check_chance_in_development(chances)
        return super().write(vals)

    def unlink(self):
        self._check_chance_in_development(self.chance_id)
        return super().unlink()
