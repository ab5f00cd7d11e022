#!/bin/sh
# The streaming standby. First start: a base backup of the primary (pg_basebackup -R writes standby.signal and
# primary_conninfo; -C -S creates the replication slot 'replica1', so the primary keeps the WAL it has not sent).
# Later starts: just start. Never promoted automatically: an operator does it (docker/README.md, "Failover").
set -eu
PRIMARY=172.28.0.5
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 0700 "$PGDATA"
  until gosu postgres pg_isready -q -h "$PRIMARY" -p 5432; do sleep 1; done
  PGPASSWORD="$CU_REPLICATION_PASSWORD" gosu postgres pg_basebackup -h "$PRIMARY" -p 5432 -U replicator \
    -D "$PGDATA" -R -X stream -C -S replica1 -c fast
fi
# cluster_name is the name the primary's synchronous_standby_names waits for. This server has no synchronous
# standby of its own (the base backup copied the primary's setting): once promoted it must not wait for one.
exec gosu postgres postgres -c cluster_name=replica1 -c synchronous_standby_names= -c hot_standby=on
