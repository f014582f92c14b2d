"""18.0.1.2.0: several companies.

- crm_lite's settings were system parameters, one value for the database;
  each company now keeps its own (fields of ``res.company``). Every company
  starts with the values the parameters held (the default for one that is
  unset or no number), and the parameters are removed.
- Chances, services, interactions and loss records belong to a company, plans
  and delay measures to their parent's. The columns are created and filled
  here, one statement per table, before Odoo would compute them record by
  record: the customer's company, else (a shared customer) the company of
  the user who created the record (for a loss record: the customer's
  owner), else the first company.
"""

from odoo.tools import SQL

# company column: (system parameter, default). The defaults are those of
# 18.0.1.1.0, the version this moves from, written here rather than read from
# models/res_company.py (SETTING_DEFAULTS): an unset parameter meant the old
# default, which the company keeps even if a later version changes the default
# of new companies, and a migration does not import module code that changes
# after it.
SETTINGS = {
    "crm_lite_churn_months": ("crm_lite.churn_months", 6),
    "crm_lite_pool_days": ("crm_lite.pool_days", 30),
    "crm_lite_pool_warn_days": ("crm_lite.pool_warn_days", 3),
    "crm_lite_pool_max_owned": ("crm_lite.pool_max_owned", 0),
    "crm_lite_pool_daily_claims": ("crm_lite.pool_daily_claims", 0),
    "crm_lite_pool_reclaim_block_days": ("crm_lite.pool_reclaim_block_days", 7),
}

FIRST_COMPANY = "(SELECT min(id) FROM res_company)"

COMPANIES = {
    "crm_lite_chance": f"""
        UPDATE crm_lite_chance chance
           SET company_id = COALESCE(
                (SELECT company_id FROM res_partner WHERE id = chance.partner_id),
                (SELECT company_id FROM res_partner WHERE id = chance.customer_id),
                (SELECT company_id FROM res_users WHERE id = chance.create_uid),
                {FIRST_COMPANY})
         WHERE company_id IS NULL
    """,
    "crm_lite_service": f"""
        UPDATE crm_lite_service service
           SET company_id = COALESCE(
                (SELECT company_id FROM res_partner WHERE id = service.partner_id),
                (SELECT company_id FROM res_users WHERE id = service.create_uid),
                {FIRST_COMPANY})
         WHERE company_id IS NULL
    """,
    "crm_lite_interaction": f"""
        UPDATE crm_lite_interaction interaction
           SET company_id = COALESCE(
                (SELECT company_id FROM res_partner
                  WHERE id = interaction.partner_id),
                (SELECT company_id FROM res_users WHERE id = interaction.create_uid),
                {FIRST_COMPANY})
         WHERE company_id IS NULL
    """,
    "crm_lite_loss": f"""
        UPDATE crm_lite_loss loss
           SET company_id = COALESCE(
                (SELECT COALESCE(customer.company_id, owner.company_id)
                   FROM res_partner customer
                   LEFT JOIN res_users owner ON owner.id = customer.user_id
                  WHERE customer.id = loss.partner_id),
                {FIRST_COMPANY})
         WHERE company_id IS NULL
    """,
    # after their parents
    "crm_lite_plan": """
        UPDATE crm_lite_plan plan
           SET company_id = chance.company_id
          FROM crm_lite_chance chance
         WHERE chance.id = plan.chance_id AND plan.company_id IS NULL
    """,
    "crm_lite_loss_measure": """
        UPDATE crm_lite_loss_measure measure
           SET company_id = loss.company_id
          FROM crm_lite_loss loss
         WHERE loss.id = measure.loss_id AND measure.company_id IS NULL
    """,
}


def migrate(cr, version):
    for column in SETTINGS:
        cr.execute(
            SQL(
                "ALTER TABLE res_company ADD COLUMN IF NOT EXISTS %s integer",
                SQL.identifier(column),
            )
        )
    cr.execute(
        SQL(
            "UPDATE res_company SET %s",
            SQL(", ").join(
                SQL(
                    """%(column)s = COALESCE(
                        (SELECT value::integer FROM ir_config_parameter
                          WHERE key = %(key)s AND value ~ '^[0-9]+$'),
                        %(default)s)""",
                    column=SQL.identifier(column),
                    key=key,
                    default=default,
                )
                for column, (key, default) in SETTINGS.items()
            ),
        )
    )
    keys = [key for key, _default in SETTINGS.values()]
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE module = 'crm_lite' AND model = 'ir.config_parameter'
           AND res_id IN (SELECT id FROM ir_config_parameter WHERE key = ANY(%s))
        """,
        [keys],
    )
    cr.execute("DELETE FROM ir_config_parameter WHERE key = ANY(%s)", [keys])
    for table, update in COMPANIES.items():
        cr.execute(
            SQL(
                "ALTER TABLE %s ADD COLUMN IF NOT EXISTS company_id integer",
                SQL.identifier(table),
            )
        )
        cr.execute(update)
