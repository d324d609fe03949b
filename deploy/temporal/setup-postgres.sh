#!/bin/sh
# Temporal's two PostgreSQL databases, created or upgraded to the schema of this admin-tools
# image (run by docker-compose.yml's temporal-schema job before the server starts). Every step is
# idempotent: `create` skips an existing database, `setup-schema -v 0.0` only adds the version
# tables, `update-schema` applies the versions a database lacks. So a re-run is a no-op, and
# pinning a newer image upgrades the schema on the next `docker compose up`.
# Connection from the environment: SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD.
set -eu

for db in temporal:temporal temporal_visibility:visibility; do
  name=${db%%:*}
  schema=postgresql/v12/${db#*:}   # embedded in temporal-sql-tool
  echo "temporal-schema: ${name} (${schema})"
  temporal-sql-tool --db "$name" create
  temporal-sql-tool --db "$name" setup-schema -v 0.0
  temporal-sql-tool --db "$name" update-schema --schema-name "$schema"
done
echo "temporal-schema: done"
