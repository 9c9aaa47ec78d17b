const { capacityInvariant } = require("../../lib/capacity-invariant")

/**
 * What must hold after load, whatever the speed: nothing oversold, no drift, and every
 * hold the database has was asked for.
 *
 * - `capacityInvariant` (lib/capacity-invariant.js): available = max − held on every row.
 * - `holdAccounting`: on the load's resources, the route's holds (carts not named
 *   `rawPrefix…`) number at least its 201 answers and at most that plus the requests that
 *   were still in flight when a measurement stopped (`inFlight`), one per cart; the raw SQL
 *   holds number exactly the raw transactions that committed.
 *
 * Each returns { ok, detail }.
 */
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
