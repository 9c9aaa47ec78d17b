/**
 * Overdue holds in bulk, straight into the database, consistent with the capacity invariant:
 * `holds` one-unit ACTIVE holds that expired an hour ago, ids prefixed with `tag`, on
 * `keys` resource+dates (DATES_PER_RESOURCE dates per resource). With `ranges` (the default)
 * hold n books 1 + (n mod 7) dates (a mix of 1 to 7) and every second resource has one
 * turnaround day, so a hold occupies 1 to 8 dates; without, every hold books one date. Each
 * hold fits inside its resource's dates; each capacity row has max = the units occupying its
 * date + 10 and available 10. Returns the number of holds written.
 */
const DATES_PER_RESOURCE = 10
const FIRST_DATE = "2032-01-01"
/** Longest booking of the mix, in dates (plus a turnaround day on every second resource). */
const MAX_DAYS = 7

async function seedOverdueBulk(db, { tag, holds, keys, ranges = true }) {
  const resources = Math.ceil(keys / DATES_PER_RESOURCE)
  await db.query(
    `INSERT INTO resource (id, name, turnaround_days)
     SELECT 'res_${tag}_' || r, 'Stress ${tag} ' || r, CASE WHEN $2 AND r % 2 = 0 THEN 1 ELSE 0 END
       FROM generate_series(1, $1::int) r`,
    [resources, ranges]
  )
  // Hold n is the j-th of resource 1 + n mod R (j = n div R): it books 1 + j mod 7 dates and
  // starts where its span stays inside the resource's dates, moving with j, so a resource's
  // spans overlap in every way.
  const { rowCount } = await db.query(
    `WITH spec AS (
       SELECT n, 1 + n % $2::int AS r, n / $2::int AS j FROM generate_series(1, $1::int) n
     ), spans AS (
       SELECT s.n, s.j, res.id AS resource_id, d.days, d.days + res.turnaround_days AS occupied
         FROM spec s JOIN resource res ON res.id = 'res_${tag}_' || s.r,
              LATERAL (SELECT CASE WHEN $3 THEN 1 + s.j % ${MAX_DAYS} ELSE 1 END AS days) d
     ), placed AS (
       SELECT sp.*, date '${FIRST_DATE}' + ((sp.j / ${MAX_DAYS}) % (${DATES_PER_RESOURCE} - sp.occupied + 1))::int AS first FROM spans sp
     )
     INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at, created_at, updated_at)
     SELECT 'rhold_${tag}_' || n, resource_id, first, first + days - 1, first + occupied - 1, 1, 'ACTIVE',
            now() - interval '1 hour', now() - interval '2 hours', now()
       FROM placed`,
    [holds, resources, ranges]
  )
  await db.query(
    `WITH dates AS (
       SELECT 'res_${tag}_' || (1 + (k - 1) / ${DATES_PER_RESOURCE}) AS resource_id,
              date '${FIRST_DATE}' + (k - 1) % ${DATES_PER_RESOURCE} AS date, k
         FROM generate_series(1, $1::int) k
     ), held AS (
       SELECT h.resource_id, h.date + o.i AS date, sum(h.quantity)::int AS units
         FROM resource_hold h CROSS JOIN LATERAL generate_series(0, h.occupied_to - h.date) AS o(i)
        WHERE h.id LIKE 'rhold\\_${tag}\\_%'
        GROUP BY 1, 2
     )
     INSERT INTO resource_capacity (id, resource_id, date, max_capacity, available_capacity)
     SELECT 'rcap_${tag}_' || d.k, d.resource_id, d.date, coalesce(h.units, 0) + 10, 10
       FROM dates d LEFT JOIN held h USING (resource_id, date)`,
    [resources * DATES_PER_RESOURCE]
  )
  await db.query(`ANALYZE resource`)
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

/**
 * The holds seeded with `tag` by status and shape: { [status]: { holds, ranges (over several
 * booked dates), turnaround (with turnaround dates), units (Σ quantity × occupied dates) } }.
 */
async function spansOf(db, tag) {
  const { rows } = await db.query(
    `SELECT status, count(*)::int AS holds, count(*) FILTER (WHERE end_date > date)::int AS ranges,
            count(*) FILTER (WHERE occupied_to > end_date)::int AS turnaround,
            sum(quantity * (occupied_to - date + 1))::int AS units
       FROM resource_hold WHERE id LIKE 'rhold\\_' || $1 || '\\_%' GROUP BY status`,
    [tag]
  )
  return Object.fromEntries(rows.map(({ status, ...shape }) => [status, shape]))
}

module.exports = { seedOverdueBulk, statusesOf, spansOf }
