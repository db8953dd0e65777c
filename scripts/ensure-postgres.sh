#!/usr/bin/env bash
# Start a local PostgreSQL on 127.0.0.1:5432 and create the test role and database.
# Idempotent: does nothing that is already done. Needs root (CI and dev machines here are root).
set -euo pipefail
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
    pg_createcluster "$version" main >/dev/null
  fi
  pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='crampcare'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE crampcare LOGIN SUPERUSER PASSWORD 'crampcare'\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='crampcare_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O crampcare crampcare_test"
echo "PostgreSQL ready at postgresql+psycopg://crampcare:crampcare@127.0.0.1:5432/crampcare_test"
