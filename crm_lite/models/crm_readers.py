from odoo import api, fields, models
from odoo.tools import SQL


class CrmReaders(models.Model):
    """The one or two users, besides supervisors and executives, who see a
    sales chance or a service request. Records with the same readers share
    one row: an account manager's rule first finds the few rows naming them,
    then the records of those rows through one index, which PostgreSQL can
    count without visiting the table. "Created by me or assigned to me" over
    two columns of the records cannot be counted that way (a BitmapOr reads
    every page holding a match)."""

    _name = "crm_lite.readers"
    _description = "Readers of CRM Records"
    _log_access = False

    first_user_id = fields.Many2one(
        "res.users", required=True, readonly=True, ondelete="cascade"
    )
    second_user_id = fields.Many2one(
        "res.users", required=True, readonly=True, ondelete="cascade"
    )

    _sql_constraints = [
        (
            "users_unique",
            "UNIQUE(first_user_id, second_user_id)",
            "The same readers are kept once.",
        ),
        (
            "users_ordered",
            "CHECK(first_user_id <= second_user_id)",
            "The readers are kept in the order of their ids.",
        ),
    ]

    @api.depends("first_user_id", "second_user_id")
    def _compute_display_name(self):
        for readers in self:
            readers.display_name = ", ".join(
                (readers.first_user_id | readers.second_user_id).mapped("name")
            )

    @api.model
    def _key(self, users):
        """The (first, second) user ids of a row for these one or two users;
        None for no user."""
        ids = sorted(set(users.ids))
        if not ids:
            return None
        if len(ids) > 2:
            raise ValueError("A CRM record has at most two readers.")
        return ids[0], ids[-1]

    @api.model
    def _ids_by_key(self, keys):
        """{(first, second): id} for these keys; the rows missing are created.
        Two transactions creating the same row: the later one fails with a
        serialization error, which Odoo retries."""
        keys = {key for key in keys if key}
        if not keys:
            return {}
        firsts = [first for first, _second in keys]
        seconds = [second for _first, second in keys]
        wanted = SQL(
            "SELECT * FROM unnest(%s::int[], %s::int[]) AS wanted(first, second)",
            firsts,
            seconds,
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_lite_readers (first_user_id, second_user_id)
                SELECT wanted.first, wanted.second FROM (%s) wanted
                 WHERE NOT EXISTS (
                    SELECT 1 FROM crm_lite_readers readers
                     WHERE readers.first_user_id = wanted.first
                       AND readers.second_user_id = wanted.second)
                ON CONFLICT (first_user_id, second_user_id) DO NOTHING
                """,
                wanted,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT readers.first_user_id, readers.second_user_id, readers.id
                  FROM crm_lite_readers readers
                  JOIN (%s) wanted ON readers.first_user_id = wanted.first
                                  AND readers.second_user_id = wanted.second
                """,
                wanted,
            )
        )
        return {(first, second): id_ for first, second, id_ in self.env.cr.fetchall()}
