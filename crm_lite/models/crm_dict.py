from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .input_checks import check_input_values

# the lists the dictionary holds; each is what one kind of field picks from
DICT_TYPES = [
    ("region", "Region"),
    ("customer_level", "Customer Level"),
    ("service_type", "Service Type"),
]


class CrmDict(models.Model):
    """Data dictionary (bas_dict): the lists of values other records pick from."""

    _name = "crm_lite.dict"
    _description = "CRM Data Dictionary Entry"
    _order = "type, sequence, id"
    _rec_name = "item"

    type = fields.Selection(DICT_TYPES, string="Category", required=True, index=True)
    item = fields.Char(required=True, translate=True)
    value = fields.Char()
    sequence = fields.Integer(default=10)
    is_editable = fields.Boolean(string="Editable", default=True)
    pool_days = fields.Integer(
        string="Pool Period (days)",
        help="Customer levels: days without an interaction or a confirmed "
        "order before a customer of this level returns to the public pool; "
        "0 uses the general period of the settings.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "type_item_unique",
            "unique(type, item)",
            "An item appears only once in its category.",
        ),
    ]

    @api.constrains("pool_days", "type")
    def _check_pool_days(self):
        for entry in self:
            if entry.pool_days < 0:
                raise ValidationError(self.env._("A pool period cannot be negative."))
            if entry.pool_days and entry.type != "customer_level":
                raise ValidationError(
                    self.env._("Only customer levels have their own pool period.")
                )

    @api.model
    def _check_category(self, records, field_name):
        """Refuse dictionary entries of another category than the one the
        field's domain names (domains only filter what the UI offers)."""
        field = records._fields[field_name]
        expected = {leaf[0]: leaf[2] for leaf in field.domain}["type"]
        for record in records:
            entry = record[field_name]
            if entry and entry.sudo().type != expected:
                raise ValidationError(
                    self.env._(
                        "%(entry)s is no valid %(field)s.",
                        entry=entry.sudo().item,
                        field=field._description_string(self.env),
                    )
                )

    def _check_editable(self):
        """Non-editable entries belong to the module: only module data loading
        (running as superuser) may change them, never a user, admins included."""
        if self.env.su:
            return
        locked = self.filtered(lambda entry: not entry.is_editable)
        if locked:
            raise UserError(
                self.env._(
                    "These dictionary entries are not editable: %(items)s",
                    items=", ".join(locked.mapped("item")),
                )
            )

    def _check_lock_request(self, vals):
        if not self.env.su and vals.get("is_editable") is False:
            raise UserError(
                self.env._("Only the module's own data may ship non-editable entries.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        check_input_values(self, vals_list)
        for vals in vals_list:
            self._check_lock_request(vals)
        return super().create(vals_list)

    # settings kept on an entry: CRM administrators set them on the module's
    # own (non-editable) entries too
    _setting_fields = {"pool_days"}

    def write(self, vals):
        check_input_values(self, [vals])
        if not set(vals) <= self._setting_fields:
            self._check_editable()
        self._check_lock_request(vals)
        return super().write(vals)

    def unlink(self):
        self._check_editable()
        return super().unlink()
