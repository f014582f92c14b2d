"""The demo's customers: entered by their account managers, their
interactions and orders, their churn warnings and returns to the pool."""

import datetime

from dateutil.relativedelta import relativedelta

from odoo import Command

from ..loss import OPEN_STATES
from .chances import WON_CUSTOMERS
from .company import PLACES, POOL_RETURN_FROM, PRODUCTS, SUMMARIES
from .customers_gone import CUSTOMERS_GONE
from .customers_kept import CUSTOMERS_KEPT

# in the order of their codes: the order in which the story draws their
# random moments and quantities
CUSTOMERS = sorted(CUSTOMERS_KEPT + CUSTOMERS_GONE, key=lambda spec: spec["xmlid"])


class CustomerSteps:
    """The steps of the story (story.py) that concern customers."""

    def owner_at(self, spec, day):
        for start, end, login in spec["periods"]:
            if start >= day >= end:
                return login
        return None

    def plan_customer(self, spec, demand):
        start, _end, owner = spec["periods"][0]
        self.on(start, 9, self.enter_customer, spec, owner)
        self.plan_history(spec, demand)
        for day, text in spec.get("measures", []):
            self.on(day, 16, self.add_measure, spec["xmlid"], day, text)
        if spec.get("lost"):
            day, reason = spec["lost"]
            self.on(day, 17, self.confirm_loss, spec["xmlid"], day, reason)
        if spec.get("claim"):
            day, login = spec["claim"]
            self.on(day, 9, self.claim, spec["xmlid"], login)

    def plan_history(self, spec, demand):
        """Interactions while owned (monthly or so; every three weeks once
        the pool is in use) and confirmed orders."""
        for start, end, login in spec["periods"]:
            day = start - self.rng.randint(2, 6)
            while day > end:
                self.on(
                    day, self.rng.randint(9, 17), self.interact, spec["xmlid"], login
                )
                gap = self.rng.randint(40, 75)
                if day - gap < POOL_RETURN_FROM + 30:
                    gap = self.rng.randint(14, 22)
                day -= gap
            # the last interaction of a customer still held names the next
            # contact: yesterday, today or tomorrow (今日提醒 of the demo)
            next_contact = None
            if spec in CUSTOMERS_KEPT and end == spec["periods"][-1][1]:
                next_contact = self.date(1 - CUSTOMERS_KEPT.index(spec) % 3)
            self.on(end, 15, self.interact, spec["xmlid"], login, next_contact)
        orders = spec.get("orders")
        if orders is None:
            orders, day = [], spec["last_order"]
            first = spec["periods"][0][0] - 8
            while day < first:
                orders.append(day)
                day += self.rng.randint(70, 140)
            orders.append(first)
        for day in orders:
            login = self.owner_at(spec, day) or self.owner_at(spec, day - 1)
            self.plan_order(spec["xmlid"], login, day, demand)

    def plan_order(self, customer, login, day, demand):
        lines = []
        for xmlid in self.rng.sample(list(PRODUCTS), self.rng.randint(1, 3)):
            typical = PRODUCTS[xmlid][5]
            quantity = self.rng.randint(max(1, typical // 2), typical * 2)
            lines.append((xmlid, quantity))
            demand[xmlid] += quantity
        self.on(day, 10, self.quotation, customer, login, lines, day)
        self.on(day, 15, self.confirm_order, customer, day)
        if day > 3:
            self.on(day - 2, 10, self.deliver, customer, day)

    def enter_customer(self, spec, login):
        Partner = self.env_of(login)["res.partner"]
        customer = Partner.create(self.customer_values(spec, login))
        self.xmlid(spec["xmlid"], customer)
        for index, (name, function, gender, mobile) in enumerate(spec["contacts"], 1):
            contact = Partner.create(
                {
                    "name": name,
                    "parent_id": customer.id,
                    "type": "contact",
                    "function": function,
                    "gender": gender,
                    "mobile": mobile,
                }
            )
            self.xmlid(f"{spec['xmlid']}_contact_{index}", contact)
        if spec in CUSTOMERS_KEPT:
            self.add_key_dates(customer, CUSTOMERS_KEPT.index(spec))

    def add_key_dates(self, customer, number):
        """The first contact's birthday, every fourth one by the lunar
        calendar, and every third customer's founding date: anniversaries
        spread over the coming weeks (days from today, not drawn at random:
        the other figures of the demo stay as they are)."""
        KeyDate = self.env_of(customer.user_id.login)["crm_lite.key.date"]
        in_days = self.today + datetime.timedelta(days=3 * number - 2)
        values = [
            {
                "partner_id": customer.child_ids[:1].id,
                "type_id": self.ref("dict_key_date_type_birthday").id,
                "date": in_days - relativedelta(years=30 + number),
                "lunar": number % 4 == 2,
            }
        ]
        if number % 3 == 0:
            values.append(
                {
                    "partner_id": customer.id,
                    "type_id": self.ref("dict_key_date_type_founding").id,
                    "date": in_days - relativedelta(years=8 + number, days=-5),
                }
            )
        KeyDate.create(values)

    def customer_values(self, spec, login):
        values = {
            "street": spec["street"],
            "city": spec["city"],
            "zip": spec["zip"],
            "state_id": self.env.ref(f"base.state_cn_{spec['state']}").id,
            "country_id": self.env.ref("base.cn").id,
            "phone": spec["phone"],
            "region_id": self.ref(spec["region"]).id,
            "customer_level_id": self.ref(spec["level"]).id,
            "satisfaction": spec["satisfaction"],
            "credit_rating": spec["credit"],
            "legal_representative": spec["legal"],
            "registered_capital": spec["capital"],
            "annual_turnover": spec["turnover"],
            "license_no": spec["license"],
            "vat": spec["license"],
        }
        if "name" in spec:
            values.update(
                name=spec["name"],
                is_company=True,
                is_crm_customer=True,
                user_id=self.users[login].id,
            )
        return values

    def ref(self, name):
        return self.records.get(name) or self.env.ref(f"crm_lite.{name}")

    def interact(self, customer, login, next_contact=None):
        place = self.rng.choice(PLACES)
        summary, note = self.rng.choice(SUMMARIES)
        values = {
            "partner_id": self.records[customer].id,
            "place": place,
            "name": summary,
            "note": note,
        }
        if next_contact:
            values["next_contact_date"] = next_contact
        self.env_of(login)["crm_lite.interaction"].create(values)

    def quotation(self, customer, login, lines, day=None):
        order = self.env_of(login)["sale.order"].create(
            {
                "partner_id": self.records[customer].id,
                "order_line": [
                    Command.create(
                        {"product_id": self.records[xmlid].id, "product_uom_qty": qty}
                    )
                    for xmlid, qty in lines
                ],
            }
        )
        if day is not None:
            self.records[f"order:{customer}:{day}"] = order
        number = self.order_numbers[customer] = self.order_numbers.get(customer, 0) + 1
        self.xmlid(f"order_{customer.removeprefix('customer_')}_{number}", order)

    def confirm_order(self, customer, day):
        order = self.records[f"order:{customer}:{day}"]
        order.with_env(order.env).action_confirm()

    def deliver(self, customer, day):
        order = self.records[f"order:{customer}:{day}"]
        for picking in self.as_user("admin", order.picking_ids):
            picking.action_assign()
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            picking.with_context(skip_backorder=True, skip_sms=True).button_validate()

    # churn and pool

    def open_loss(self, customer, login):
        loss = self.env_of(login)["crm_lite.loss"].search(
            [
                ("partner_id", "=", self.records[customer].id),
                ("state", "in", OPEN_STATES),
            ]
        )
        if not loss:
            raise AssertionError(f"demo: {customer} has no churn warning yet")
        return loss

    def add_measure(self, customer, day, text):
        login = self.owner_at(self.spec(customer), day)
        self.open_loss(customer, login).action_add_measure(text)

    def confirm_loss(self, customer, day, reason):
        login = self.owner_at(self.spec(customer), day)
        self.open_loss(customer, login).action_confirm_lost(reason)

    def claim(self, customer, login):
        self.as_user(login, self.records[customer]).action_claim()

    def spec(self, customer):
        return next(
            spec
            for spec in CUSTOMERS + list(WON_CUSTOMERS.values())
            if spec["xmlid"] == customer
        )
