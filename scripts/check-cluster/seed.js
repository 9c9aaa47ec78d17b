/**
 * The cluster check's data: resources with capacity made over the admin API (as a store
 * owner would), and overdue holds written straight into the database, each key's holds and
 * its capacity decrement in one transaction under the key's advisory lock (the module's own
 * lock), so the capacity invariant holds at every commit while the workers run.
 */
const { expectStatus } = require("../lib/http")

/**
 * Takes the module's advisory lock of the resource+date given as $1 and $2 (its key:
 * `hashtextextended('resource_booking:capacity:<resource_id>:<YYYY-MM-DD>', 0)`, utils/lock-key.ts).
 */
const LOCK_KEY_1_2 = "pg_advisory_xact_lock(hashtextextended('resource_booking:capacity:' || $1 || ':' || $2, 0))"

/**
 * A resource with `maxCapacity` units on each of `dates` (from the first to the last), and
 * the booking rules in `rules` (e.g. { turnaround_days: 1 }); returns its id.
 */
async function createResource(api, admin, name, dates, maxCapacity, rules = {}) {
  const { resource } = expectStatus(
    await api.post("/admin/resource-booking/resources", { name, description: "Seeded by check:cluster", ...rules }, { headers: admin }),
    200,
    "POST /admin/resource-booking/resources"
  )
  const sorted = [...dates].sort()
  expectStatus(
    await api.post(
      `/admin/resource-booking/resources/${resource.id}/capacity`,
      { from: sorted[0], to: sorted[sorted.length - 1], max_capacity: maxCapacity },
      { headers: admin }
    ),
    200,
    "POST /admin/resource-booking/resources/:id/capacity"
  )
  return resource.id
}

/**
 * `perKey` one-unit, one-date ACTIVE holds on each of `keys` ({ resource_id, date }), expired
 * `minutesAgo` minutes ago, ids prefixed with `tag`. Returns the number of holds written.
 */
async function seedOverdueHolds(db, keys, perKey, tag, minutesAgo = 1) {
  for (const key of keys) {
    await db.query("BEGIN")
    try {
      await db.query(`SELECT ${LOCK_KEY_1_2}`, [
        key.resource_id,
        key.date,
      ])
      const { rowCount } = await db.query(
        `INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at, created_at, updated_at)
         SELECT $3 || '_' || md5(random()::text || g), $1, $2::date, $2::date, $2::date, 1, 'ACTIVE',
                now() - make_interval(mins => $5), now(), now()
           FROM generate_series(1, $4::int) g`,
        [key.resource_id, key.date, tag, perKey, minutesAgo]
      )
      const updated = await db.query(
        `UPDATE resource_capacity SET available_capacity = available_capacity - $3, updated_at = now()
          WHERE resource_id = $1 AND date = $2::date AND deleted_at IS NULL`,
        [key.resource_id, key.date, rowCount]
      )
      if (updated.rowCount !== 1) throw new Error(`no capacity row for ${key.resource_id} on ${key.date}`)
      await db.query("COMMIT")
    } catch (error) {
      await db.query("ROLLBACK")
      throw error
    }
  }
  return keys.length * perKey
}

/** Status counts of the holds whose ids start with `tag`. */
async function holdStatuses(db, tag) {
  const { rows } = await db.query(
    `SELECT status, count(*)::int AS count FROM resource_hold WHERE id LIKE $1 || '\\_%' GROUP BY status`,
    [tag]
  )
  return Object.fromEntries(rows.map((row) => [row.status, row.count]))
}

/**
 * Holds the advisory lock of `key` on a connection of its own until `release()` is called:
 * a cleanup batch that reaches the key waits there, so its run lasts as long as the lock
 * is held.
 */
async function holdKeyLock(connect, key) {
  const client = await connect()
  await client.query("BEGIN")
  await client.query(`SELECT ${LOCK_KEY_1_2}`, [
    key.resource_id,
    key.date,
  ])
  return {
    release: async () => {
      await client.query("COMMIT")
      await client.end()
    },
  }
}

module.exports = { createResource, seedOverdueHolds, holdStatuses, holdKeyLock, LOCK_KEY_1_2 }
