/**
 * Overdue holds in bulk, straight into the database, consistent with the capacity invariant:
 * `holds` one-unit ACTIVE holds that expired an hour ago, spread over `keys` resource+dates
 * (10 dates per resource) whose capacity rows count them, ids prefixed with `tag`.
 * Returns the number of holds written.
 */
async function seedOverdueBulk(db, { tag, holds, keys }) {
  const perKey = Math.ceil(holds / keys)
  await db.query(`INSERT INTO resource (id, name) SELECT 'res_${tag}_' || r, 'Stress ${tag} ' || r FROM generate_series(1, $1::int) r`, [
    Math.ceil(keys / 10),
  ])
  await db.query(
    `INSERT INTO resource_capacity (id, resource_id, date, max_capacity, available_capacity)
     SELECT 'rcap_${tag}_' || k, 'res_${tag}_' || (1 + (k - 1) / 10), date '2032-01-01' + ((k - 1) % 10), $2::int + 10, 10
       FROM generate_series(1, $1::int) k`,
    [keys, perKey]
  )
  const { rowCount } = await db.query(
    `INSERT INTO resource_hold (id, resource_id, date, quantity, status, expires_at, created_at, updated_at)
     SELECT 'rhold_${tag}_' || h, c.resource_id, c.date, 1, 'ACTIVE', now() - interval '1 hour', now() - interval '2 hours', now()
       FROM generate_series(1, $1::int) h
       JOIN resource_capacity c ON c.id = 'rcap_${tag}_' || (1 + (h - 1) % $2::int)`,
    [perKey * keys, keys]
  )
  await db.query(`ANALYZE resource_hold`)
  await db.query(`ANALYZE resource_capacity`)
  return rowCount
}

/** Status counts of the holds seeded with `tag`. */
async function statusesOf(db, tag) {
  const { rows } = await db.query(
    `SELECT status, count(*)::int AS count FROM resource_hold WHERE id LIKE 'rhold\\_' || $1 || '\\_%' GROUP BY status`,
    [tag]
  )
  return Object.fromEntries(rows.map((row) => [row.status, row.count]))
}

module.exports = { seedOverdueBulk, statusesOf }
