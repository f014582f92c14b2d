from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import TransactionCase, tagged

from .common import SERIALIZATION_FAILURE, run_behind


@tagged("post_install", "-at_install")
class TestReadersRace(TransactionCase):
    """Two transactions needing the same new readers row at once end with
    one row; the later one fails with an error Odoo retries, never with a
    second row or a wrong id (committed data, real connections)."""

    def test_two_cursors_create_the_same_readers(self):
        db = sql_db.db_connect(self.env.cr.dbname)
        key = tuple(sorted((SUPERUSER_ID, self.env.ref("base.public_user").id)))
        count_sql = (
            "SELECT count(*) FROM crm_lite_readers"
            " WHERE first_user_id = %s AND second_user_id = %s"
        )
        self.env.cr.execute(count_sql, key)
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        try:
            first_cr, second_cr = db.cursor(), db.cursor()
            try:
                env1 = api.Environment(first_cr, SUPERUSER_ID, {})
                env2 = api.Environment(second_cr, SUPERUSER_ID, {})
                # both transactions start before either has the row
                second_cr.execute("SELECT 1 FROM crm_lite_readers LIMIT 1")
                first_id = env1["crm_lite.readers"]._ids_by_key([key])[key]
                second_id = run_behind(
                    self,
                    first_cr,
                    second_cr,
                    lambda: env2["crm_lite.readers"]._ids_by_key([key])[key],
                )
                self.assertIn(second_id, (SERIALIZATION_FAILURE, first_id))
            finally:
                first_cr.close()
                second_cr.close()
            with db.cursor() as check_cr:
                check_cr.execute(count_sql, key)
                self.assertEqual(check_cr.fetchone()[0], 1)
                # once committed, the row is found, not created again
                env3 = api.Environment(check_cr, SUPERUSER_ID, {})
                self.assertEqual(
                    env3["crm_lite.readers"]._ids_by_key([key]), {key: first_id}
                )
                check_cr.execute(count_sql, key)
                self.assertEqual(check_cr.fetchone()[0], 1)
        finally:
            with db.cursor() as cleanup_cr:
                cleanup_cr.execute(
                    "DELETE FROM crm_lite_readers"
                    " WHERE first_user_id = %s AND second_user_id = %s",
                    key,
                )
                cleanup_cr.commit()
