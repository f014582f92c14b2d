"""18.0.1.3.0: a dictionary item is unique in its category in every language.

The unique constraint compared the item's JSON of translations, so an entry
"北京" added beside "Beijing" (北京 in Chinese), or "East China" and "华东"
both read 华东, passed it. Entries that read the same in some installed
language (or in English), whatever the case and spaces, are merged here into
one: the module's own entry if one of them is, else the oldest. Every column
naming a merged entry (customers' region and level, services' type, ...) is
pointed at the kept one, then the others are deleted.

This runs before the module loads, not after: the new constraint on the
untranslated item (``item_key``) is filled while the module loads and would
fail the update on duplicates.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def _normalised(text):
    return " ".join((text or "").split()).casefold()


def _languages(cr):
    cr.execute("SELECT code FROM res_lang WHERE active")
    return sorted({code for (code,) in cr.fetchall()} | {"en_US"})


def _duplicate_groups(cr):
    """[[kept id, duplicate id, ...], ...]"""
    cr.execute(
        """
        SELECT entry.id, entry.type, entry.item, data.id IS NOT NULL
          FROM crm_lite_dict entry
          LEFT JOIN ir_model_data data
            ON data.model = 'crm_lite.dict' AND data.res_id = entry.id
           AND data.module = 'crm_lite'
         ORDER BY entry.id
        """
    )
    rows = cr.fetchall()
    shipped = {entry_id for entry_id, _type, _item, is_shipped in rows if is_shipped}
    parent = {entry_id: entry_id for entry_id, *_rest in rows}

    def root(entry_id):
        while parent[entry_id] != entry_id:
            parent[entry_id] = parent[parent[entry_id]]
            entry_id = parent[entry_id]
        return entry_id

    for lang in _languages(cr):
        first = {}
        for entry_id, entry_type, item, _shipped in rows:
            item = item or {}
            key = (entry_type, _normalised(item.get(lang) or item.get("en_US")))
            if key in first:
                parent[root(entry_id)] = root(first[key])
            else:
                first[key] = entry_id
    groups = {}
    for entry_id in parent:
        groups.setdefault(root(entry_id), []).append(entry_id)
    return [
        sorted(members, key=lambda entry_id: (entry_id not in shipped, entry_id))
        for members in groups.values()
        if len(members) > 1
    ]


def _references(cr):
    """(table, column) of every foreign key into the dictionary."""
    cr.execute(
        """
        SELECT referring.relname, attribute.attname
          FROM pg_constraint constraint_
          JOIN pg_class referring ON referring.oid = constraint_.conrelid
          JOIN pg_class referred ON referred.oid = constraint_.confrelid
          JOIN pg_attribute attribute
            ON attribute.attrelid = referring.oid
           AND attribute.attnum = constraint_.conkey[1]
         WHERE constraint_.contype = 'f' AND referred.relname = 'crm_lite_dict'
        """
    )
    return cr.fetchall()


def migrate(cr, version):
    groups = _duplicate_groups(cr)
    if not groups:
        return
    references = _references(cr)
    for kept, *duplicates in groups:
        for table, column in references:
            cr.execute(
                SQL(
                    "UPDATE %(table)s SET %(column)s = %(kept)s"
                    " WHERE %(column)s = ANY(%(duplicates)s)",
                    table=SQL.identifier(table),
                    column=SQL.identifier(column),
                    kept=kept,
                    duplicates=duplicates,
                )
            )
        cr.execute(
            "DELETE FROM ir_model_data"
            " WHERE model = 'crm_lite.dict' AND res_id = ANY(%s)",
            [duplicates],
        )
        cr.execute("DELETE FROM crm_lite_dict WHERE id = ANY(%s)", [duplicates])
        _logger.info("crm_lite.dict: entries %s merged into %s", duplicates, kept)
