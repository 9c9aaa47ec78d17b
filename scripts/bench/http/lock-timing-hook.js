/**
 * Loaded into the HTTP benchmark's server only (`NODE_OPTIONS=--require <this file>`, set by
 * http.js; never part of the plugin): how long each transaction keeps the advisory locks it
 * takes, by the database's clock, and where that time goes.
 *
 * Idle until armed: while idle, every query passes through untouched (one boolean test).
 * SIGUSR2 arms it; the next SIGUSR2 writes what it measured to RB_LOCK_TIMING_FILE and
 * disarms it. The file then holds `{ armed, pid, records }`; after arming, `{ armed: true, pid }`.
 *
 * While armed, on every pg client of the process (both copies of `pg` in the tree):
 * - a transaction's first statement that takes advisory locks (`pg_advisory_xact_lock` or
 *   its try form) is sent as `SELECT q.*, <clock_timestamp() in ms> FROM (<statement> OFFSET 0) q`:
 *   the subquery (OFFSET 0: never flattened) takes every lock before the outer row reads the
 *   clock, so the extra column is the instant the last lock was granted. The caller gets
 *   the same rows with one more column;
 * - the COMMIT or ROLLBACK that ends that transaction is sent as `COMMIT; SELECT <clock>`
 *   in the same simple-query message: the second statement reads the clock right after the
 *   locks were released, without a round trip of its own. The caller gets COMMIT's result;
 * - the statements in between are timed on the client (sent, answered), as is each answer's
 *   arrival.
 *
 * A record per transaction: { resource_id (the first key's), keys (resource+dates locked),
 * owners (named locks), granted_at, released_at (database clock, epoch ms), lock_answered_at,
 * end_sent_at, end_answered_at (this process's clock, epoch ms), statements (between the lock
 * and the end, the end included), round_trip_ms (their send → answer times, summed), ended
 * ("COMMIT" or "ROLLBACK") }. Both clocks are the machine's wall clock.
 */
const fs = require("fs")
const Module = require("module")

const FILE = process.env.RB_LOCK_TIMING_FILE
const CLOCK_MS = "(extract(epoch from clock_timestamp()) * 1000)::float8"
const GRANTED = "rb_bench_lock_granted_at"
const RELEASED = "rb_bench_lock_released_at"
const LOCKS = /pg_(try_)?advisory_xact_lock\s*\(/
const ENDS = /^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i
/** `array['', 'res_…', …]::text[]`: the inlined lists of a lockKeys statement (resources, dates, owners). */
const TEXT_ARRAY = /array\[([^\]]*)\]::text\[\]/g

let armed = false
let records = []
/** Per pg client: the open measured transaction, or none (a fresh map on every arming). */
let open = new WeakMap()
const patched = new WeakSet()

const now = () => performance.timeOrigin + performance.now()

function quoted(list) {
  return [...list.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'")).filter((v) => v !== "")
}

/** The first key's resource, the number of distinct keys and of owners, read from the statement's inlined lists. */
function lockedKeys(text) {
  const [resources = [], dates = [], owners = []] = [...text.matchAll(TEXT_ARRAY)].map((m) => quoted(m[1]))
  const keys = new Set(resources.map((r, i) => `${r}|${dates[i]}`))
  return { resource_id: resources[0] ?? null, keys: keys.size, owners: owners.length }
}

function textOf(config) {
  if (typeof config === "string") return config
  if (config && typeof config === "object" && typeof config.submit !== "function" && typeof config.text === "string") return config.text
  return null
}

function withText(config, text) {
  return typeof config === "string" ? text : { ...config, text }
}

/** Calls the original query with `config`, maps a success through `onAnswer` and calls `onError` on a failure. */
function send(query, client, config, values, callback, onAnswer, onError) {
  if (typeof values === "function") {
    callback = values
    values = undefined
  }
  if (callback) {
    return query.call(client, config, values, (error, result) => {
      if (error) {
        onError()
        return callback(error)
      }
      callback(null, onAnswer(result))
    })
  }
  return query.call(client, config, values).then(onAnswer, (error) => {
    onError()
    throw error
  })
}

function measured(query, client, config, values, callback) {
  const text = textOf(config)
  const state = open.get(client)
  if (text === null) return query.call(client, config, values, callback)
  if (!state && LOCKS.test(text)) {
    const wrapped = `SELECT q.*, ${CLOCK_MS} AS ${GRANTED} FROM (${text.replace(/[\s;]+$/, "")} OFFSET 0) AS q`
    return send(query, client, withText(config, wrapped), values, callback, (result) => {
      const row = result.rows?.[0]
      if (row && row[GRANTED] !== undefined) {
        const granted = Number(row[GRANTED])
        for (const r of result.rows) delete r[GRANTED]
        result.fields = result.fields?.filter((f) => f.name !== GRANTED)
        open.set(client, { ...lockedKeys(text), granted_at: granted, lock_answered_at: now(), statements: 0, round_trip_ms: 0 })
      }
      return result
    }, () => {})
  }
  if (!state) return query.call(client, config, values, callback)
  const sent = now()
  const end = ENDS.exec(text)
  if (end) {
    open.delete(client)
    const both = `${end[1]}; SELECT ${CLOCK_MS} AS ${RELEASED}`
    return send(query, client, withText(config, both), values, callback, (results) => {
      const answered = now()
      const [ended, clock] = Array.isArray(results) ? results : [results]
      records.push({
        ...state,
        released_at: Number(clock?.rows?.[0]?.[RELEASED]),
        end_sent_at: sent,
        end_answered_at: answered,
        statements: state.statements + 1,
        round_trip_ms: state.round_trip_ms + (answered - sent),
        ended: end[1].toUpperCase(),
      })
      return ended
    }, () => {})
  }
  return send(query, client, config, values, callback, (result) => {
    state.statements += 1
    state.round_trip_ms += now() - sent
    return result
  }, () => {})
}

function patch(pg) {
  const proto = pg?.Client?.prototype
  if (!proto || patched.has(proto)) return
  patched.add(proto)
  const query = proto.query
  proto.query = function (config, values, callback) {
    if (!armed) return query.call(this, config, values, callback)
    return measured(query, this, config, values, callback)
  }
}

if (FILE) {
  const load = Module._load
  Module._load = function (request, ...rest) {
    const exports = load.call(this, request, ...rest)
    if (request === "pg") patch(exports)
    return exports
  }
  process.on("SIGUSR2", () => {
    armed = !armed
    if (armed) open = new WeakMap()
    const answer = armed ? { armed, pid: process.pid } : { armed, pid: process.pid, records }
    if (!armed) records = []
    fs.writeFileSync(FILE, JSON.stringify(answer))
  })
}
