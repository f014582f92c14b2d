#!/usr/bin/env bash
# Prepares everything `make run` and `make test` need; safe to run again (a second run takes seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/.venv
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
ODOO_GIT=${ODOO_GIT:-https://github.com/odoo/odoo.git}
say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# 1. Odoo 18.0 source: ODOO_SRC when it holds Odoo, otherwise Odoo's official 18.0 branch.
if [ ! -x "$ODOO_SRC/odoo-bin" ]; then
  ODOO_SRC=$ROOT/.odoo
  if [ ! -x "$ODOO_SRC/odoo-bin" ]; then
    say "no Odoo source at \${ODOO_SRC:-/opt/odoo/18.0}; cloning Odoo 18.0 into .odoo"
    command -v git >/dev/null || die "git is needed to fetch Odoo 18.0 (or set ODOO_SRC to an Odoo 18.0 tree)"
    git clone --depth 1 --branch 18.0 "$ODOO_GIT" "$ODOO_SRC.tmp" \
      || die "could not fetch Odoo 18.0 from $ODOO_GIT; set ODOO_SRC to an Odoo 18.0 source tree"
    mv "$ODOO_SRC.tmp" "$ODOO_SRC"
  fi
fi
grep -q "version_info = (18, 0" "$ODOO_SRC/odoo/release.py" \
  || die "$ODOO_SRC is not Odoo 18.0 (odoo/release.py)"

# 2. PostgreSQL: the local server, started when installed but down.
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ] && [ "$(id -u)" = 0 ]; then
    say "PostgreSQL is down; starting the local cluster"
    for version in /etc/postgresql/*; do
      pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start || true
    done
    for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
  fi
  pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null || die "no PostgreSQL server answers on $PGHOST:$PGPORT.
Install and start one (Debian: apt-get install postgresql; then pg_ctlcluster 15 main start),
and let the current user ($(id -un)) connect with createdb rights (set PGHOST/PGPORT/PGUSER if elsewhere)."
fi
psql -h "$PGHOST" -p "$PGPORT" -d postgres -Atc "select 1" >/dev/null 2>&1 \
  || die "PostgreSQL answers on $PGHOST:$PGPORT but user $(id -un) cannot connect: create a role with createdb (createuser -d $(id -un))"

# 3. System tools: Chromium (browser tours) and wkhtmltopdf (PDF reports).
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -i "cjk\|wqy" >/dev/null || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]}"
    (apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1) || {
      apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    } || die "could not install ${missing[*]}"
  else
    die "please install: ${missing[*]} (Debian packages)"
  fi
fi

# 4. The virtualenv with Odoo's requirements (python-ldap left out: only auth_ldap needs it).
stamp_src="$(cat "$ODOO_SRC/requirements.txt" requirements.txt requirements-dev.txt scripts/setup.sh | sha1sum | cut -c1-12)"
if [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$stamp_src" ]; then
  say "building .venv (Odoo's requirements, pytest-odoo, lint tools)"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  constraints=$VENV/build-constraints.txt
  # Some of Odoo 18's pinned sdists (e.g. gevent 22.10) only build with an older setuptools.
  echo "setuptools<70" >"$constraints"
  # gevent's runtime check (Odoo's long-polling worker) goes through that
  # setuptools' pkg_resources, which finds no zope_interface-7+/zope_event-5.1+
  # (dist-info names it does not normalise): the worker would not start.
  printf '%s\n' "zope.interface<7" "zope.event<5.1" >>"$constraints"
  grep -v "^python-ldap" "$ODOO_SRC/requirements.txt" >"$VENV/odoo-requirements.txt"
  # pip repeats a warning for every local index lacking a package: keep only what matters.
  quiet_pip() { "$VENV/bin/pip" "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }; return "${PIPESTATUS[0]}"; }
  quiet_pip install -q --upgrade "pip<25" wheel "setuptools<70"
  PIP_CONSTRAINT=$constraints quiet_pip install -q -r "$VENV/odoo-requirements.txt" -r requirements.txt -r requirements-dev.txt
  echo "$stamp_src" >"$VENV/.stamp"
fi
site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$ODOO_SRC" >"$site/odoo-src.pth"

# 5. Odoo's configuration for this checkout.
cat >"$ROOT/.odoorc" <<RC
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT
db_host = $PGHOST
db_port = $PGPORT
db_user = ${PGUSER:-$(id -un)}
db_password = False
data_dir = $ROOT/.odoo-data
http_interface = ${HTTP_INTERFACE:-127.0.0.1}
http_port = ${HTTP_PORT:-8069}
list_db = False
RC
echo "$ODOO_SRC" >"$ROOT/.odoo-src"
say "ready: Odoo at $ODOO_SRC, config .odoorc"
