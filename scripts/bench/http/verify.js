/**
 * What must hold after load, whatever the speed: nothing oversold, no drift, and every
 * hold the database has was asked for.
 *
 * - `capacityInvariant`: on every live capacity row, available = max − Σ quantity of the
 *   ACTIVE and CONFIRMED holds occupying its date (date <= d <= occupied_to) and departure
 *   (start_time, '' for dates), and >= 0; no such hold occupies a date without a row.
 * - `holdAccounting`: on the load's resources, the route's holds (carts not named
 *   `rawPrefix…`) number at least its 201 answers and at most that plus the requests that
 *   were still in flight when a measurement stopped (`inFlight`), one per cart; the raw SQL
 *   holds number exactly the raw transactions that committed.
 *
 * Each returns { ok, detail }.
 */
async function capacityInvariant(db) {
  const { rows } = await db.query(
    `WITH held AS (
       SELECT h.resource_id, o.date, h.start_time, sum(h.quantity)::bigint AS units
         FROM resource_hold h,
              LATERAL (SELECT generate_series(h.date, h.occupied_to, interval '1 day')::date AS date) o
        WHERE h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL
        GROUP BY h.resource_id, o.date, h.start_time
     )
     SELECT (SELECT count(*) FROM resource_capacity WHERE deleted_at IS NULL)::int AS rows,
            (SELECT count(*) FROM resource_capacity c LEFT JOIN held h USING (resource_id, date, start_time)
              WHERE c.deleted_at IS NULL AND c.available_capacity <> c.max_capacity - coalesce(h.units, 0))::int AS drift,
            (SELECT count(*) FROM resource_capacity WHERE deleted_at IS NULL AND available_capacity < 0)::int AS negative,
            (SELECT count(*) FROM held h WHERE NOT EXISTS (
               SELECT 1 FROM resource_capacity c
                WHERE c.resource_id = h.resource_id AND c.date = h.date AND c.start_time = h.start_time
                  AND c.deleted_at IS NULL))::int AS uncovered`
  )
  const { rows: capacityRows, drift, negative, uncovered } = rows[0]
  return {
    ok: drift === 0 && negative === 0 && uncovered === 0,
    detail: `${capacityRows} capacity rows: ${drift} with available ≠ max − held, ${negative} below 0, ${uncovered} occupied resource+dates without a row`,
  }
}

async function holdAccounting(db, { resourceIds, rawPrefix, created, inFlight, rawCommitted }) {
  const { rows } = await db.query(
    `SELECT count(*) FILTER (WHERE cart_id NOT LIKE $2 || '%')::int AS route_holds,
            count(DISTINCT cart_id) FILTER (WHERE cart_id NOT LIKE $2 || '%')::int AS route_carts,
            count(*) FILTER (WHERE cart_id LIKE $2 || '%')::int AS raw_holds
       FROM resource_hold WHERE resource_id = ANY($1) AND deleted_at IS NULL`,
    [resourceIds, rawPrefix]
  )
  const { route_holds: routeHolds, route_carts: routeCarts, raw_holds: rawHolds } = rows[0]
  const ok = routeHolds >= created && routeHolds <= created + inFlight && routeCarts === routeHolds && rawHolds === rawCommitted
  return {
    ok,
    detail:
      `route: ${routeHolds} holds on ${routeCarts} carts for ${created} answers 201 (+ up to ${inFlight} in flight at the stops); ` +
      `raw SQL: ${rawHolds} holds for ${rawCommitted} commits`,
  }
}

module.exports = { capacityInvariant, holdAccounting }
