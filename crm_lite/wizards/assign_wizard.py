from odoo import api, fields, models
from odoo.exceptions import UserError

ASSIGNABLE_MODELS = ("crm_lite.chance", "crm_lite.service")


class CrmAssignWizard(models.TransientModel):
    """Assignment dialog of the supervisors, for one record or several."""

    _name = "crm_lite.assign.wizard"
    _description = "Assign to an Account Manager"

    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_ids = fields.Json(string="Records", required=True, readonly=True)
    record_count = fields.Integer(
        string="Records to Assign", compute="_compute_record_count"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        required=True,
        domain="[('id', 'in', allowed_user_ids)]",
    )
    allowed_user_ids = fields.Many2many(
        "res.users",
        string="Assignable Account Managers",
        compute="_compute_allowed_user_ids",
        help="The account managers allowed in the companies of every record to assign.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") in ASSIGNABLE_MODELS:
            values.setdefault("res_model", context["active_model"])
            values.setdefault("res_ids", context.get("active_ids") or [])
        return values

    @api.depends("res_ids")
    def _compute_record_count(self):
        for wizard in self:
            wizard.record_count = len(wizard.res_ids or [])

    @api.depends("res_model", "res_ids")
    def _compute_allowed_user_ids(self):
        Users = self.env["res.users"]
        for wizard in self:
            companies = self.env["res.company"]
            if wizard.res_model in ASSIGNABLE_MODELS:
                ids = [rid for rid in wizard.res_ids or [] if isinstance(rid, int)]
                companies = self.env[wizard.res_model].browse(ids).exists().company_id
            wizard.allowed_user_ids = Users.search(
                Users._crm_account_manager_domain(companies)
            )

    def _records(self):
        self.ensure_one()
        if self.res_model not in ASSIGNABLE_MODELS:
            raise UserError(self.env._("Nothing to assign here."))
        ids = [rid for rid in self.res_ids or [] if isinstance(rid, int)]
        records = self.env[self.res_model].browse(ids).exists()
        if not records:
            raise UserError(self.env._("Select the records to assign first."))
        return records

    def action_assign(self):
        self._records().action_assign(self.user_id.id)
        return {"type": "ir.actions.act_window_close"}
