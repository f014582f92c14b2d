from odoo import api, models
from odoo.exceptions import UserError


class CrmWorkflowImport(models.AbstractModel):
    """Import (load) of assigned records: an assignment the importer may not
    make does not fail the whole file; the row is imported unassigned and
    says why."""

    _inherit = "crm_lite.workflow.mixin"

    @api.model
    def load(self, fields, data):
        refusals = {}
        result = super(
            CrmWorkflowImport, self.with_context(crm_lite_import_refusals=refusals)
        ).load(fields, data)
        if result["ids"]:  # else nothing was imported (errors)
            result["messages"].extend(refusals.values())
        return result

    def _load_records(self, data_list, update=False, ignore_duplicates=False):
        refusals = self.env.context.get("crm_lite_import_refusals")
        if refusals is None:
            return super()._load_records(data_list, update, ignore_duplicates)
        unassigned = [
            dict(
                data, values={k: v for k, v in data["values"].items() if k != "user_id"}
            )
            for data in data_list
        ]
        records = super()._load_records(unassigned, update, ignore_duplicates)
        for data, loaded in zip(data_list, unassigned, strict=True):
            assignee = data["values"].get("user_id")
            record = loaded.get("record")
            if not assignee or not record or record.user_id.id == assignee:
                continue
            try:
                with self.env.cr.savepoint():
                    record.action_assign(assignee)
            except UserError as error:
                info = data.get("info") or {}
                refusals[info.get("record", record.id)] = dict(
                    info,
                    type="warning",
                    field="user_id",
                    message=self.env._(
                        "Imported without its assignee: %(reason)s",
                        reason=error.args[0],
                    ),
                )
        return records
