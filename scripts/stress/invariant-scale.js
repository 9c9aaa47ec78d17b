#!/usr/bin/env node
/**
 * `node scripts/stress/invariant-scale.js [holds=1000000] [expired=0.9]`: what the stress
 * checks' capacity invariant (lib/capacity-invariant.js) costs on a large hold table. On a
 * scratch database (migrated with `medusa db:migrate`) of the project's embedded PostgreSQL,
 * or of the server INVARIANT_DATABASE_URL names (e.g. postgres://postgres@127.0.0.1:5432/postgres):
 * `holds` holds of 1 to 7 dates (seed-bulk.js, 100 holds per resource+date), timed with all
 * of them live, then again once the share `expired` of them has expired (units given back on
 * every date, as the cleanup does) — the usual shape of a table with history. Beside it, the
 * same sums spread hold by hold over their dates with generate_series. Prints the medians of
 * 3 readings; checks that both agree and that the invariant holds.
 */
const fs = require("fs")
const os = require("os")
const path = require("path")
const { Client } = require("pg")
const { createCleanupRegistry } = require("../lib/cleanup-registry")
const { createScratchDatabase } = require("../lib/scratch-database")
const { capacityInvariant } = require("../lib/capacity-invariant")
const { childEnv, runMedusa } = require("../lib/processes")
const { seedOverdueBulk } = require("./seed-bulk")

const READINGS = 3
const HOLDS_PER_KEY = 100

/** The same drift and uncovered counts, each live hold spread over its dates. */
const SPREAD = `WITH held AS (
    SELECT h.resource_id, h.date + o.i AS date, sum(h.quantity) AS units
      FROM resource_hold h CROSS JOIN LATERAL generate_series(0, h.occupied_to - h.date) AS o(i)
     WHERE h.status IN ('ACTIVE', 'CONFIRMED') AND h.deleted_at IS NULL GROUP BY 1, 2
  )
  SELECT count(*) FILTER (WHERE c.resource_id IS NOT NULL AND c.available_capacity <> c.max_capacity - coalesce(h.units, 0))::int AS drift,
         count(*) FILTER (WHERE c.resource_id IS NULL)::int AS uncovered
    FROM (SELECT * FROM resource_capacity WHERE deleted_at IS NULL) c FULL JOIN held h ON h.resource_id = c.resource_id AND h.date = c.date`

/** Expires a random share of the live holds and gives their units back on every date they occupy, in one statement. */
const EXPIRE_SHARE = `WITH e AS (
    UPDATE resource_hold SET status = 'EXPIRED', expired_at = now(), updated_at = now()
     WHERE status = 'ACTIVE' AND random() < $1 RETURNING resource_id, date, occupied_to, quantity
  ), per_date AS (
    SELECT resource_id, date + o.i AS date, sum(quantity) AS units
      FROM e CROSS JOIN LATERAL generate_series(0, occupied_to - date) AS o(i) GROUP BY 1, 2
  )
  UPDATE resource_capacity c SET available_capacity = available_capacity + p.units
    FROM per_date p WHERE c.resource_id = p.resource_id AND c.date = p.date`

async function median(fn) {
  const times = []
  let last
  for (let i = 0; i < READINGS; i++) {
    const started = performance.now()
    last = await fn()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return { ms: Math.round(times[Math.floor(READINGS / 2)]), last }
}

async function measure(db, label) {
  const invariant = await median(() => capacityInvariant(db))
  const spread = await median(async () => (await db.query(SPREAD)).rows[0])
  const { counts } = invariant.last
  if (!invariant.last.ok) throw new Error(`the invariant fails on the seed: ${invariant.last.detail}`)
  if (spread.last.drift !== counts.drift || spread.last.uncovered !== counts.uncovered) {
    throw new Error(`the two disagree: ${JSON.stringify(spread.last)} vs ${invariant.last.detail}`)
  }
  console.log(
    `${label}: ${counts.liveHolds} live holds (${counts.holdDates} hold-dates) on ${counts.rows} capacity rows — ` +
      `invariant ${invariant.ms} ms, spread with generate_series ${spread.ms} ms (median of ${READINGS})`
  )
}

async function main() {
  const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split("=")))
  const holds = Number(args.holds ?? 1_000_000)
  const expired = Number(args.expired ?? 0.9)
  const { cleanups, cleanUp } = createCleanupRegistry()
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "medusa-resource-booking-invariant-"))
  cleanups.push(() => fs.rmSync(logDir, { recursive: true, force: true }))
  try {
    const scratch = await createScratchDatabase("medusa_rb_invariant", {
      serverUrl: process.env.INVARIANT_DATABASE_URL,
      log: (line) => console.log(line),
      cleanups,
    })
    await runMedusa(["db:migrate"], { env: childEnv({ DATABASE_URL: scratch.url, LOG_LEVEL: "warn" }), logFile: path.join(logDir, "migrate.log"), cleanups })
    const db = new Client({ connectionString: scratch.url })
    await db.connect()
    cleanups.push(() => db.end())
    const { rows } = await db.query("SELECT current_setting('server_version') AS version, current_setting('jit') AS jit")
    console.log(`PostgreSQL ${rows[0].version} (jit ${rows[0].jit}); seeding ${holds} holds…`)
    const started = Date.now()
    await seedOverdueBulk(db, { tag: "scale", holds, keys: Math.ceil(holds / HOLDS_PER_KEY) })
    console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    await measure(db, "all live")
    if (expired > 0) {
      await db.query(EXPIRE_SHARE, [expired])
      await db.query("VACUUM ANALYZE resource_hold")
      await db.query("ANALYZE resource_capacity")
      await measure(db, `${Math.round(expired * 100)} % expired`)
    }
  } finally {
    await cleanUp()
  }
}

main().catch((error) => {
  console.error(error.message)
  process.exitCode = 1
})
