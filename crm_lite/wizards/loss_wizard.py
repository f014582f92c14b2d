from odoo import fields, models


class CrmLossWizard(models.TransientModel):
    """The 暂缓流失 and 确认流失 dialogs: a measure, or the loss reason."""

    _name = "crm_lite.loss.wizard"
    _description = "Record a Delay Measure or Confirm a Loss"

    loss_ids = fields.Many2many("crm_lite.loss", required=True)
    mode = fields.Selection(
        [("measure", "Delay Measure"), ("confirm", "Confirm Loss")],
        required=True,
        default="measure",
    )
    text = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        if self.mode == "measure":
            self.loss_ids.action_add_measure(self.text)
        else:
            self.loss_ids.action_confirm_lost(self.text)
        return {"type": "ir.actions.act_window_close"}
