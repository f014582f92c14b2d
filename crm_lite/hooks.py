from odoo.tools import SQL


def post_init_hook(env):
    """With demo data, replay the demo staff's work (models/demo_loader.py):
    here, once Odoo has loaded crm_lite's translations, so that what the
    staff write and what Odoo logs for them reads in their language."""
    if env.ref("base.module_crm_lite").demo:
        env["crm_lite.demo.loader"]._load_demo()


def uninstall_hook(env):
    """Odoo deletes the dictionary entries and the demo partners crm_lite
    ships before it drops the tables and columns that refer to them
    (customers' region and level, services' type), and the interactions
    and loss records that keep their customer (and their measures, their
    author) would refuse the partners' and users' deletion: those references
    and records go first, as they are about to be dropped anyway."""
    env.cr.execute(
        "DELETE FROM crm_lite_loss_measure; DELETE FROM crm_lite_loss; "
        "DELETE FROM crm_lite_interaction"
    )
    env.cr.execute(
        """
        SELECT conrelid::regclass::text, conname FROM pg_constraint
         WHERE contype = 'f'
           AND confrelid = 'crm_lite_dict'::regclass
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
