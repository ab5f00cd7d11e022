#!/bin/sh
# Runs once, when the primary's data directory is first created (docker-entrypoint-initdb.d): the role the standby
# streams as, the pg_hba line that lets it in, and synchronous replication to it. Synchronous: a commit returns
# only once the standby has it, so promoting the standby loses no event the app was told is stored.
# (Set with ALTER SYSTEM, not on the command line: the image's temporary init server would wait for a standby
# that cannot exist yet.)
set -eu
psql -v ON_ERROR_STOP=1 -v pw="$CU_REPLICATION_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'pw';
ALTER SYSTEM SET synchronous_standby_names = 'replica1';
SQL
echo "host replication replicator 172.28.0.0/24 scram-sha-256" >> "$PGDATA/pg_hba.conf"
