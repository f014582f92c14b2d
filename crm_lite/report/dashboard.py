from odoo import api, fields, models


class CrmDashboard(models.TransientModel):
    """Executive dashboard: the key figures of a period (the days as the user
    reads them), each opening the host's graph and pivot views of the
    records behind it."""

    _name = "crm_lite.dashboard"
    _inherit = "crm_lite.period.mixin"
    _description = "CRM Dashboard"

    open_chances = fields.Integer(compute="_compute_figures")
    won_chances = fields.Integer(compute="_compute_figures")
    lost_chances = fields.Integer(compute="_compute_figures")
    conversion_rate = fields.Float(
        string="Conversion Rate (%)",
        compute="_compute_figures",
        digits=(16, 1),
        help="Won chances among the chances closed in the period.",
    )
    new_customers = fields.Integer(compute="_compute_figures")
    satisfaction_average = fields.Float(
        string="Service Satisfaction", compute="_compute_figures", digits=(16, 2)
    )
    churn_warnings = fields.Integer(compute="_compute_figures")
    confirmed_losses = fields.Integer(compute="_compute_figures")
    # 今日提醒: the reader's own items of today, whatever the period
    today_items = fields.Integer(string="Today", compute="_compute_today_items")

    def _compute_today_items(self):
        count = self.env["crm_lite.agenda"].search_count([])
        for board in self:
            board.today_items = count

    @api.depends("date_from", "date_to")
    def _compute_figures(self):
        Chance = self.env["crm_lite.chance"]
        Loss = self.env["crm_lite.loss"]
        for board in self:
            created = board._period_domain("create_date")
            states = dict(Chance._read_group(created, ["state"], ["__count"]))
            board.open_chances = Chance.search_count(
                [("state", "in", ("new", "assigned"))]
            )
            board.won_chances = states.get("won", 0)
            board.lost_chances = states.get("lost", 0)
            closed = board.won_chances + board.lost_chances
            board.conversion_rate = (
                100.0 * board.won_chances / closed if closed else 0.0
            )
            board.new_customers = self.env["res.partner"].search_count(
                [("is_crm_customer", "=", True)] + created
            )
            average = self.env["crm_lite.service"]._satisfaction_average(created)
            board.satisfaction_average = average or 0.0
            board.churn_warnings = Loss.search_count(created)
            board.confirmed_losses = Loss.search_count(
                [("state", "=", "lost")] + board._period_dates_domain("lost_date")
            )

    # on the period's fields so that the form's first onchange computes it
    @api.depends("date_from", "date_to")
    @api.depends_context("lang")
    def _compute_display_name(self):
        # the breadcrumb names the screen as its menu does, also before the
        # board is first saved (a tile's click saves it)
        for board in self:
            board.display_name = self.env._("Dashboard")

    def _open(self, xmlid, name, domain, view_mode=None, context=None):
        """``xmlid``'s views on the records behind a tile, named as the tile
        (the breadcrumb's title, which the web client takes from the
        display name)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["name"] = action["display_name"] = name
        action["domain"] = domain
        action["context"] = context or {}
        if view_mode:
            action["view_mode"] = view_mode
            action["views"] = [(False, mode) for mode in view_mode.split(",")]
        return action

    def action_open_chances(self):
        """The open chances the tile counts (whenever created)."""
        return self._open(
            "crm_lite.action_crm_chance",
            self.env._("Open Chances"),
            [("state", "in", ("new", "assigned"))],
            "graph,pivot,list,form",
            {"graph_groupbys": ["create_date:month", "state"]},
        )

    def action_open_closed_chances(self):
        """The won and lost chances of the period the conversion rate is
        computed from."""
        return self._open(
            "crm_lite.action_crm_chance",
            self.env._("Closed Chances"),
            [("state", "in", ("won", "lost"))] + self._period_domain("create_date"),
            "graph,pivot,list,form",
            {"graph_groupbys": ["create_date:month", "state"]},
        )

    def action_open_customers(self):
        return self._open(
            "crm_lite.action_report_composition",
            self.env._("New Customers"),
            [("is_crm_customer", "=", True)] + self._period_domain("create_date"),
            context={"graph_groupbys": ["create_date:month"]},
        )

    def action_open_services(self):
        """The archived services of the period, whose satisfaction the tile
        averages."""
        return self._open(
            "crm_lite.action_report_service",
            self.env._("Service Satisfaction"),
            [("state", "=", "archived")] + self._period_domain("create_date"),
            context={"graph_groupbys": ["satisfaction"]},
        )

    def action_open_losses(self):
        """The churn warnings raised in the period, whatever became of them."""
        return self._open(
            "crm_lite.action_crm_loss",
            self.env._("Churn Warnings"),
            self._period_domain("create_date"),
            "graph,pivot,list,form",
            {"graph_groupbys": ["create_date:month", "state"]},
        )

    def action_open_today(self):
        """The reader's Today screen."""
        return self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lite.action_crm_agenda"
        )

    def action_open_confirmed_losses(self):
        return self._open(
            "crm_lite.action_report_loss",
            self.env._("Confirmed Losses"),
            [("state", "=", "lost")] + self._period_dates_domain("lost_date"),
        )
