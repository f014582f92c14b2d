"""18.0.1.1.0: each customer level keeps its own pool period.

Until 18.0.1.0.0 the periods were five system parameters
``crm_lite.pool_days_level_1`` .. ``_5``, one per level value. They move onto
the customer-level entries of the dictionary (``crm_lite.dict.pool_days``)
whose value is that number, and the parameters are removed.
"""

LEVEL_PARAMETER = "crm_lite.pool_days_level_%"


def migrate(cr, version):
    cr.execute(
        """
        UPDATE crm_lite_dict level
           SET pool_days = param.value::integer
          FROM ir_config_parameter param
         WHERE param.key = 'crm_lite.pool_days_level_' || level.value
           AND level.type = 'customer_level'
           AND param.value ~ '^[0-9]+$'
           AND param.value::integer > 0
        """
    )
    cr.execute("DELETE FROM ir_config_parameter WHERE key LIKE %s", [LEVEL_PARAMETER])
