/**
 * The database ceiling of a hold: the statements createHold runs (ResourceBookingModuleService
 * createHold_ with CapacityService.lockKeys and HoldService.insertTakingUnits), sent straight
 * through `pg` by `connections` clients back to back for `duration` seconds, each transaction
 * on the next key of `keys` (round robin; a key is { resource_id, date, end_date? }: one date,
 * or every date from date to end_date) with its own cart id:
 *
 *   the resource's booking fields; BEGIN; lock_timeout and the dates' advisory locks (sorted)
 *   then the cart's, in one statement; one statement that reads the dates' capacity rows and
 *   the cart's live holds, and only if every date has the units and no cap is passed, inserts
 *   the hold and takes its units on every date; COMMIT
 *
 * A key with too few units rolls back and counts as `refused`; a lock wait past
 * lockTimeoutMs counts under its SQLSTATE (55P03). Latency is from the resource read to COMMIT.
 */
const crypto = require("crypto")
const { Client } = require("pg")
const { latencySummary } = require("./stats")
const { pidsCpu, cpuDelta } = require("./process-cpu")
const { addDays } = require("../../lib/calendar")

const LOCK_TIMEOUT = "3000ms"
const HOLD_TTL_MINUTES = 30
/** The module's default caps (HOLD_MAX_UNITS_PER_CART_DATE, HOLD_MAX_LIVE_HOLDS_PER_CART). */
const MAX_UNITS = 10
const MAX_HOLDS = 20

const LOCK_KEY = `hashtextextended('resource_booking:capacity:' || r || ':' || d, 0)`
const STATEMENTS = {
  bookable: `SELECT id, is_active, turnaround_days FROM resource WHERE id = $1 AND deleted_at IS NULL`,
  lock: `SELECT s.level,
                (SELECT count(pg_advisory_xact_lock(l.k))
                   FROM (SELECT k FROM (
                           SELECT DISTINCT ${LOCK_KEY} AS k, 0::bigint AS n
                             FROM unnest($1::text[], $2::text[]) AS t(r, d)
                           UNION ALL
                           SELECT hashtextextended(o.name, 0), o.n FROM unnest($3::text[]) WITH ORDINALITY AS o(name, n)
                         ) AS all_keys
                         WHERE s.level = 'read committed'
                         ORDER BY n, k) AS l) AS locked
           FROM (SELECT set_config('lock_timeout', $4, true) AS timeout,
                        current_setting('transaction_isolation') AS level OFFSET 0) AS s`,
  // $1 resource, $2 first date, $3 end date, $4 occupied_to, $5 quantity, $6 cart, $7 hold id.
  take: `WITH cap AS (
           SELECT to_char(date, 'YYYY-MM-DD') AS date, available_capacity AS available FROM resource_capacity
            WHERE resource_id = $1 AND date BETWEEN $2::date AND $4::date AND deleted_at IS NULL
         ), owned AS MATERIALIZED (
           SELECT cart_id, resource_id, date, occupied_to, quantity FROM resource_hold
            WHERE cart_id = $6 AND status = 'ACTIVE' AND expires_at >= now() AND deleted_at IS NULL
         ), per_date AS (
           SELECT g.d, coalesce(sum(o.quantity), 0) AS cart_units
             FROM generate_series($2::date, $4::date, interval '1 day') AS g(d)
             JOIN owned o ON o.resource_id = $1 AND o.date <= g.d::date AND o.occupied_to >= g.d::date
            GROUP BY g.d
         ), verdict AS (
           SELECT (SELECT count(*) FROM cap) = ($4::date - $2::date + 1)
                  AND coalesce((SELECT bool_and(available >= $5) FROM cap), false)
                  AND coalesce((SELECT max(cart_units) FROM per_date), 0) + $5 <= ${MAX_UNITS}
                  AND (SELECT count(*) FROM owned) < ${MAX_HOLDS} AS ok
         ), ins AS (
           INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at,
                                      cart_id, created_at, updated_at)
           SELECT $7, $1, $2::date, $3::date, $4::date, $5, 'ACTIVE', now() + make_interval(mins => ${HOLD_TTL_MINUTES}), $6, now(), now()
            WHERE (SELECT ok FROM verdict)
           RETURNING id
         ), taken AS (
           UPDATE resource_capacity SET available_capacity = available_capacity - $5, updated_at = now()
            WHERE resource_id = $1 AND date BETWEEN $2::date AND $4::date AND deleted_at IS NULL
              AND EXISTS (SELECT 1 FROM ins)
           RETURNING 1
         )
         SELECT (SELECT id FROM ins) AS hold, (SELECT count(*) FROM taken)::int AS taken`,
}

/** A hold id shaped like Medusa's (prefix_ULID-like, alphanumeric). */
function holdId() {
  return `rhold_${Date.now().toString(36).toUpperCase()}${crypto.randomBytes(10).toString("hex").toUpperCase()}`
}

/** Every date from `from` to `to`. */
function datesOf(from, to) {
  const dates = [from]
  while (dates[dates.length - 1] < to) dates.push(addDays(dates[dates.length - 1], 1))
  return dates
}

/** One hold transaction; resolves "ok" or "refused" (inactive resource, no row, too few units), rejects on a database error (after ROLLBACK). */
async function holdTransaction(client, key, cartId) {
  const quantity = 1
  const resource = await client.query(STATEMENTS.bookable, [key.resource_id])
  if (!resource.rows[0]?.is_active) return "refused"
  const endDate = key.end_date ?? key.date
  const occupiedTo = addDays(endDate, resource.rows[0].turnaround_days)
  const dates = datesOf(key.date, occupiedTo)
  await client.query("BEGIN")
  try {
    await client.query(STATEMENTS.lock, [dates.map(() => key.resource_id), dates, [`resource_booking:cart:${cartId}`], LOCK_TIMEOUT])
    const { rows } = await client.query(STATEMENTS.take, [key.resource_id, key.date, endDate, occupiedTo, quantity, cartId, holdId()])
    if (!rows[0].hold) {
      await client.query("ROLLBACK")
      return "refused"
    }
    if (rows[0].taken !== dates.length) throw new Error(`hold of ${key.resource_id} ${key.date}..${occupiedTo} took units on ${rows[0].taken} dates`)
    await client.query("COMMIT")
    return "ok"
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {})
    throw error
  }
}

/**
 * Runs the measurement; `cartIdPrefix` names the holds' carts (`<prefix><n>`, never a real
 * cart). Resolves with { requests, seconds, rps, p50, p90, p99, max, status: { ok, refused, <SQLSTATE>: n },
 * dbCpuMs } (dbCpuMs: CPU time of the clients' backends while timed, null where /proc cannot tell).
 */
async function measureRawHold({ databaseUrl, keys, connections, duration, cartIdPrefix }) {
  const clients = []
  try {
    for (let i = 0; i < connections; i++) {
      const client = new Client({ connectionString: databaseUrl })
      await client.connect()
      clients.push(client)
    }
    const latencies = []
    const status = {}
    let sequence = 0
    const backends = clients.map((client) => client.processID)
    const cpuBefore = pidsCpu(backends)
    const started = performance.now()
    const end = started + duration * 1000
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < end) {
          const n = sequence++
          const began = performance.now()
          let outcome
          try {
            outcome = await holdTransaction(client, keys[n % keys.length], `${cartIdPrefix}${n}`)
          } catch (error) {
            outcome = error.code || error.message
          }
          latencies.push(performance.now() - began)
          status[outcome] = (status[outcome] || 0) + 1
        }
      })
    )
    const seconds = (performance.now() - started) / 1000
    const dbCpuMs = cpuDelta(cpuBefore, pidsCpu(backends))
    return { requests: latencies.length, seconds, rps: latencies.length / seconds, ...latencySummary(latencies), status, errors: {}, timeouts: 0, appCpuMs: null, dbCpuMs }
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})))
  }
}

module.exports = { measureRawHold }
