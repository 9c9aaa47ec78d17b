/**
 * Fault 1, a crash mid-cleanup: `holds` overdue holds of 1 to 7 booked dates (some with a
 * turnaround day, seed-bulk.js), a cleanup run in a child process (`medusa exec`), killed with
 * SIGKILL as soon as its first batch has committed. Then: the invariant holds on every date
 * every hold occupies (no hold half-processed, no range half expired: each is EXPIRED with its
 * unit back on all its dates, or ACTIVE with its unit held on all of them), the run record
 * still says `running`; a second run marks it `interrupted`, expires exactly the rest and
 * reports exactly their spans' units restored. Control: one range made half expired by hand
 * (rolled back) must fail the same invariant on exactly the dates it left miscounted.
 */
const { spawn } = require("child_process")
const fs = require("fs")
const path = require("path")
const { MEDUSA, childEnv, runMedusa, tail } = require("../lib/processes")
const { capacityInvariant } = require("../lib/capacity-invariant")
const { seedOverdueBulk, statusesOf, spansOf } = require("./seed-bulk")

const ROOT = path.resolve(__dirname, "../..")
const TAG = "crash"

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function expiredCount(db) {
  return (await statusesOf(db, TAG)).EXPIRED ?? 0
}

async function runCrash({ db, databaseUrl, holds, keys, logDir, cleanups, check }) {
  const seeded = await seedOverdueBulk(db, { tag: TAG, holds, keys })
  const env = childEnv({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" })
  const logFile = path.join(logDir, "crash-child.log")
  const out = fs.openSync(logFile, "w")
  const started = Date.now()
  const child = spawn(MEDUSA, ["exec", "./scripts/stress/cleanup-child.ts"], { cwd: ROOT, env, detached: true, stdio: ["ignore", out, out] })
  fs.closeSync(out)
  cleanups.push(async () => {
    try {
      process.kill(-child.pid, "SIGKILL")
    } catch {
      // already gone
    }
  })
  let exited = null
  child.once("exit", (code, signal) => (exited = code ?? signal))
  let atKill = 0
  const deadline = Date.now() + 120_000
  while (exited === null && Date.now() < deadline) {
    atKill = await expiredCount(db)
    if (atKill > 0) break
    await sleep(20)
  }
  if (exited !== null) throw new Error(`the cleanup child ended (${exited}) before a batch committed:\n${tail(logFile, 20)}`)
  process.kill(-child.pid, "SIGKILL")
  const killedAfterMs = Date.now() - started
  while (exited === null) await sleep(50)
  const afterKill = await expiredCount(db)
  const atKillSpans = await spansOf(db, TAG)
  const figures = { seeded, seededSpans: sumSpans(atKillSpans), expiredAtKill: afterKill, expiredSpansAtKill: atKillSpans.EXPIRED, killedAfterMs }

  await check(`crash: the cleanup of ${seeded} holds killed with SIGKILL after its first batch leaves nothing half-done`, async () => {
    const invariant = await capacityInvariant(db)
    if (!invariant.ok) throw new Error(invariant.detail)
    if (!(afterKill > 0 && afterKill < seeded)) throw new Error(`${afterKill} of ${seeded} expired at the kill: not part way`)
    if (!(atKillSpans.EXPIRED?.ranges > 0)) throw new Error(`no range among the holds expired before the kill: ${JSON.stringify(atKillSpans)}`)
    const { rows } = await db.query(`SELECT id, status FROM hold_cleanup_run WHERE trigger = 'script' ORDER BY started_at`)
    if (rows.length !== 1 || rows[0].status !== "running") throw new Error(`run history: ${JSON.stringify(rows)}`)
    figures.killedRun = rows[0].id
    const expired = atKillSpans.EXPIRED
    return (
      `${afterKill} of ${seeded} expired when killed (${killedAfterMs} ms after start, ${exited}), ${expired.ranges} of them ranges ` +
      `(${expired.turnaround} with turnaround), ${expired.units} hold-dates given back; run ${rows[0].id} still "running"; ${invariant.detail}`
    )
  })

  await check("crash: a second run marks the killed run interrupted and expires exactly the rest", async () => {
    const rerunStarted = Date.now()
    await runMedusa(["exec", "./scripts/stress/cleanup-child.ts"], { env, logFile: path.join(logDir, "crash-rerun.log"), cleanups })
    figures.rerunMs = Date.now() - rerunStarted
    const { rows } = await db.query(
      `SELECT id, status, expired_count, capacity_restored, failed_count FROM hold_cleanup_run WHERE trigger = 'script' ORDER BY started_at`
    )
    const [killed, rerun] = rows
    if (rows.length !== 2 || killed.status !== "interrupted" || rerun.status !== "succeeded") throw new Error(`run history: ${JSON.stringify(rows)}`)
    if (rerun.expired_count !== seeded - afterKill) throw new Error(`the rerun expired ${rerun.expired_count}, expected ${seeded - afterKill}`)
    // A run reports units per date given back: the rest's whole spans, no more, no less.
    const rest = atKillSpans.ACTIVE
    if (rerun.capacity_restored !== rest.units || rerun.failed_count !== 0) {
      throw new Error(`the rerun restored ${rerun.capacity_restored} hold-dates (failed ${rerun.failed_count}), expected ${rest.units}: the occupied dates of the ${rest.holds} holds left`)
    }
    const statuses = await statusesOf(db, TAG)
    if (statuses.EXPIRED !== seeded || Object.keys(statuses).length !== 1) throw new Error(`statuses ${JSON.stringify(statuses)}`)
    const invariant = await capacityInvariant(db)
    if (!invariant.ok) throw new Error(invariant.detail)
    figures.rerunExpired = rerun.expired_count
    figures.rerunRestored = rerun.capacity_restored
    return (
      `killed run "interrupted"; the rerun expired ${rerun.expired_count} (= ${seeded} − ${afterKill}) and restored ${rerun.capacity_restored} ` +
      `hold-dates (= the rest's occupied dates); all ${seeded} EXPIRED; ${invariant.detail}`
    )
  })

  await check("crash, control: a range made half expired by hand (rolled back) fails the invariant on exactly its other dates", async () => {
    const control = await halfExpiredControl(db)
    figures.control = control
    return `hold ${control.holdId} (${control.dates} occupied dates) live again with its unit taken on its first date only: ${control.detail}`
  })
  return figures
}

/**
 * The checker's control: in a transaction that is rolled back, one EXPIRED range of 3 or more
 * occupied dates is made ACTIVE again with its unit taken back on its first date only (what
 * a non-atomic expiry would leave, seen from the other side). The invariant must then report
 * drift on exactly its other occupied dates, or a passing invariant above proves nothing.
 */
async function halfExpiredControl(db) {
  await db.query("BEGIN")
  try {
    const { rows } = await db.query(
      `UPDATE resource_hold SET status = 'ACTIVE'
        WHERE id = (SELECT id FROM resource_hold WHERE id LIKE 'rhold\\_' || $1 || '\\_%' AND status = 'EXPIRED' AND occupied_to >= date + 2 ORDER BY id LIMIT 1)
        RETURNING id, resource_id, date, occupied_to - date + 1 AS dates, quantity`,
      [TAG]
    )
    if (rows.length !== 1) throw new Error("no EXPIRED range of 3 or more dates to make half expired")
    const [hold] = rows
    await db.query(`UPDATE resource_capacity SET available_capacity = available_capacity - $3 WHERE resource_id = $1 AND date = $2 AND deleted_at IS NULL`, [
      hold.resource_id,
      hold.date,
      hold.quantity,
    ])
    const invariant = await capacityInvariant(db)
    const { drift, negative, uncovered } = invariant.counts
    if (invariant.ok || drift !== hold.dates - 1 || negative || uncovered) {
      throw new Error(`expected drift on ${hold.dates - 1} dates and nothing else, the invariant says: ${invariant.detail}`)
    }
    const dates = invariant.drift.map((row) => row.date).join(", ")
    return { holdId: hold.id, dates: hold.dates, detail: `drift on ${drift} rows (${dates}), none elsewhere` }
  } finally {
    await db.query("ROLLBACK")
  }
}

/** The seeded holds' shape over all statuses. */
function sumSpans(byStatus) {
  const total = { holds: 0, ranges: 0, turnaround: 0, units: 0 }
  for (const shape of Object.values(byStatus)) for (const field of Object.keys(total)) total[field] += shape[field]
  return total
}

module.exports = { runCrash }
