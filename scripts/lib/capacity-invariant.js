/**
 * The capacity invariant, checked over the whole database: for every live capacity row,
 * available = max − Σ(quantity of its ACTIVE and CONFIRMED holds) and available >= 0; and
 * no ACTIVE or CONFIRMED hold sits on a resource+date without a capacity row. `db` is a pg
 * client; returns { ok, detail }.
 */
async function capacityInvariant(db) {
  const { rows } = await db.query(
    `WITH held AS (
       SELECT resource_id, date, sum(quantity)::bigint AS units FROM resource_hold
        WHERE status IN ('ACTIVE', 'CONFIRMED') AND deleted_at IS NULL GROUP BY resource_id, date
     )
     SELECT (SELECT count(*) FROM resource_capacity WHERE deleted_at IS NULL)::int AS rows,
            (SELECT count(*) FROM resource_capacity c LEFT JOIN held h USING (resource_id, date)
              WHERE c.deleted_at IS NULL AND c.available_capacity <> c.max_capacity - coalesce(h.units, 0))::int AS drift,
            (SELECT count(*) FROM resource_capacity WHERE deleted_at IS NULL AND available_capacity < 0)::int AS negative,
            (SELECT count(*) FROM held h WHERE NOT EXISTS (
               SELECT 1 FROM resource_capacity c
                WHERE c.resource_id = h.resource_id AND c.date = h.date AND c.deleted_at IS NULL))::int AS uncovered`
  )
  const { rows: capacityRows, drift, negative, uncovered } = rows[0]
  return {
    ok: drift === 0 && negative === 0 && uncovered === 0,
    detail: `${capacityRows} capacity rows: ${drift} with available ≠ max − held, ${negative} below 0, ${uncovered} held resource+dates without a row`,
  }
}

module.exports = { capacityInvariant }
