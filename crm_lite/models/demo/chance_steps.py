"""The demo's chances and services: registered by the supervisor, assigned,
developed and handled by the account managers."""

from .chances import WON_CUSTOMERS


class ChanceSteps:
    """The steps of the story (story.py) that concern chances and services."""

    def plan_chance(self, spec, demand):
        day, login = spec["created"]
        self.on(day, 10, self.register_chance, spec, login)
        if spec.get("assigned"):
            day, manager = spec["assigned"]
            self.on(day, 9, self.assign_chance, spec["xmlid"], manager)
            for planned, todo, result, noted in spec["plans"]:
                # written a few days ahead, once the chance is assigned
                written = min(day, max(planned + 3, 1))
                self.on(
                    written, 14, self.add_plan, spec["xmlid"], manager, planned, todo
                )
                if result:
                    self.on(
                        noted,
                        17,
                        self.note_result,
                        spec["xmlid"],
                        manager,
                        todo,
                        result,
                    )
        if spec.get("closed"):
            day, outcome = spec["closed"]
            manager = spec["assigned"][1]
            self.on(day, 11, self.close_chance, spec["xmlid"], manager, outcome)
            won = WON_CUSTOMERS.get(spec["xmlid"])
            if won:
                self.on(day, 16, self.complete_customer, spec["xmlid"], won, manager)
                self.plan_history(won, demand)

    def register_chance(self, spec, login):
        values = {
            key: spec[key]
            for key in (
                "name",
                "source",
                "customer_name",
                "contact_name",
                "contact_phone",
                "success_rate",
                "description",
            )
            if key in spec
        }
        if spec.get("customer"):
            values["partner_id"] = self.records[spec["customer"]].id
        chance = self.env_of(login)["crm_lite.chance"].create(values)
        self.xmlid(spec["xmlid"], chance)

    def assign_chance(self, xmlid, manager):
        chance = self.as_user("crm_supervisor", self.records[xmlid])
        chance.action_assign(self.users[manager].id)

    def add_plan(self, xmlid, manager, planned, todo):
        self.env_of(manager)["crm_lite.plan"].create(
            {
                "chance_id": self.records[xmlid].id,
                "date": self.date(planned),
                "todo": todo,
            }
        )

    def note_result(self, xmlid, manager, todo, result):
        chance = self.as_user(manager, self.records[xmlid])
        chance.plan_ids.filtered(lambda plan: plan.todo == todo).result = result

    def close_chance(self, xmlid, manager, outcome):
        chance = self.as_user(manager, self.records[xmlid])
        if outcome == "won":
            chance.action_mark_won()
        else:
            chance.action_mark_lost()

    def complete_customer(self, xmlid, spec, manager):
        """The account manager fills in what the chance did not say."""
        customer = self.as_user(manager, self.records[xmlid].customer_id)
        customer.write(self.customer_values(spec, manager))
        self.xmlid(spec["xmlid"], customer.with_env(self.env))
        for index, contact in enumerate(customer.child_ids, 1):
            self.xmlid(f"{spec['xmlid']}_contact_{index}", contact.with_env(self.env))

    # services

    def plan_service(self, xmlid, customer, kind, name, request, created, rounds):
        day, creator = created
        self.on(
            day, 10, self.request_service, xmlid, customer, kind, name, request, creator
        )
        if not rounds:
            return
        handler = self.owner_at(self.spec(customer), day) or creator
        day -= 1
        self.on(day, 9, self.assign_service, xmlid, handler)
        feedback_by = creator if creator != "crm_supervisor" else handler
        for handling, result, satisfaction in rounds:
            if not handling:
                return
            day = max(day - self.rng.randint(1, 3), 1)
            self.on(day, 15, self.handle_service, xmlid, handler, handling)
            if not result:
                return
            day = max(day - self.rng.randint(1, 2), 1)
            self.on(day, 17, self.feedback, xmlid, feedback_by, result, satisfaction)

    def request_service(self, xmlid, customer, kind, name, request, login):
        service = self.env_of(login)["crm_lite.service"].create(
            {
                "name": name,
                "service_type_id": self.env.ref(
                    f"crm_lite.dict_service_type_{kind}"
                ).id,
                "partner_id": self.records[customer].id,
                "request": request,
            }
        )
        self.xmlid(xmlid, service)

    def assign_service(self, xmlid, handler):
        service = self.as_user("crm_supervisor", self.records[xmlid])
        service.action_assign(self.users[handler].id)

    def handle_service(self, xmlid, handler, handling):
        service = self.as_user(handler, self.records[xmlid])
        service.handling = handling
        service.action_handle()

    def feedback(self, xmlid, login, result, satisfaction):
        service = self.as_user(login, self.records[xmlid])
        service.write({"result": result, "satisfaction": satisfaction})
        service.action_feedback()
