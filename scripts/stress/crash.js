/**
 * Fault 1, a crash mid-cleanup: `holds` overdue holds, a cleanup run in a child process
 * (`medusa exec`), killed with SIGKILL as soon as its first batch has committed. Then: the
 * invariant holds (no hold half-processed: each is EXPIRED with its unit back, or ACTIVE
 * with its unit held), the run record still says `running`; a second run marks it
 * `interrupted` and expires exactly the rest.
 */
const { spawn } = require("child_process")
const fs = require("fs")
const path = require("path")
const { MEDUSA, childEnv, runMedusa, tail } = require("../lib/processes")
const { capacityInvariant } = require("../lib/capacity-invariant")
const { seedOverdueBulk, statusesOf } = require("./seed-bulk")

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
  const figures = { seeded, expiredAtKill: afterKill, killedAfterMs }

  await check(`crash: the cleanup of ${seeded} holds killed with SIGKILL after its first batch leaves nothing half-done`, async () => {
    const invariant = await capacityInvariant(db)
    if (!invariant.ok) throw new Error(invariant.detail)
    if (!(afterKill > 0 && afterKill < seeded)) throw new Error(`${afterKill} of ${seeded} expired at the kill: not part way`)
    const { rows } = await db.query(`SELECT id, status FROM hold_cleanup_run WHERE trigger = 'script' ORDER BY started_at`)
    if (rows.length !== 1 || rows[0].status !== "running") throw new Error(`run history: ${JSON.stringify(rows)}`)
    figures.killedRun = rows[0].id
    return `${afterKill} of ${seeded} expired when killed (${killedAfterMs} ms after start, ${exited}); run ${rows[0].id} still "running"; ${invariant.detail}`
  })

  await check("crash: a second run marks the killed run interrupted and expires exactly the rest", async () => {
    const rerunStarted = Date.now()
    await runMedusa(["exec", "./scripts/stress/cleanup-child.ts"], { env, logFile: path.join(logDir, "crash-rerun.log"), cleanups })
    figures.rerunMs = Date.now() - rerunStarted
    const { rows } = await db.query(
      `SELECT id, status, expired_count FROM hold_cleanup_run WHERE trigger = 'script' ORDER BY started_at`
    )
    const [killed, rerun] = rows
    if (rows.length !== 2 || killed.status !== "interrupted" || rerun.status !== "succeeded") throw new Error(`run history: ${JSON.stringify(rows)}`)
    if (rerun.expired_count !== seeded - afterKill) throw new Error(`the rerun expired ${rerun.expired_count}, expected ${seeded - afterKill}`)
    const statuses = await statusesOf(db, TAG)
    if (statuses.EXPIRED !== seeded || Object.keys(statuses).length !== 1) throw new Error(`statuses ${JSON.stringify(statuses)}`)
    const invariant = await capacityInvariant(db)
    if (!invariant.ok) throw new Error(invariant.detail)
    figures.rerunExpired = rerun.expired_count
    return `killed run "interrupted"; the rerun expired ${rerun.expired_count} (= ${seeded} − ${afterKill}); all ${seeded} EXPIRED; ${invariant.detail}`
  })
  return figures
}

module.exports = { runCrash }
