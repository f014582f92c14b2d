"""The demo's story: its events (moment, step) replayed in order, each at its
moment and as the user who takes it; the administrator's set-up and the
scheduler's runs. The steps of customers, chances and services are in
customer_steps.py and chance_steps.py."""

import datetime
import random

import pytz

from odoo import Command, fields

from .chance_steps import ChanceSteps
from .chances import CHANCES
from .company import CHURN_SCAN_FROM, COMPANY, M1, M2, POOL_RETURN_FROM, PRODUCTS, TZ
from .customer_steps import CUSTOMERS, CustomerSteps
from .services import SERVICES


class Story(CustomerSteps, ChanceSteps):
    """Events (moment, step) replayed in order, each at its moment."""

    def __init__(self, env):
        self.env = env
        self.rng = random.Random(20250610)
        self.tz = pytz.timezone(TZ)
        self.now = fields.Datetime.now()
        self.today = pytz.utc.localize(self.now).astimezone(self.tz).date()
        self.events = []
        self.records = {}
        self.users = {
            login: env.ref(f"crm_lite.user_{login}")
            for login in (M1, M2, "crm_supervisor", "crm_executive", "crm_admin")
        }
        self.users["admin"] = env.ref("base.user_admin")
        self.envs = {}
        self.order_numbers = {}

    # time

    def moment(self, day, hour=10, minute=0):
        """UTC moment of ``hour:minute`` in Shanghai ``day`` days ago."""
        local = datetime.datetime.combine(
            self.today - datetime.timedelta(days=day), datetime.time(hour, minute)
        )
        utc = self.tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
        return min(utc, self.now - datetime.timedelta(minutes=5))

    def on(self, day, hour, step, *args):
        minute = self.rng.randrange(0, 60, 5)
        self.events.append(
            (self.moment(day, hour, minute), len(self.events), step, args)
        )

    def date(self, day):
        return self.today - datetime.timedelta(days=day)

    # people

    def env_of(self, login):
        """The environment of a request by this user: their language, time
        zone and company."""
        if login not in self.envs:
            user = self.users[login]
            context = dict(self.env(user=user)["res.users"].context_get())
            if "company" in self.records:
                # as when the company is chosen in the company switcher
                context["allowed_company_ids"] = self.records["company"].ids
            self.envs[login] = self.env(user=user, su=False, context=context)
        return self.envs[login]

    def scheduler(self):
        """The scheduled actions run as their user, OdooBot."""
        root = self.env.ref("base.user_root")
        context = self.env(user=root)["res.users"].context_get()
        return self.env(user=root, su=True, context=dict(context))

    def as_user(self, login, record):
        return record.with_env(self.env_of(login))

    def xmlid(self, name, record):
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"crm_lite.{name}", "record": record, "noupdate": True}]
        )
        self.records[name] = record

    # the play

    def play(self):
        # only the demo needs it (one of Odoo's own requirements)
        from freezegun import freeze_time

        self.plan()
        self.events.sort(key=lambda event: (event[0], event[1]))
        cr = self.env.cr
        freezer = freeze_time(self.events[0][0])
        clock = freezer.start()
        try:
            for moment, _seq, step, args in self.events:
                clock.move_to(moment)
                cr._now = moment
                step(*args)
                # each step's tracking messages now, at its moment
                self.env.flush_all()
                cr.precommit.run()
        finally:
            freezer.stop()
            cr._now = None
        # today, the scheduler catches up as at the first start
        self.run_crons()
        self.env.flush_all()
        cr.precommit.run()

    def plan(self):
        self.on(560, 9, self.setup_company)
        self.on(548, 9, self.setup_catalogue)
        for day in range(CHURN_SCAN_FROM, 0, -14):
            self.on(day, 8, self.run_churn_scan)
        for day in range(POOL_RETURN_FROM, 0, -7):
            self.on(day, 8, self.run_pool_return)
        demand = dict.fromkeys(PRODUCTS, 0)
        for spec in CUSTOMERS:
            self.plan_customer(spec, demand)
        for spec in CHANCES:
            self.plan_chance(spec, demand)
        for service in SERVICES:
            self.plan_service(*service)
        self.on(4, 11, self.quotation, "customer_07", M2, [("product_sofa", 2)])
        self.on(2, 15, self.quotation, "customer_14", M1, [("product_desk", 12)])
        self.on(547, 14, self.initial_inventory, demand)

    # set-up by the administrator

    def setup_company(self):
        env = self.env_of("admin")
        cny = self.env.ref("base.CNY")
        cny.sudo().active = True
        values = dict(
            COMPANY,
            country_id=self.env.ref("base.cn").id,
            state_id=self.env.ref("base.state_cn_SH").id,
            currency_id=cny.id,
            paperformat_id=self.env.ref("base.paperformat_euro").id,
        )
        if "iap_enrich_auto_done" in env["res.company"]._fields:
            # its details are all here: no look-up on Odoo's IAP service
            values["iap_enrich_auto_done"] = True
        company = env["res.company"].create(values)
        company.partner_id.tz = TZ
        company.resource_calendar_id.tz = TZ
        self.records["company"] = company
        self.records["warehouse"] = (
            env["stock.warehouse"]
            .with_company(company)
            .create(
                {
                    "name": "上海总仓",
                    "code": "SHZC",
                    "company_id": company.id,
                    "partner_id": company.partner_id.id,
                }
            )
        )
        staff = [self.users[login] for login in self.users if login != "admin"]
        for user in staff:
            user.sudo().write(
                {"company_ids": [Command.set(company.ids)], "company_id": company.id}
            )
        # Odoo's administrator stays as the host's demo has him (his company,
        # language and time zone: the host's own tests log in as him); he may
        # switch to the new company, where his steps here take place
        self.users["admin"].sudo().write({"company_ids": [Command.link(company.id)]})
        self.envs.clear()

    def setup_catalogue(self):
        Product = self.env_of("admin")["product.product"]
        for xmlid, (english, chinese, code, price, cost, _qty) in PRODUCTS.items():
            product = Product.create(
                {
                    "name": chinese,
                    "default_code": code,
                    "list_price": price,
                    "standard_price": cost,
                    "is_storable": True,
                    "company_id": self.records["company"].id,
                }
            )
            template = product.product_tmpl_id
            template.update_field_translations(
                "name", {"en_US": english, "zh_CN": chinese}
            )
            self.xmlid(xmlid, product)
            # as an XML record of a product names its template
            self.xmlid(f"{xmlid}_product_template", template)

    def initial_inventory(self, demand):
        """期初盘点: what the orders of the demo take, and some left over."""
        Quant = self.env_of("admin")["stock.quant"].with_context(inventory_mode=True)
        location = self.records["warehouse"].lot_stock_id
        quants = Quant.create(
            [
                {
                    "product_id": self.records[xmlid].id,
                    "location_id": location.id,
                    "inventory_quantity": quantity + PRODUCTS[xmlid][5] * 12,
                }
                for xmlid, quantity in demand.items()
            ]
        )
        quants.action_apply_inventory()

    # the scheduler

    def run_churn_scan(self):
        self.scheduler()["crm_lite.loss"]._cron_detect_churn()

    def run_pool_return(self):
        self.scheduler()["res.partner"]._cron_return_to_pool()

    def run_crons(self):
        # the night's RFM figures first: the churn scan reads the customers'
        # buying rhythm from them (its rhythm rule)
        self.scheduler()["res.partner"]._cron_refresh_rfm()
        self.run_churn_scan()
        self.run_pool_return()
        # the day's reminders (to-dos, 今日提醒)
        self.scheduler()["crm_lite.reminder"]._cron_send_reminders()
