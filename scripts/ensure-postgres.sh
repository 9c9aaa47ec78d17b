#!/usr/bin/env bash
# Makes sure PostgreSQL answers on 127.0.0.1:5432, starting the local cluster if it is down.
set -euo pipefail

ready() { pg_isready -h 127.0.0.1 -p 5432 -q; }

if ! command -v pg_isready >/dev/null 2>&1; then
  echo "PostgreSQL client tools not found: install PostgreSQL 15+ (apt-get install postgresql)." >&2
  exit 1
fi
if ready; then
  echo "PostgreSQL is running"
  exit 0
fi
echo "Starting PostgreSQL"
for version in $(ls /etc/postgresql 2>/dev/null); do
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
done
for _ in $(seq 1 30); do
  ready && { echo "PostgreSQL is running"; exit 0; }
  sleep 1
done
echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2
exit 1
