from odoo.tools import SQL

from . import models
from . import report
from . import wizards


def uninstall_hook(env):
    """Odoo deletes the dictionary entries crm_lite ships before it drops
    the tables and columns that refer to them (customers' region and level,
    services' type), which those references would refuse: they go first,
    as they are about to be dropped anyway."""
    env.cr.execute(
        """
        SELECT conrelid::regclass::text, conname FROM pg_constraint
         WHERE confrelid = 'crm_lite_dict'::regclass AND contype = 'f'
        """
    )
    for table, constraint in env.cr.fetchall():
        env.cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT %s",
                SQL.identifier(table),
                SQL.identifier(constraint),
            )
        )
