/**
 * The database ceiling of a hold: the statements createHold runs (ResourceBookingModuleService
 * createHold_ with CapacityService and HoldService), sent straight through `pg` by
 * `connections` clients back to back for `duration` seconds, each transaction on the next
 * key of `keys` (round robin) with its own cart id:
 *
 *   BEGIN; the resource is bookable; lock_timeout; the key's advisory lock; its capacity
 *   row; INSERT the hold; conditional decrement of available_capacity; COMMIT
 *
 * A key with too few units rolls back and counts as `refused`; a lock wait past
 * lockTimeoutMs counts under its SQLSTATE (55P03). Latency is BEGIN to COMMIT.
 */
const crypto = require("crypto")
const { Client } = require("pg")
const { latencySummary } = require("./stats")
const { pidsCpu, cpuDelta } = require("./process-cpu")

const LOCK_TIMEOUT = "3000ms"
const HOLD_TTL_MINUTES = 30

const LOCK_KEY = `hashtextextended('resource_booking:capacity:' || r || ':' || d, 0)`
const STATEMENTS = {
  lockTimeout: `SELECT set_config('lock_timeout', $1, true)`,
  bookable: `SELECT id, is_active FROM resource WHERE id = $1 AND deleted_at IS NULL`,
  lock: `SELECT count(pg_advisory_xact_lock(k)) AS locked
           FROM (SELECT DISTINCT ${LOCK_KEY} AS k
                   FROM unnest($1::text[], $2::text[]) AS t(r, d)
                  ORDER BY k) AS sorted_keys`,
  row: `SELECT id, resource_id, to_char(date, 'YYYY-MM-DD') AS date, max_capacity, available_capacity
          FROM resource_capacity WHERE resource_id = $1 AND date = $2::date AND deleted_at IS NULL`,
  insert: `INSERT INTO resource_hold (id, resource_id, date, quantity, status, expires_at,
                                      cart_id, customer_id, metadata, created_at, updated_at)
           VALUES ($1, $2, $3::date, $4, 'ACTIVE', now() + make_interval(mins => $5), $6, $7, $8::jsonb, now(), now())
           RETURNING id, resource_id, to_char(date, 'YYYY-MM-DD') AS date, quantity, status,
             expires_at, cart_id, customer_id, order_id, line_item_id, confirmation_error, confirmed_at,
             released_at, expired_at, metadata, created_at, updated_at,
             (status = 'ACTIVE' AND expires_at < now()) AS overdue`,
  decrement: `UPDATE resource_capacity
                 SET available_capacity = available_capacity + $1, updated_at = now()
               WHERE resource_id = $2 AND date = $3::date AND deleted_at IS NULL
                 AND available_capacity + $4 BETWEEN 0 AND max_capacity
              RETURNING id, resource_id, to_char(date, 'YYYY-MM-DD') AS date, max_capacity, available_capacity`,
}

/** A hold id shaped like Medusa's (prefix_ULID-like, alphanumeric). */
function holdId() {
  return `rhold_${Date.now().toString(36).toUpperCase()}${crypto.randomBytes(10).toString("hex").toUpperCase()}`
}

/** One hold transaction; resolves "ok" or "refused" (inactive resource, no row, too few units), rejects on a database error (after ROLLBACK). */
async function holdTransaction(client, key, cartId) {
  const quantity = 1
  await client.query("BEGIN")
  try {
    const resource = await client.query(STATEMENTS.bookable, [key.resource_id])
    await client.query(STATEMENTS.lockTimeout, [LOCK_TIMEOUT])
    await client.query(STATEMENTS.lock, [[key.resource_id], [key.date]])
    const row = await client.query(STATEMENTS.row, [key.resource_id, key.date])
    if (!resource.rows[0]?.is_active || !row.rows[0] || row.rows[0].available_capacity < quantity) {
      await client.query("ROLLBACK")
      return "refused"
    }
    await client.query(STATEMENTS.insert, [holdId(), key.resource_id, key.date, quantity, HOLD_TTL_MINUTES, cartId, null, null])
    const decremented = await client.query(STATEMENTS.decrement, [-quantity, key.resource_id, key.date, -quantity])
    if (!decremented.rows.length) throw new Error(`capacity of ${key.resource_id} ${key.date} would leave 0..max`)
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
