# One concern per file: the customer profile stays in res_partner.py.
# pylint: disable=consider-merging-classes-inherited
from lxml import etree

from odoo import api, models

# the CRM's own screens of customers
CRM_CUSTOMER_VIEWS = (
    "crm_lite.view_crm_customer_list",
    "crm_lite.view_crm_customer_kanban",
    "crm_lite.view_crm_customer_form",
    "crm_lite.view_crm_pool_list",
    "crm_lite.view_crm_contact_list",
    "crm_lite.view_crm_contact_form",
)


class ResPartnerScreens(models.Model):
    """What the CRM's customer screens offer: read-only for who changes no
    CRM customer, the defaults of a customer or contact registered there."""

    _inherit = "res.partner"

    @api.model
    def get_views(self, views, options=None):
        result = super().get_views(views, options)
        if self.env.user.has_group("crm_lite.group_account_manager"):
            return result
        # Who is no account manager changes no CRM customer (executives'
        # rule): the CRM's customer screens offer them nothing to change,
        # whatever rights on partners they hold elsewhere.
        read_only = {
            self.env.ref(xmlid).id
            for xmlid in CRM_CUSTOMER_VIEWS
            if self.env.ref(xmlid, False)
        }
        adjusted = False
        for view in result["views"].values():
            if view.get("id") not in read_only:
                continue
            adjusted = True
            arch = etree.fromstring(view["arch"])
            for action in ("create", "edit", "delete"):
                arch.set(action, "False")
            view["arch"] = etree.tostring(arch, encoding="unicode")
            if "toolbar" in view:
                view["toolbar"].pop("action", None)
        # the web client offers 存档 / 取消归档 while `active` is writable
        active = result["models"].get(self._name, {}).get("fields", {}).get("active")
        if adjusted and active:
            active["readonly"] = True
        return result

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        # a contacts tab gives default_parent_id, False while the customer is
        # not saved yet
        if values.get("parent_id") or "default_parent_id" in self.env.context:
            # a contact added on a customer's form is a person of that
            # customer, whatever the customer screen's defaults say
            for name in ("is_crm_customer", "is_company"):
                if name in fields_list:
                    values[name] = False
        elif self.env.context.get("crm_lite_customer"):
            # a customer registered from the CRM's customer screens; the
            # account manager who registers it owns it
            values.update(
                {
                    name: True
                    for name in ("is_crm_customer", "is_company")
                    if name in fields_list
                }
            )
            if "user_id" in fields_list and self.env.user._is_crm_account_manager():
                values["user_id"] = self.env.user.id
        return values
