from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .input_checks import check_input_values

# the lists the dictionary holds; each is what one kind of field picks from
DICT_TYPES = [
    ("region", "Region"),
    ("customer_level", "Customer Level"),
    ("service_type", "Service Type"),
    # 重要日期类型: what a customer's key date is (birthday, founding date...)
    ("key_date_type", "Key Date Type"),
]


def _item_in_language(alias):
    """SQL: the item of the entry aliased ``alias`` as read in the language
    ``lang.code`` (English when untranslated), normalised as
    ``_normalised_item`` does."""
    item = SQL.identifier(alias, "item")
    return SQL(
        "lower(regexp_replace(btrim(COALESCE(%s->>lang.code, %s->>'en_US')),"
        " %s, ' ', 'g'))",
        item,
        item,
        r"\s+",
    )


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
    # The item's untranslated text, normalised: what the database keeps
    # unique in a category. ``item`` is a JSON of its translations, and two
    # entries with one English text but other translations would otherwise
    # both pass a unique constraint; the translations themselves are
    # compared by _check_item_unique_in_every_language.
    item_key = fields.Char(compute="_compute_item_key", store=True, readonly=True)

    _sql_constraints = [
        (
            "type_item_unique",
            "unique(type, item_key)",
            "An item appears only once in its category.",
        ),
    ]

    @api.model
    def _normalised_item(self, text):
        return " ".join((text or "").split()).casefold()

    @api.depends("item")
    def _compute_item_key(self):
        for entry in self.with_context(lang="en_US"):
            entry.item_key = self._normalised_item(entry.item)

    @api.constrains("type", "item")
    def _check_item_unique_in_every_language(self):
        """An item is once in its category in every installed language,
        whatever case and spaces it was typed with: 北京 once for the staff
        reading Chinese even if an entry "北京" was added beside "Beijing"."""
        self.flush_model(["type", "item"])
        languages = [code for code, _name in self.env["res.lang"].get_installed()]
        self.env.cr.execute(
            SQL(
                """
                SELECT entry.id, lang.code
                  FROM crm_lite_dict entry
                  JOIN unnest(%(languages)s::text[]) AS lang(code) ON TRUE
                  JOIN crm_lite_dict other
                    ON other.type = entry.type AND other.id != entry.id
                   AND %(entry_text)s = %(other_text)s
                 WHERE entry.id = ANY(%(ids)s)
                 LIMIT 1
                """,
                languages=sorted(set(languages) | {"en_US"}),
                entry_text=_item_in_language("entry"),
                other_text=_item_in_language("other"),
                ids=self.ids,
            )
        )
        row = self.env.cr.fetchone()
        if row:
            entry = self.browse(row[0]).with_context(lang=row[1])
            raise ValidationError(
                self.env._(
                    "%(item)s is already an entry of %(category)s: an item "
                    "appears only once in its category, in every language.",
                    item=entry.item,
                    category=dict(
                        self._fields["type"]._description_selection(self.env)
                    )[entry.type],
                )
            )

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
        """Refuse dictionary entries outside the field's domain (its category):
        the domain that filters what the UI offers is the rule itself, also
        for what is written past the UI."""
        field = records._fields[field_name]
        entries = records.sudo()[field_name]
        allowed = entries.filtered_domain(field.get_domain_list(records))
        for record in records:
            entry = record[field_name]
            if entry and entry not in allowed:
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
        if "type" in vals:
            self.filtered(lambda entry: entry.type != vals["type"])._check_unused()
        return super().write(vals)

    @api.model
    def _usages(self):
        """(model, field) of every stored many-to-one field into the
        dictionary, whichever module adds it."""
        return [
            (model_name, field.name)
            for model_name, model in self.env.registry.items()
            if not model._abstract and model._auto
            for field in model._fields.values()
            if field.type == "many2one"
            and field.comodel_name == self._name
            and field.store
        ]

    def _check_unused(self):
        """An entry in use keeps its category: a region picked on customers
        would otherwise become a service type on them."""
        for model_name, field_name in self._usages():
            records = self.env[model_name].sudo().with_context(active_test=False)
            used = records._read_group([(field_name, "in", self.ids)], [field_name])
            if used:
                raise ValidationError(
                    self.env._(
                        "%(items)s is in use and keeps its category.",
                        items=", ".join(entry.item for [entry] in used),
                    )
                )

    def _update_field_translations(
        self, field_name, translations, digest=None, source_lang=None
    ):
        # the translation dialog writes the JSON directly, past the
        # constraints of write
        result = super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
        if field_name == "item":
            self._check_item_unique_in_every_language()
        return result

    def unlink(self):
        self._check_editable()
        return super().unlink()
