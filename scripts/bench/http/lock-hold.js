/**
 * Lock hold time per hold under a burst: `bursts` times, `size` POST /store/resource-booking/holds
 * sent at once (one connection each, every request a cart of its own) on one resource — all on
 * one date, or all on the same seven dates — so every request waits for the one before it
 * and each transaction's lock time adds up to the burst's wait. The server runs
 * lock-timing-hook.js: armed for the bursts only (SIGUSR2), it records each transaction's
 * lock grant and release by the database's clock.
 *
 * Per kind: the holds' lock hold time (grant → release), p50, p99 and max; and what fills
 * it, as medians of its four consecutive parts: from the grant until the app read the lock's
 * answer (the database's reply waiting for the server's busy event loop), the round trips of
 * the statements sent after it (as the app saw them: execution and the wait for the app to
 * read the reply), the app's own work between replies and statements, and from sending
 * COMMIT until the locks were released; the statements after the lock (COMMIT included);
 * the answers and each burst's duration. The parts use the app's clock, the total the
 * database's: both are the machine's wall clock.
 */
const fs = require("fs")
const { percentile } = require("./stats")

const HOLD_ROUTE = "/store/resource-booking/holds"
const PAUSE_MS = 200
const HOOK_WAIT_MS = 5000

/** SIGUSR2 to the server, then the hook's answer once it says `armed` (true or false). */
async function toggleHook(pid, file, armed) {
  fs.rmSync(file, { force: true })
  process.kill(pid, "SIGUSR2")
  const deadline = Date.now() + HOOK_WAIT_MS
  while (Date.now() < deadline) {
    try {
      const answer = JSON.parse(fs.readFileSync(file, "utf8"))
      if (answer.armed === armed) return answer
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`the lock timing hook in the server (pid ${pid}) did not answer within ${HOOK_WAIT_MS} ms (is it loaded?)`)
}

async function post(baseUrl, headers, body) {
  const response = await fetch(`${baseUrl}${HOLD_ROUTE}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify(body),
  })
  await response.arrayBuffer()
  return response.status
}

const median = (values) => percentile(values, 50)

/** The figures of the records of one kind's holds (committed transactions on `key`'s resource that locked `dates` keys). */
function summarise(records, key, dates) {
  const mine = records.filter((r) => r.resource_id === key.resource_id && r.keys === dates && r.ended === "COMMIT")
  // grant → the lock's answer read by the app → statements and the app's work → the end sent → released.
  const hold = mine.map((r) => r.released_at - r.granted_at)
  const middleTrips = mine.map((r) => r.round_trip_ms - (r.end_answered_at - r.end_sent_at))
  return {
    holds: mine.length,
    p50: percentile(hold, 50),
    p99: percentile(hold, 99),
    max: hold.length ? Math.max(...hold) : 0,
    statements: median(mine.map((r) => r.statements)),
    answerWait: median(mine.map((r) => r.lock_answered_at - r.granted_at)),
    middleTrips: median(middleTrips),
    appWork: median(mine.map((r, i) => r.end_sent_at - r.lock_answered_at - middleTrips[i])),
    endToRelease: median(mine.map((r) => r.released_at - r.end_sent_at)),
  }
}

/**
 * Runs the bursts of each kind ({ label, key: { resource_id, date, end_date? }, dates }) and
 * resolves with one row per kind: the summary above plus `status` ({ code: n }) and the bursts'
 * durations (p50, max).
 */
async function measureLockHold({ baseUrl, headers, appPid, hookFile, pool, kinds, bursts, size }) {
  const rows = []
  for (const kind of kinds) {
    await pool.ensure(bursts * size)
    const status = {}
    const durations = []
    await toggleHook(appPid, hookFile, true)
    let records
    try {
      for (let b = 0; b < bursts; b++) {
        const started = performance.now()
        const answers = await Promise.all(
          Array.from({ length: size }, () => {
            const { resource_id, date, end_date } = kind.key
            const dates = end_date ? { from: date, to: end_date } : { date }
            return post(baseUrl, headers, { resource_id, ...dates, quantity: 1, cart_id: pool.take() })
          })
        )
        durations.push(performance.now() - started)
        for (const code of answers) status[code] = (status[code] || 0) + 1
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
      }
    } finally {
      records = (await toggleHook(appPid, hookFile, false)).records
    }
    rows.push({ label: kind.label, bursts, size, status, burstP50: median(durations), burstMax: Math.max(...durations), ...summarise(records, kind.key, kind.dates) })
  }
  return rows
}

module.exports = { measureLockHold }
