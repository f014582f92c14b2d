# One concern per file: the customer profile stays in res_partner.py.
# pylint: disable=consider-merging-classes-inherited
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, Query

# A score (1-5) from this one on is "high" in the segment table below.
HIGH_SCORE = 4
# The classic eight RFM segments, by (recency high, frequency high, monetary
# high); the Chinese names are the ones Chinese CRMs use.
SEGMENTS = [
    ("important_value", "Important Value", (True, True, True)),  # 重要价值客户
    ("important_develop", "Important Develop", (True, False, True)),  # 重要发展客户
    ("important_keep", "Important Keep", (False, True, True)),  # 重要保持客户
    ("important_retain", "Important Retain", (False, False, True)),  # 重要挽留客户
    ("general_value", "General Value", (True, True, False)),  # 一般价值客户
    ("general_develop", "General Develop", (True, False, False)),  # 一般发展客户
    ("general_keep", "General Keep", (False, True, False)),  # 一般保持客户
    ("general_retain", "General Retain", (False, False, False)),  # 一般挽留客户
]
# a buying rhythm needs this many purchase days (orders of one day are one
# purchase): two gaps at least, whose median is the usual gap
RHYTHM_MIN_DAYS = 3
# The bands of the churn risk the loss analysis groups warnings by: (key,
# label, the risk from which on a warning is in it), the lowest first; a
# warning of the fixed rule has no risk: "none".
RISK_BANDS = [
    ("under_1_5", "Under 1.5", None),
    ("1_5_to_2", "1.5 to 2", 1.5),
    ("2_to_3", "2 to 3", 2.0),
    ("3_or_more", "3 or More", 3.0),
]
# what the refresh writes, in this order; only the refresh writes them
RFM_FIELDS = (
    "rfm_recency_days",
    "rfm_frequency",
    "rfm_monetary",
    "rfm_r",
    "rfm_f",
    "rfm_m",
    "rfm_segment",
    "order_gap_days",
    "churn_risk",
    "rfm_date",
)


def figure(name):
    """The attributes of the customer's figure ``name``: computed from its
    row of ``crm_lite.customer.rfm``, searched as Odoo searches a column (a
    customer without figures matches as an empty value would), written by
    the refresh only."""

    def search(partners, operator, value):
        # the condition on the column ``_field_to_sql`` joins
        query = Query(partners.env, partners._table, partners._table_sql)
        query.add_where(
            partners._condition_to_sql(partners._table, name, operator, value, query)
        )
        return [("id", "in", query)]

    return {"compute": "_compute_rfm", "search": search, "readonly": True}


def risk_band_sql(risk):
    """SQL of the band (RISK_BANDS) of the churn risk ``risk`` (SQL, NULL
    for a warning of the fixed rule)."""
    return SQL(
        "CASE WHEN %s IS NULL THEN 'none' %s ELSE %s END",
        risk,
        SQL(" ").join(
            SQL("WHEN %s >= %s THEN %s", risk, start, key)
            for key, _label, start in reversed(RISK_BANDS)
            if start is not None
        ),
        RISK_BANDS[0][0],
    )


def risk_band(risk):
    """The band (RISK_BANDS) of the churn risk ``risk`` (a number, None for
    a warning of the fixed rule), as ``risk_band_sql`` reads it."""
    if risk is None:
        return "none"
    return next(
        key
        for key, _label, start in reversed(RISK_BANDS)
        if start is None or risk >= start
    )


class ResPartnerRfm(models.Model):
    """RFM figures (recency, frequency, monetary) of the CRM customers over
    the last months of confirmed orders, their quintile scores and segment,
    and the buying rhythm (the usual gap between purchases) from which the
    churn risk is read: computed by PostgreSQL in one statement, nightly and
    on demand, and stored."""

    _inherit = "res.partner"

    rfm_recency_days = fields.Integer(
        string="Recency (days)",
        help="Days since the latest confirmed order of the RFM period, as of "
        "the refresh.",
        **figure("rfm_recency_days"),
    )
    rfm_frequency = fields.Integer(
        string="Frequency",
        help="Confirmed orders in the RFM period (its contacts' included).",
        **figure("rfm_frequency"),
    )
    rfm_monetary = fields.Monetary(
        string="Monetary",
        currency_field="rfm_currency_id",
        help="Untaxed amount of the confirmed orders of the RFM period, in "
        "the currency of the customer's company.",
        **figure("rfm_monetary"),
    )
    rfm_currency_id = fields.Many2one(
        "res.currency", compute="_compute_rfm_currency_id", string="RFM Currency"
    )
    rfm_r = fields.Integer(string="R Score", **figure("rfm_r"))
    rfm_f = fields.Integer(string="F Score", **figure("rfm_f"))
    rfm_m = fields.Integer(string="M Score", **figure("rfm_m"))
    rfm_segment = fields.Selection(
        [(key, label) for key, label, _highs in SEGMENTS],
        string="RFM Segment",
        **figure("rfm_segment"),
    )
    order_gap_days = fields.Float(
        string="Usual Gap (days)",
        digits=(16, 1),
        help="Median number of days between the customer's purchases, once "
        "it bought on three different days at least.",
        **figure("order_gap_days"),
    )
    churn_risk = fields.Float(
        digits=(16, 2),
        help="Days since the latest confirmed order divided by the usual gap, "
        "as of the refresh: 1 is the customer's own rhythm, 2 a purchase "
        "missed.",
        **figure("churn_risk"),
    )
    rfm_date = fields.Date(
        string="Figures as of",
        help="The day of the refresh the RFM figures and the churn risk were "
        "computed for.",
        **figure("rfm_date"),
    )

    def _compute_rfm(self):
        # a row of figures has its customer's id
        figures = {
            row.id: row
            for row in self.env["crm_lite.customer.rfm"]
            .sudo()
            .search_fetch([("id", "in", self._origin.ids)], list(RFM_FIELDS))
        }
        for partner in self:
            row = figures.get(partner._origin.id)
            for name in RFM_FIELDS:
                partner[name] = row[name] if row else False

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # the figures are columns of their own table (crm_lite.customer.rfm),
        # one row per customer: joined, they search, group and sort as the
        # customer's own columns would, an empty value where it has none
        if fname not in RFM_FIELDS:
            return super()._field_to_sql(alias, fname, query, flush)
        if query is None:
            raise ValueError(f"Cannot convert {fname} to SQL without a query")
        self.check_field_access_rights("read", [fname])
        figures = query.make_alias(alias, "crm_rfm")
        query.add_join(
            "LEFT JOIN",
            figures,
            "crm_lite_customer_rfm",
            SQL(
                "%s = %s",
                SQL.identifier(figures, "id"),
                SQL.identifier(alias, "id"),
            ),
        )
        return SQL.identifier(figures, fname)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        # the segments in the order of their table (重要价值客户 first), not
        # of their keys' spelling
        if field_name != "rfm_segment":
            return super()._order_field_to_sql(
                alias, field_name, direction, nulls, query
            )
        column = self._field_to_sql(alias, field_name, query)
        if query.groupby:
            query.groupby = SQL("%s, %s", query.groupby, column)
        rank = SQL(
            "array_position(%s::varchar[], %s::varchar)",
            [key for key, _label, _highs in SEGMENTS],
            column,
        )
        return SQL("%s %s %s", rank, direction, nulls)

    def _compute_rfm_currency_id(self):
        # the owner's company may be one the reader does not work in (an
        # executive of one company reads a customer shared by all): its
        # currency is what the figures are in, whoever reads them
        for partner in self.sudo():
            company = partner.company_id or partner.user_id.company_id
            partner.rfm_currency_id = (company or self.env.company).currency_id

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_check_rfm_writes(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._crm_check_rfm_writes([vals])
        result = super().write(vals)
        if "is_crm_customer" in vals and not vals["is_crm_customer"]:
            # no longer a CRM customer: no figures either (the refresh
            # counts CRM customers only)
            self._crm_delete_rfm()
        return result

    def unlink(self):
        # the figures' table has no foreign key to cascade from
        self._crm_delete_rfm()
        return super().unlink()

    def _crm_delete_rfm(self):
        """Delete the figures of these partners (no longer CRM customers,
        deleted or merged into another): the next refresh counts their
        orders where they now belong."""
        self.env.cr.execute(
            SQL("DELETE FROM crm_lite_customer_rfm WHERE id = ANY(%s)", self.ids)
        )
        self.env["crm_lite.customer.rfm"].invalidate_model()
        self.invalidate_recordset(list(RFM_FIELDS))

    def _crm_check_rfm_writes(self, vals_list):
        if self.env.su:
            return
        if any(set(RFM_FIELDS) & set(vals) for vals in vals_list):
            raise UserError(
                self.env._(
                    "The RFM figures and the churn risk are computed by the "
                    "refresh only."
                )
            )

    @api.model
    def _cron_refresh_rfm(self):
        self._crm_refresh_rfm()

    @api.model
    def action_crm_refresh_rfm(self):
        """The refresh on demand, for sales supervisors and CRM
        administrators (the figures of every company, as the nightly one)."""
        if not self.env.user.has_group("crm_lite.group_sales_supervisor"):
            raise AccessError(
                self.env._("Only sales supervisors may refresh the RFM figures.")
            )
        # the nightly refresh's work, for every company (each at its own
        # rates, which the host reads as that company), as its user does it:
        # a customer of no company and no owner (the pool's) counts in the
        # company the refresh runs in, which must not be the clicker's
        context = {
            key: value
            for key, value in self.env.context.items()
            if key != "allowed_company_ids"
        }
        cron = self.env.ref("crm_lite.ir_cron_refresh_rfm").sudo()
        changed = self.env(user=cron.user_id.id, su=True, context=context)[
            "res.partner"
        ]._crm_refresh_rfm()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "RFM figures refreshed: %(count)s customers changed.",
                    count=changed,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _crm_rfm_rates(self, targets, companies):
        """{(target company id, company id): the rate that converts amounts
        in the company's currency into the target's}, as the contribution
        analysis converts for its current company: the host's currency
        table, at the target's rates."""
        self.env["res.currency.rate"].flush_model()
        self.env["res.company"].flush_model(["currency_id"])
        rates = {}
        for target in targets:
            table = (
                self.env["res.currency"]
                .with_company(target)
                ._get_simple_currency_table(companies)
            )
            self.env.cr.execute(SQL("SELECT company_id, rate FROM %s", table))
            for company_id, rate in self.env.cr.fetchall():
                rates[target.id, company_id] = rate or 1.0
        return rates

    @api.model
    def _crm_rfm_sql(self, today=None):
        """SELECT of the figures of every CRM customer (id, then the columns
        of RFM_FIELDS), by the settings, the day and the currency of its
        company: one pass over the confirmed orders (their contacts' counted
        for the customer) along the index of sale_order.init, then the
        quintiles among the customers of each company."""
        per_company = self.env["res.company"]._crm_per_company(today)
        start_of = {
            company: company_today - relativedelta(months=settings["rfm_months"])
            for company, settings, company_today in per_company
        }
        # The orders' counts and sums are kept for each distinct start of
        # the RFM period (one, unless the companies' settings or days
        # differ) and, the sums, for each company of the orders (amounts in
        # its currency): each customer then picks its own company's and
        # converts them into its currency.
        starts = sorted(set(start_of.values()))
        companies = self.env["res.company"].sudo().with_context(active_test=False)
        companies = companies.search([], order="id")
        rates = self._crm_rfm_rates(start_of, companies)
        slots = len(companies)
        company_days = SQL(", ").join(
            SQL(
                "(%s, %s::date, %s, %s::float8[])",
                company.id,
                company_today,
                starts.index(start_of[company]),
                [rates.get((company.id, other.id), 1.0) for other in companies],
            )
            for company, _settings, company_today in per_company
        )
        frequencies = SQL(", ").join(
            SQL("count(*) FILTER (WHERE o.day > %s::date)", start) for start in starts
        )
        sums = SQL(", ").join(
            SQL(
                "sum(o.amount) FILTER (WHERE o.day > %s::date AND o.company_id = %s)",
                start,
                company.id,
            )
            for start in starts
            for company in companies
        )
        # sum of each order company's sum at its rate (arrays count from 1)
        monetary = SQL(" + ").join(
            SQL(
                "COALESCE(per_customer.monetary[company_day.start_no * %s + %s]"
                " * company_day.rates[%s], 0)",
                slots,
                slot,
                slot,
            )
            for slot in range(1, slots + 1)
        )
        segment = SQL(
            "CASE %s END",
            SQL(" ").join(
                SQL(
                    "WHEN (scored.r >= %(high)s) = %(r)s AND (scored.f >= %(high)s)"
                    " = %(f)s AND (scored.m >= %(high)s) = %(m)s THEN %(key)s",
                    high=HIGH_SCORE,
                    r=r_high,
                    f=f_high,
                    m=m_high,
                    key=key,
                )
                for key, _label, (r_high, f_high, m_high) in SEGMENTS
            ),
        )
        day = self.env["res.company"]._crm_local_date_sql(
            SQL("so.date_order"), SQL("so.company_id")
        )
        return SQL(
            """
            WITH company_day(company_id, today, start_no, rates) AS (VALUES %(days)s),
            orders AS (
                SELECT so.customer_id, so.company_id, so.day, so.amount,
                       so.day - lag(so.day) OVER (
                           PARTITION BY so.customer_id
                           ORDER BY so.date_order, so.id) AS gap
                  FROM (
                        -- each order's day computed once (OFFSET 0 keeps
                        -- PostgreSQL from copying its expression into each
                        -- use), in the order of the index
                        SELECT so.crm_customer_id AS customer_id, so.company_id,
                               so.date_order, so.id, %(day)s AS day,
                               so.amount_untaxed / %(order_rate)s AS amount
                          FROM sale_order so
                         WHERE so.state = 'sale' AND so.crm_customer_id IS NOT NULL
                         ORDER BY so.crm_customer_id, so.date_order, so.id
                        OFFSET 0
                       ) so
            ),
            per_customer AS (
                SELECT o.customer_id, max(o.day) AS last_day,
                       count(*) FILTER (WHERE o.gap > 0) + 1 AS days,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY o.gap)
                           FILTER (WHERE o.gap > 0) AS gap,
                       ARRAY[%(frequencies)s] AS frequency,
                       ARRAY[%(sums)s] AS monetary
                  FROM orders o
                 GROUP BY o.customer_id
            ),
            figures AS (
                SELECT customer.id, company_day.company_id, company_day.today,
                       NULLIF(per_customer.frequency[company_day.start_no + 1], 0)
                           AS frequency,
                       GREATEST(company_day.today - per_customer.last_day, 0)
                           AS recency,
                       round((%(monetary)s)::numeric, 2) AS monetary,
                       CASE WHEN per_customer.days >= %(rhythm_days)s
                            THEN per_customer.gap END AS gap,
                       per_customer.last_day
                  FROM res_partner customer
                  LEFT JOIN res_users owner ON owner.id = customer.user_id
                  JOIN company_day ON company_day.company_id = %(company)s
                  LEFT JOIN per_customer ON per_customer.customer_id = customer.id
                       AND customer.active
                 WHERE customer.is_crm_customer
            ),
            scored AS (
                SELECT figures.*,
                       ceil(5 * cume_dist() OVER (
                           PARTITION BY company_id, frequency IS NULL
                           ORDER BY recency DESC)) AS r,
                       ceil(5 * cume_dist() OVER (
                           PARTITION BY company_id, frequency IS NULL
                           ORDER BY frequency)) AS f,
                       ceil(5 * cume_dist() OVER (
                           PARTITION BY company_id, frequency IS NULL
                           ORDER BY monetary)) AS m
                  FROM figures
            )
            SELECT scored.id,
                   CASE WHEN scored.frequency > 0 THEN scored.recency END,
                   scored.frequency,
                   CASE WHEN scored.frequency > 0 THEN scored.monetary END,
                   CASE WHEN scored.frequency > 0 THEN scored.r::int END,
                   CASE WHEN scored.frequency > 0 THEN scored.f::int END,
                   CASE WHEN scored.frequency > 0 THEN scored.m::int END,
                   CASE WHEN scored.frequency > 0 THEN %(segment)s END,
                   scored.gap,
                   round(((scored.today - scored.last_day) / scored.gap)::numeric, 2),
                   CASE WHEN scored.frequency > 0 OR scored.gap IS NOT NULL
                        THEN scored.today END
              FROM scored
            """,
            days=company_days,
            day=day,
            order_rate=SQL(
                "CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0 "
                "ELSE so.currency_rate END"
            ),
            frequencies=frequencies,
            sums=sums,
            monetary=monetary,
            rhythm_days=RHYTHM_MIN_DAYS,
            company=self._crm_company_sql("customer", "owner"),
            segment=segment,
        )

    @api.model
    def _crm_refresh_rfm(self, today=None):
        """Store the figures of ``_crm_rfm_sql`` in one statement: the
        customers' rows whose figures changed are updated, the new ones
        inserted, those of customers without figures now deleted; how many
        customers changed."""
        self.env["sale.order"].flush_model(
            [
                "crm_customer_id",
                "state",
                "date_order",
                "company_id",
                "amount_untaxed",
                "currency_rate",
            ]
        )
        self.flush_model(["is_crm_customer", "active", "company_id", "user_id"])
        self.env["res.users"].flush_model(["company_id"])
        Figures = self.env["crm_lite.customer.rfm"]
        Figures.flush_model()

        def columns(alias=None):
            return SQL(", ").join(
                SQL.identifier(alias, name) if alias else SQL.identifier(name)
                for name in RFM_FIELDS
            )

        self.env.cr.execute(
            SQL(
                """
                WITH new AS (
                    SELECT * FROM (%(figures)s) AS figures(id, %(columns)s)
                     WHERE figures.rfm_date IS NOT NULL
                ),
                removed AS (
                    DELETE FROM crm_lite_customer_rfm old
                     WHERE NOT EXISTS (
                            SELECT FROM new WHERE new.id = old.id)
                    RETURNING 1
                ),
                changed AS (
                    UPDATE crm_lite_customer_rfm old
                       SET (%(columns)s) = (%(new)s)
                      FROM new
                     WHERE new.id = old.id
                       AND (%(old)s) IS DISTINCT FROM (%(new)s)
                    RETURNING 1
                ),
                added AS (
                    INSERT INTO crm_lite_customer_rfm (id, %(columns)s)
                    SELECT new.* FROM new
                     WHERE NOT EXISTS (
                            SELECT FROM crm_lite_customer_rfm old
                             WHERE old.id = new.id)
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM removed) + (SELECT count(*) FROM changed)
                       + (SELECT count(*) FROM added)
                """,
                figures=self._crm_rfm_sql(today),
                columns=columns(),
                new=columns("new"),
                old=columns("old"),
            )
        )
        [changed] = self.env.cr.fetchone()
        Figures.invalidate_model()
        self.invalidate_model(list(RFM_FIELDS))
        return changed
