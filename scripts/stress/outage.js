/**
 * Fault 2, a database outage: a server reaches PostgreSQL through a proxy; a manual cleanup
 * of `holds` overdue holds (1 to 7 dates, some with a turnaround day: seed-bulk.js) starts; once its first batch has committed, the app's backends
 * are terminated (pg_terminate_backend) and the proxy refuses every connection for
 * `outageSeconds`. Meanwhile health is polled every second. Then: the run failed loudly
 * (its request answered, the failure logged), nothing is partial, health answered 503
 * within one poll and recovered by itself, the run is recorded as failed once the database
 * is back, and the next run finishes the work.
 */
const { capacityInvariant } = require("../lib/capacity-invariant")
const { seedOverdueBulk, statusesOf } = require("./seed-bulk")

const TAG = "outage"
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** One request with a deadline: { status, ms, body } (status 0 when it did not answer in time). */
async function timed(url, options = {}, timeoutMs = 5000) {
  const started = Date.now()
  try {
    const response = await fetch(url, { ...options, signal: AbortSignal.timeout(timeoutMs) })
    const text = await response.text()
    let body
    try {
      body = JSON.parse(text)
    } catch {
      body = text
    }
    return { status: response.status, ms: Date.now() - started, body }
  } catch (error) {
    return { status: 0, ms: Date.now() - started, body: String(error.message) }
  }
}

async function runOutage({ db, databaseName, proxy, baseUrl, admin, adminUser, holds, keys, outageSeconds, logFile, check }) {
  const seeded = await seedOverdueBulk(db, { tag: TAG, holds, keys })
  const json = { "content-type": "application/json", ...admin }
  // A monitor authenticates with an admin user's JWT: checked without the database. (A secret
  // API key is looked up in the database, so while it is unreachable Medusa answers 401.)
  const login = await timed(`${baseUrl}/auth/user/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(adminUser) })
  if (login.status !== 200) throw new Error(`admin login: ${login.status} ${JSON.stringify(login.body)}`)
  const monitor = { authorization: `Bearer ${login.body.token}` }
  const health = () => timed(`${baseUrl}/admin/resource-booking/health`, { headers: monitor })
  const before = await health()
  const cleanup = timed(`${baseUrl}/admin/resource-booking/cleanup`, { method: "POST", headers: json, body: "{}" }, 120_000)
  while (((await statusesOf(db, TAG)).EXPIRED ?? 0) === 0) await sleep(20)
  const { rows: terminated } = await db.query(
    `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [databaseName]
  )
  proxy.cut()
  const cutAt = Date.now()
  const expiredAtCut = (await statusesOf(db, TAG)).EXPIRED ?? 0
  const polls = []
  while (Date.now() - cutAt < outageSeconds * 1000) {
    const poll = await health()
    polls.push({ at: Date.now() - cutAt, status: poll.status, ms: poll.ms, health: poll.body?.status })
    await sleep(Math.max(0, 1000 - poll.ms))
  }
  const withApiKey = await timed(`${baseUrl}/admin/resource-booking/health`, { headers: admin }, 3000)
  proxy.restore()
  const restoredAt = Date.now()
  const cleanupAnswer = await cleanup
  let recovered = null
  while (!recovered && Date.now() - restoredAt < 60_000) {
    const poll = await health()
    if (poll.status === 200) recovered = { ms: Date.now() - restoredAt, health: poll.body.status }
    else await sleep(500)
  }
  const figures = { seeded, expiredAtCut, terminated: terminated.length, outageSeconds, polls, cleanupAnswer, recovered, withApiKey: withApiKey.status }

  await check(`outage: health answers 503 unhealthy within one poll while the database is unreachable, and recovers by itself`, async () => {
    if (before.status !== 200) throw new Error(`health before the outage: ${before.status} ${JSON.stringify(before.body)}`)
    const [first] = polls
    if (!first || first.status !== 503 || first.health !== "unhealthy") throw new Error(`first poll: ${JSON.stringify(first)}`)
    const notUnhealthy = polls.filter((poll) => poll.status !== 503)
    if (notUnhealthy.length) throw new Error(`polls during the outage that were not 503: ${JSON.stringify(notUnhealthy.slice(0, 3))}`)
    if (!recovered) throw new Error("health did not answer 200 within 60 s of the database coming back")
    const slowest = Math.max(...polls.map((poll) => poll.ms))
    return `${polls.length} polls (admin JWT) over ${outageSeconds} s: all 503 unhealthy (slowest ${slowest} ms); 200 ${recovered.health} ${recovered.ms} ms after the database came back; with a secret API key instead: ${withApiKey.status === 0 ? `no answer within 3 s` : withApiKey.status}`
  })

  await check("outage: the run in progress fails loudly with a 503, and nothing is partial", async () => {
    if (cleanupAnswer.status !== 503) throw new Error(`POST /admin/resource-booking/cleanup answered ${cleanupAnswer.status} ${JSON.stringify(cleanupAnswer.body)}`)
    const invariant = await capacityInvariant(db)
    if (!invariant.ok) throw new Error(invariant.detail)
    const log = require("fs").readFileSync(logFile, "utf8")
    if (!log.includes("[Cleanup Job] Cleanup failed")) throw new Error("no \"[Cleanup Job] Cleanup failed\" in the server log")
    return `${terminated.length} backends terminated with ${expiredAtCut} of ${seeded} expired; the request answered 503 "${cleanupAnswer.body?.message}"; the failure is logged; ${invariant.detail}`
  })

  await check("outage: the failed run is recorded once the database is back, and the next run finishes the work", async () => {
    let failed = []
    const deadline = Date.now() + 30_000
    while (!failed.length && Date.now() < deadline) {
      failed = (await db.query(`SELECT id, status, error FROM hold_cleanup_run WHERE trigger = 'manual' AND status = 'failed'`)).rows
      if (!failed.length) await sleep(500)
    }
    if (!failed.length) throw new Error("no failed manual run recorded within 30 s of the database coming back")
    const next = await timed(`${baseUrl}/admin/resource-booking/cleanup`, { method: "POST", headers: json, body: "{}" }, 120_000)
    if (next.status !== 200) throw new Error(`the next run answered ${next.status} ${JSON.stringify(next.body)}`)
    const statuses = await statusesOf(db, TAG)
    if (statuses.EXPIRED !== seeded || Object.keys(statuses).length !== 1) throw new Error(`statuses ${JSON.stringify(statuses)}`)
    const invariant = await capacityInvariant(db)
    if (!invariant.ok) throw new Error(invariant.detail)
    figures.nextRunExpired = next.body.result.expired_count
    return `recorded failed: "${String(failed[0].error).slice(0, 90)}…"; the next run expired ${next.body.result.expired_count}; all ${seeded} EXPIRED; ${invariant.detail}`
  })
  return figures
}

module.exports = { runOutage }
