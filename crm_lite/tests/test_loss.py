import datetime

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from ..models.loss import OPEN_STATES
from ..models.res_partner_rfm import risk_band, risk_band_sql
from .common import SERIALIZATION_FAILURE, CrmLiteCase, run_behind, watch_writes


@tagged("post_install", "-at_install")
class TestChurnDetection(CrmLiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Loss = cls.env["crm_lite.loss"]
        # the scan counts in the day of the customers' company
        cls.today = cls.env.company._crm_today()
        cls.env.company.crm_lite_churn_months = 6
        # the shared customers ordered recently: they stay out of the way
        (cls.customer_a | cls.customer_b | cls.pool_customer).write(
            {"last_order_date": cls.today}
        )

    def _customer(self, name, last_order=None, created=None, **values):
        customer = self.new_customer(name, owner=self.manager_a, **values)
        self.env.cr.execute(
            "UPDATE res_partner SET last_order_date = %s, create_date = %s, "
            "crm_customer_date = %s WHERE id = %s",
            # a customer since its creation, or at least since its last order
            [
                last_order,
                created or self.today,
                min(created or self.today, last_order or self.today),
                customer.id,
            ],
        )
        customer.invalidate_recordset()
        return customer

    def _open_losses(self, customers):
        return self.Loss.search(
            [
                ("partner_id", "in", customers.ids),
                ("state", "in", OPEN_STATES),
            ]
        )

    def test_boundaries(self):
        limit = self.today - relativedelta(months=6)
        over = self._customer("Over", last_order=limit - relativedelta(days=1))
        exactly = self._customer("Exactly", last_order=limit)
        under = self._customer("Under", last_order=limit + relativedelta(days=1))
        never_old = self._customer(
            "Never ordered, old", created=limit - relativedelta(days=1)
        )
        never_new = self._customer(
            "Never ordered, new", created=limit + relativedelta(days=3)
        )
        lost = self._customer(
            "Lost", last_order=limit - relativedelta(years=1), crm_state="lost"
        )
        vendor = self.env["res.partner"].create({"name": "Old vendor"})
        flagged = self.Loss._cron_detect_churn()
        candidates = over | exactly | under | never_old | never_new | lost | vendor
        self.assertEqual(flagged.partner_id & candidates, over | never_old)
        loss = flagged.filtered(lambda rec: rec.partner_id == over)
        self.assertEqual(loss.state, "warning")
        self.assertEqual(loss.user_id, self.manager_a)
        self.assertEqual(loss.last_order_date, limit - relativedelta(days=1))

    def test_setting_changes_the_period(self):
        customer = self._customer(
            "Two months", last_order=self.today - relativedelta(months=2, days=1)
        )
        self.assertFalse(
            self.Loss._cron_detect_churn().filtered(
                lambda loss: loss.partner_id == customer
            )
        )
        self.env.company.crm_lite_churn_months = 2
        self.assertEqual(self.Loss._cron_detect_churn().partner_id & customer, customer)

    def test_idempotent_and_already_flagged(self):
        old = self._customer("Old", last_order=self.today - relativedelta(years=1))
        first = self.Loss._cron_detect_churn()
        self.assertIn(old, first.partner_id)
        second = self.Loss._cron_detect_churn()
        self.assertFalse(second)
        self.assertEqual(len(self._open_losses(old)), 1)
        self._open_losses(old).with_user(self.manager_a).action_add_measure("Called")
        self.assertFalse(self.Loss._cron_detect_churn())
        self.assertEqual(len(self._open_losses(old)), 1)

    def test_one_open_record_per_customer_in_the_database(self):
        old = self._customer("Old", last_order=self.today - relativedelta(years=1))
        self.Loss._cron_detect_churn()
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.Loss.create({"partner_id": old.id})
            self.env.flush_all()
        self.assertEqual(len(self._open_losses(old)), 1)

    def test_open_states_of_the_database_are_the_models(self):
        # the index that keeps one open record per customer (and the scan's
        # conflict target) takes its states from OPEN_STATES
        self.env.cr.execute(
            """
            SELECT pg_get_expr(indpred, indrelid) FROM pg_index
             WHERE indexrelid = 'crm_lite_loss_one_open_per_customer'::regclass
            """
        )
        [predicate] = self.env.cr.fetchone()
        states = [state for state, _label in self.Loss._fields["state"].selection]
        self.assertEqual(
            [state for state in states if f"'{state}'" in predicate],
            list(OPEN_STATES),
        )
        # a closed record leaves room for a new warning; an open one, none
        old = self._customer("Old", last_order=self.today - relativedelta(years=1))
        [loss] = self.Loss._cron_detect_churn() & self._open_losses(old)
        self.assertEqual(loss.state, self.Loss._fields["state"].default(self.Loss))
        self.assertFalse(self.Loss._cron_detect_churn() & self._open_losses(old))
        loss.action_confirm_lost("Moved away")
        old.sudo().write({"crm_state": "normal"})
        self.assertTrue(
            self.Loss._cron_detect_churn().filtered(lambda new: new.partner_id == old)
        )

    def test_recovery_when_ordering_again(self):
        old = self._customer("Old", last_order=self.today - relativedelta(years=1))
        loss = self.Loss._cron_detect_churn().filtered(
            lambda rec: rec.partner_id == old
        )
        order = (
            self.env["sale.order"]
            .with_user(self.manager_a)
            .create(
                {
                    "partner_id": old.id,
                    "order_line": [(0, 0, {"product_id": self.product.id})],
                }
            )
        )
        self.assertEqual(loss.state, "warning")
        order.action_confirm()
        self.assertEqual(loss.state, "recovered")
        self.assertEqual(old.last_order_date, self.today)
        self.assertFalse(
            self.Loss._cron_detect_churn().filtered(lambda rec: rec.partner_id == old)
        )


@tagged("post_install", "-at_install")
class TestLossActions(CrmLiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loss_a = cls.env["crm_lite.loss"].create({"partner_id": cls.customer_a.id})
        cls.loss_b = cls.env["crm_lite.loss"].create({"partner_id": cls.customer_b.id})

    def test_visibility(self):
        Loss = self.env["crm_lite.loss"]
        both = self.loss_a | self.loss_b
        self.assertEqual(
            Loss.with_user(self.manager_a).search([("id", "in", both.ids)]), self.loss_a
        )
        self.assertEqual(
            Loss.with_user(self.manager_b).search([("id", "in", both.ids)]), self.loss_b
        )
        for role in ("supervisor", "executive"):
            self.assertEqual(
                Loss.with_user(getattr(self, role)).search([("id", "in", both.ids)]),
                both,
            )

    def test_delay_measures(self):
        loss = self.loss_a.with_user(self.manager_a)
        loss.action_add_measure("Visited, offered a discount")
        loss.action_add_measure("  Sent samples  ")
        self.assertEqual(self.loss_a.state, "delayed")
        self.assertEqual(
            self.loss_a.measure_ids.mapped("text"),
            ["Visited, offered a discount", "Sent samples"],
        )
        self.assertEqual(self.loss_a.measure_ids.author_id, self.manager_a)
        self.assertEqual(
            self.loss_a.measure_ids[0].date, fields.Date.context_today(loss)
        )

    def test_measure_refusals(self):
        for text in ("", "   ", None, 42):
            with self.assertRaises(UserError):
                self.loss_a.with_user(self.manager_a).action_add_measure(text)
        with self.assertRaises(AccessError):
            self.loss_b.with_user(self.manager_a).action_add_measure("Not mine")
        with self.assertRaises(AccessError):
            self.loss_a.with_user(self.executive).action_add_measure("Exec")
        with self.assertRaises(AccessError):
            self.env["crm_lite.loss.measure"].with_user(self.manager_a).create(
                {"loss_id": self.loss_a.id, "text": "Direct"}
            )
        self.assertEqual(self.loss_a.state, "warning")
        self.assertFalse(self.loss_a.measure_ids)

    def test_confirm_lost(self):
        with self.assertRaises(UserError):
            self.loss_a.with_user(self.manager_a).action_confirm_lost("  ")
        self.assertEqual(self.loss_a.state, "warning")
        self.loss_a.with_user(self.manager_a).action_add_measure("Tried")
        self.loss_a.with_user(self.manager_a).action_confirm_lost(
            "Moved to a competitor"
        )
        self.assertEqual(self.loss_a.state, "lost")
        self.assertEqual(self.loss_a.reason, "Moved to a competitor")
        self.assertEqual(self.loss_a.lost_date, fields.Date.context_today(self.loss_a))
        self.assertEqual(self.customer_a.crm_state, "lost")
        for action, argument in (
            ("action_add_measure", "Late"),
            ("action_confirm_lost", "Again"),
        ):
            with self.assertRaises(UserError):
                getattr(self.loss_a.with_user(self.supervisor), action)(argument)

    def test_transitions_go_through_write(self):
        # a module extending loss records' write sees each action's change
        writes = watch_writes(self, "crm_lite.loss")
        loss = self.loss_a.with_user(self.manager_a)
        loss.action_add_measure("Tried")
        loss.action_confirm_lost("Moved to a competitor")
        self.assertEqual(
            [(ids, vals["state"]) for ids, vals in writes if "state" in vals],
            [(self.loss_a.ids, "delayed"), (self.loss_a.ids, "lost")],
        )
        # and after the actions, its write still refuses the workflow fields
        with self.assertRaises(UserError):
            self.loss_a.with_user(self.supervisor).write({"state": "warning"})
        self.assertEqual(self.loss_a.state, "lost")

    def test_supervisor_acts_on_all(self):
        self.loss_b.with_user(self.supervisor).action_confirm_lost("Closed down")
        self.assertEqual(self.customer_b.crm_state, "lost")

    def test_state_and_fields_only_through_actions(self):
        for values in ({"state": "lost"}, {"reason": "x"}, {"lost_date": "2026-01-01"}):
            with self.assertRaises(UserError):
                self.loss_a.with_user(self.supervisor).write(values)
        with self.assertRaises(AccessError):
            self.env["crm_lite.loss"].with_user(self.supervisor).create(
                {"partner_id": self.pool_customer.id}
            )
        self.assertEqual(self.loss_a.state, "warning")

    def test_wizards(self):
        action = (
            self.loss_a.with_user(self.manager_a)
            .with_context(crm_lite_loss_mode="measure")
            .action_open_wizard()
        )
        wizard = (
            self.env["crm_lite.loss.wizard"]
            .with_user(self.manager_a)
            .with_context(**action["context"])
            .create({"text": "Lunch with the buyer"})
        )
        wizard.action_apply()
        self.assertEqual(self.loss_a.state, "delayed")
        wizard = (
            self.env["crm_lite.loss.wizard"]
            .with_user(self.manager_a)
            .create(
                {"loss_ids": self.loss_a.ids, "mode": "confirm", "text": "Bankrupt"}
            )
        )
        wizard.action_apply()
        self.assertEqual((self.loss_a.state, self.loss_a.reason), ("lost", "Bankrupt"))


@tagged("post_install", "-at_install")
class TestChurnRace(TransactionCase):
    """Two scans in two database transactions at once never create two open
    records for one customer (committed data, real connections)."""

    def test_two_cursors_insert_for_the_same_customer(self):
        db = sql_db.db_connect(self.env.cr.dbname)
        today = fields.Date.today()
        with db.cursor() as setup_cr:
            setup_cr.execute("SELECT coalesce(max(id), 0) FROM crm_lite_loss")
            (last_loss_id,) = setup_cr.fetchone()
            env = api.Environment(setup_cr, SUPERUSER_ID, {})
            customer = env["res.partner"].create(
                {"name": "Race churn Ltd", "is_company": True, "is_crm_customer": True}
            )
            # a customer for years, who last ordered two years ago
            setup_cr.execute(
                "UPDATE res_partner SET last_order_date = %s, crm_customer_date = %s "
                "WHERE id = %s",
                [
                    today - relativedelta(years=2),
                    today - relativedelta(years=3),
                    customer.id,
                ],
            )
            customer_id = customer.id
            setup_cr.commit()
        try:
            first_cr, second_cr = db.cursor(), db.cursor()
            try:
                env1 = api.Environment(first_cr, SUPERUSER_ID, {})
                env2 = api.Environment(second_cr, SUPERUSER_ID, {})
                flagged_first = env1["crm_lite.loss"]._cron_detect_churn()
                self.assertIn(customer_id, flagged_first.partner_id.ids)
                flagged = run_behind(
                    self,
                    first_cr,
                    second_cr,
                    lambda: env2["crm_lite.loss"]._cron_detect_churn().partner_id.ids,
                )
                self.assertTrue(
                    flagged == SERIALIZATION_FAILURE or customer_id not in flagged
                )
            finally:
                first_cr.close()
                second_cr.close()
            with db.cursor() as check_cr:
                check_cr.execute(
                    "SELECT count(*) FROM crm_lite_loss WHERE partner_id = %s "
                    "AND state = ANY(%s)",
                    [customer_id, list(OPEN_STATES)],
                )
                self.assertEqual(check_cr.fetchone()[0], 1)
        finally:
            with db.cursor() as cleanup_cr:
                # both scans committed warnings for every idle customer
                cleanup_cr.execute(
                    "DELETE FROM crm_lite_loss WHERE id > %s", [last_loss_id]
                )
                cleanup_cr.execute(
                    "DELETE FROM res_partner WHERE id = %s", [customer_id]
                )
                cleanup_cr.commit()


@tagged("post_install", "-at_install")
class TestChurnRhythm(CrmLiteCase):
    """Customers who bought on three days at least are warned by their own
    buying rhythm (the usual gap the RFM refresh keeps) instead of the fixed
    churn period; the others keep the fixed period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Loss = cls.env["crm_lite.loss"]
        cls.today = cls.env.company._crm_today()
        cls.env.company.write(
            {"crm_lite_churn_months": 6, "crm_lite_churn_risk_threshold": 2.0}
        )
        # the shared customers ordered recently: they stay out of the way
        (cls.customer_a | cls.customer_b | cls.pool_customer).write(
            {"last_order_date": cls.today}
        )

    def _buyer(self, name, days_ago):
        """A customer of manager A for years, with a confirmed order on each
        of the days ``days_ago`` before today."""
        customer = self.new_customer(name, owner=self.manager_a)
        for days in days_ago:
            order = self.new_order(None, customer)
            order.action_confirm()
            order.write(
                {
                    "date_order": datetime.datetime.combine(
                        self.today - datetime.timedelta(days=days), datetime.time(10)
                    )
                }
            )
        self.env.cr.execute(
            "UPDATE res_partner SET crm_customer_date = %s WHERE id = %s",
            [self.today - relativedelta(years=5), customer.id],
        )
        customer.invalidate_recordset()
        return customer

    def _scan(self):
        self.env["res.partner"]._crm_refresh_rfm(today=self.today)
        return self.Loss._cron_detect_churn(today=self.today)

    def test_monthly_buyer_silent_for_70_days_is_warned(self):
        monthly = self._buyer("Monthly", [70, 100, 130, 160, 190])
        yearly = self._buyer("Yearly", [200, 565, 930])
        twice = self._buyer("Twice, long ago", [200, 230])
        once_recent = self._buyer("Once, recently", [70])
        flagged = self._scan()
        candidates = monthly | yearly | twice | once_recent
        # the yearly buyer is past the fixed months, within its rhythm; the
        # customer with two purchases keeps the fixed rule
        self.assertEqual(flagged.partner_id & candidates, monthly | twice)
        self.assertEqual(monthly.order_gap_days, 30.0)
        self.assertEqual(yearly.order_gap_days, 365.0)
        self.assertFalse(twice.order_gap_days)
        rhythm = flagged.filtered(lambda loss: loss.partner_id == monthly)
        self.assertEqual(
            (rhythm.rule, rhythm.usual_gap_days, rhythm.risk, rhythm.risk_band),
            ("rhythm", 30.0, round(70 / 30, 2), "2_to_3"),
        )
        self.assertEqual(rhythm.last_order_date, self.today - relativedelta(days=70))
        months = flagged.filtered(lambda loss: loss.partner_id == twice)
        self.assertEqual(
            (months.rule, months.usual_gap_days, months.risk, months.risk_band),
            ("months", 0.0, 0.0, "none"),
        )
        # the account manager reads why
        self.assertEqual(rhythm.with_user(self.manager_a).rule, "rhythm")

    def test_threshold_is_the_companys_setting(self):
        monthly = self._buyer("Monthly", [70, 100, 130, 160])
        self.env.company.crm_lite_churn_risk_threshold = 2.5
        self.assertFalse(self._scan().partner_id & monthly)
        self.env.company.crm_lite_churn_risk_threshold = 2.3
        self.assertEqual(self._scan().partner_id & monthly, monthly)
        with self.assertRaises(ValidationError):
            self.env.company.crm_lite_churn_risk_threshold = 1.0

    def test_risk_bands(self):
        self.assertEqual(
            [risk_band(risk) for risk in (None, 1.2, 1.5, 1.99, 2.0, 2.99, 3.0, 9.0)],
            [
                "none",
                "under_1_5",
                "1_5_to_2",
                "1_5_to_2",
                "2_to_3",
                "2_to_3",
                "3_or_more",
                "3_or_more",
            ],
        )
        # the database's bands are the model's
        for risk in (1.2, 1.5, 2.0, 2.99, 3.0):
            self.env.cr.execute(
                SQL("SELECT %s", risk_band_sql(SQL("%s::numeric", risk)))
            )
            self.assertEqual(self.env.cr.fetchone()[0], risk_band(risk))
        loss = self.Loss.create(
            {"partner_id": self.customer_a.id, "rule": "rhythm", "risk": 2.5}
        )
        self.assertEqual(loss.risk_band, "2_to_3")
