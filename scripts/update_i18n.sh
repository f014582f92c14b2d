#!/usr/bin/env bash
# Regenerates crm_lite/i18n/crm_lite.pot from a database with crm_lite installed
# and merges new terms into every .po (existing translations kept).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB=${DB:?set DB to a database with crm_lite installed and up to date}
pot=$ROOT/crm_lite/i18n/crm_lite.pot
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ROOT/.odoorc" -d "$DB" --i18n-export="$pot" \
  --modules=crm_lite --log-level=warn
"$VENV/bin/python" - "$pot" "$ROOT"/crm_lite/i18n/*.po <<'PY'
import sys

import polib

pot = polib.pofile(sys.argv[1])
for path in sys.argv[2:]:
    old = polib.pofile(path)
    known = {(e.msgctxt, e.msgid): e.msgstr for e in old if e.msgstr and not e.obsolete}
    po = polib.POFile()
    po.header, po.metadata = old.header, old.metadata
    for entry in pot:
        entry.msgstr = known.get((entry.msgctxt, entry.msgid), "")
        po.append(entry)
    po.save(path)
    missing = [e.msgid for e in po if not e.msgstr]
    print(f"{path}: {len(po)} entries, {len(missing)} untranslated")
    for msgid in missing:
        print(f"  untranslated: {msgid!r}")
PY
