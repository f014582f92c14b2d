from odoo.tools import SQL

from . import models
from . import report
from . import wizards


def post_init_hook(env):
    """With demo data, replay the demo staff's work (models/demo_loader.py):
    here, once Odoo has loaded crm_lite's translations, so that what the
    staff write and what Odoo logs for them reads in their language."""
    if env.ref("base.module_crm_lite").demo:
        env["crm_lite.demo.loader"]._load_demo()


def uninstall_hook(env):
    """Odoo deletes the dictionary entries and the demo partners crm_lite
    ships before it drops the tables and columns that refer to them
    (customers' region and level, services' type; the interactions and loss
    records of a customer, which keep their customer): those references
    would refuse it, so they go first, as they are about to be dropped
    anyway."""
    env.cr.execute(
        """
        SELECT conrelid::regclass::text, conname FROM pg_constraint
         WHERE contype = 'f'
           AND (confrelid = 'crm_lite_dict'::regclass
                OR (confrelid = 'res_partner'::regclass
                    AND conrelid::regclass::text LIKE 'crm\\_lite\\_%'))
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
