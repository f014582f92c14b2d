from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CrmLiteCase


@tagged("post_install", "-at_install")
class TestInteraction(CrmLiteCase):
    def _record(self, user, partner, **values):
        return (
            self.env["crm_lite.interaction"]
            .with_user(user)
            .create(
                dict(
                    {"partner_id": partner.id, "place": "Office", "name": "Visit"},
                    **values,
                )
            )
        )

    def test_account_manager_records_for_own_customer(self):
        interaction = self._record(self.manager_a, self.customer_a, note="Went well")
        self.assertEqual(interaction.date, fields.Date.context_today(interaction))
        self.assertEqual(interaction.user_id, self.manager_a)
        self.assertEqual(self.customer_a.interaction_ids, interaction)
        self.assertEqual(self.customer_a.interaction_count, 1)

    def test_visibility_follows_customer(self):
        own = self._record(self.manager_a, self.customer_a)
        foreign = self._record(self.manager_b, self.customer_b)
        pooled = self._record(self.supervisor, self.pool_customer)
        Interaction = self.env["crm_lite.interaction"]
        everything = own | foreign | pooled
        self.assertEqual(
            Interaction.with_user(self.manager_a).search(
                [("id", "in", everything.ids)]
            ),
            own | pooled,
        )
        for role in ("supervisor", "executive"):
            self.assertEqual(
                Interaction.with_user(getattr(self, role)).search(
                    [("id", "in", everything.ids)]
                ),
                everything,
            )
        with self.assertRaises(AccessError):
            foreign.with_user(self.manager_a).read(["name"])
        with self.assertRaises(AccessError):
            self._record(self.manager_a, self.customer_b)
        with self.assertRaises(AccessError):
            own.with_user(self.executive).write({"place": "Elsewhere"})

    def test_only_crm_customers(self):
        with self.assertRaises(ValidationError):
            self._record(self.supervisor, self.vendor)
        with self.assertRaises(ValidationError):
            self._record(self.manager_a, self.contact_a)
        self.assertFalse(
            self.env["crm_lite.interaction"].search(
                [("partner_id", "in", (self.vendor | self.contact_a).ids)]
            )
        )

    def test_required_fields(self):
        for missing in ("partner_id", "place", "name", "date"):
            values = {
                "partner_id": self.customer_a.id,
                "place": "Office",
                "name": "Visit",
                "date": "2026-01-02",
            }
            values[missing] = False
            with (
                self.subTest(missing=missing),
                self.assertRaises(Exception) as caught,
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                Interaction = self.env["crm_lite.interaction"]
                Interaction.with_user(self.manager_a).create(values)
                self.env.flush_all()
            self.assertIn(
                type(caught.exception).__name__, {"NotNullViolation", "ValidationError"}
            )
        self.assertFalse(self.customer_a.interaction_ids)
