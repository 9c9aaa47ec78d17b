import os from "os"
import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { datePickerBenchmark } from "./date-picker"
import { Knex, arg, median, occupancyDrift, percentile, timed } from "./figures"

/**
 * Scale independence, on a dedicated database (see run.js): a hold table of `total` holds
 * (a year of 300 resources: EXPIRED and RELEASED history, CONFIRMED bookings, ACTIVE holds
 * not yet due), statistics taken once after the seed, then:
 *
 * 1. the health report (getHealth, module call) at that size: the latest audit's duration
 *    (auditHolds, the full count the job takes every HOLD_AUDIT_INTERVAL_SECONDS), then the
 *    report `health` times, median and p90;
 * 2. per-request verbs with stale statistics: a burst lands after the statistics were
 *    taken — `burst` ACTIVE holds of burst/2 carts, and as many overdue ones (the job down) —
 *    then each verb a storefront or the admin calls per request, timed (median of `calls`),
 *    before and after ANALYZE: a plan that depends on fresh statistics shows as a gap; then
 *    the burst is expired by one cleanupExpiredHolds (timed) and removed;
 * 3. for N in `sizes`: N overdue holds seeded (one per key, the key's capacity lowered to
 *    match), then cleanupExpiredHolds (the whole call, events included), median of `repeat`;
 *    then the same N again, expired by the reference design's algorithm — hold by hold, one
 *    transaction each (lock its key, re-read it, expire it, give its units back, commit,
 *    emit its event) — twice: as a lean SQL loop on the same database and event bus, and
 *    through the module's own verbs (see referenceThroughVerbs). Prints each and its ratio
 *    per hold to ours. Checks the invariant after each (auditCapacity empty, and the
 *    benchmark's own SQL count of the holds occupying each date);
 * 4. the date picker's reads over 365 days, listStartDates beside getAvailability, p50 and p99
 *    of `picks` calls each, on resources of their own with holds of 1–7 dates (date-picker.ts,
 *    which checks the answers first).
 *
 * Args: total=N (1000000) sizes=N,… (100,1000) repeat=N (3) health=N (20) burst=N (100000)
 *       calls=N (20) picks=N (100; 0 skips part 4)
 *       keep=1: leave the seeded table in place at the end, and reuse it when it is there
 */

type EventBus = { emit: (message: { name: string; data: unknown }) => Promise<unknown> }

const PREFIX = "scale"
const RESOURCES = 300
const DAYS = 365

/** Removes this benchmark's rows and the cleanup benchmark's (both seed this database). */
async function clear(pg: Knex): Promise<void> {
  for (const prefix of [PREFIX, "bench"]) {
    await pg.raw(`DELETE FROM resource_hold WHERE resource_id LIKE 'res_${prefix}%'`)
    await pg.raw(`DELETE FROM resource_capacity WHERE resource_id LIKE 'res_${prefix}%'`)
    await pg.raw(`DELETE FROM resource WHERE id LIKE 'res_${prefix}%'`)
  }
  await pg.raw(`DELETE FROM hold_audit`)
  await pg.raw(`ALTER TABLE resource_hold RESET (autovacuum_enabled)`)
  await pg.raw(`ALTER TABLE resource_capacity RESET (autovacuum_enabled)`)
}

/**
 * `total` holds over RESOURCES × DAYS keys (dates from 200 days ago to 165 ahead): on past
 * dates EXPIRED, RELEASED and CONFIRMED history; on future dates CONFIRMED bookings and a few
 * ACTIVE holds not yet due. Capacity rows hold 10 free units beyond their holds.
 */
async function seed(pg: Knex, total: number): Promise<void> {
  await clear(pg)
  await pg.raw(
    `INSERT INTO resource (id, name) SELECT 'res_${PREFIX}' || r, 'Scale ' || r FROM generate_series(1, ?) r`,
    [RESOURCES]
  )
  await pg.raw(
    `INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at, created_at, updated_at,
                                confirmed_at, expired_at, released_at)
     SELECT 'rhold_${PREFIX}' || h, 'res_${PREFIX}' || (1 + h % ?), d.date, d.date, d.date, 1, s.status,
            CASE s.status WHEN 'ACTIVE' THEN now() + interval '20 minutes' ELSE now() - interval '1 day' END,
            now() - interval '2 days', now() - interval '1 day',
            CASE s.status WHEN 'CONFIRMED' THEN now() - interval '1 day' END,
            CASE s.status WHEN 'EXPIRED' THEN now() - interval '1 day' END,
            CASE s.status WHEN 'RELEASED' THEN now() - interval '1 day' END
       FROM generate_series(1, ?) h
      CROSS JOIN LATERAL (SELECT current_date - 200 + (h / ?) % ? AS date) d
      CROSS JOIN LATERAL (
        SELECT CASE
                 WHEN d.date < current_date
                   THEN (array['EXPIRED', 'RELEASED', 'CONFIRMED'])[1 + h % 3]
                 ELSE (array['CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'ACTIVE'])[1 + h % 4]
               END AS status
      ) s`,
    [RESOURCES, total, RESOURCES, DAYS]
  )
  await pg.raw(
    `INSERT INTO resource_capacity (id, resource_id, date, max_capacity, available_capacity)
     SELECT 'rcap_${PREFIX}_' || r || '_' || d, 'res_${PREFIX}' || r, current_date - 200 + d,
            coalesce(h.held, 0) + 10, 10
       FROM generate_series(1, ?) r CROSS JOIN generate_series(0, ? - 1) d
       LEFT JOIN (
         SELECT h.resource_id, o.date, sum(h.quantity)::int AS held
           FROM resource_hold h,
                LATERAL (SELECT generate_series(h.date, h.occupied_to, interval '1 day')::date AS date) o
          WHERE h.resource_id LIKE 'res_${PREFIX}%' AND h.status IN ('ACTIVE', 'CONFIRMED')
          GROUP BY h.resource_id, o.date
       ) h ON h.resource_id = 'res_${PREFIX}' || r AND h.date = current_date - 200 + d`,
    [RESOURCES, DAYS]
  )
  await pg.raw(`VACUUM ANALYZE resource_hold`)
  await pg.raw(`VACUUM ANALYZE resource_capacity`)
  // Statistics change only when this benchmark says so (autovacuum would refresh them mid-run).
  await pg.raw(`ALTER TABLE resource_hold SET (autovacuum_enabled = false)`)
  await pg.raw(`ALTER TABLE resource_capacity SET (autovacuum_enabled = false)`)
}

/**
 * N overdue ACTIVE holds on N random future keys, each key's available lowered by one. Their
 * ids are valid Medusa ids (`tag` is alphanumeric), so the verbs accept them.
 */
async function seedOverdue(pg: Knex, n: number, tag: string): Promise<void> {
  await pg.raw(
    `WITH keys AS (
       SELECT resource_id, date FROM resource_capacity
        WHERE resource_id LIKE 'res_${PREFIX}%' AND date >= current_date AND available_capacity > 0
        ORDER BY random() LIMIT ?
     ), taken AS (
       UPDATE resource_capacity c SET available_capacity = c.available_capacity - 1
         FROM keys k WHERE c.resource_id = k.resource_id AND c.date = k.date
       RETURNING c.resource_id, c.date
     )
     INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at, created_at, updated_at)
     SELECT 'rhold_${PREFIX}${tag}n' || row_number() OVER (), resource_id, date, date, date, 1, 'ACTIVE',
            now() - interval '1 hour', now() - interval '2 hours', now() - interval '2 hours'
       FROM taken`,
    [n]
  )
}

/**
 * `n` ACTIVE holds not yet due (two per cart, carts `cart_scale_burst_<i>`) and `n` overdue
 * ones, on random future keys with room, each key's available lowered to match.
 */
async function seedBurst(pg: Knex, n: number): Promise<void> {
  await pg.raw(
    `WITH picks AS (
       SELECT resource_id, date, row_number() OVER () AS i FROM (
         SELECT c.resource_id, c.date FROM resource_capacity c, generate_series(1, 10) unit
          WHERE c.resource_id LIKE 'res_${PREFIX}%' AND c.date >= current_date AND unit <= c.available_capacity
          ORDER BY random() LIMIT ?
       ) units
     ), taken AS (
       UPDATE resource_capacity c SET available_capacity = c.available_capacity - p.units
         FROM (SELECT resource_id, date, count(*)::int AS units FROM picks GROUP BY 1, 2) p
        WHERE c.resource_id = p.resource_id AND c.date = p.date
     )
     INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at, cart_id, created_at, updated_at)
     SELECT 'rhold_${PREFIX}_burst_' || i, resource_id, date, date, date, 1, 'ACTIVE',
            CASE WHEN i % 2 = 0 THEN now() + interval '25 minutes' ELSE now() - interval '10 minutes' END,
            CASE WHEN i % 2 = 0 THEN 'cart_${PREFIX}_burst_' || (i / 4) END,
            now() - interval '5 minutes', now() - interval '5 minutes'
       FROM picks`,
    [n * 2]
  )
}

type VerbProbe = { name: string; call: (i: number) => Promise<unknown> }

/** What a storefront and the admin call per request, on keys and carts of the burst. */
async function verbProbes(service: ResourceBookingModuleService, pg: Knex): Promise<VerbProbe[]> {
  const { rows: keys } = await pg.raw(
    `SELECT resource_id, to_char(date, 'YYYY-MM-DD') AS date, cart_id FROM resource_hold
      WHERE id LIKE 'rhold_${PREFIX}\\_burst\\_%' AND cart_id IS NOT NULL ORDER BY id LIMIT 200`
  )
  // 200 dates sold out by holds, among them an overdue one: the next sale reclaims it (calls
  // use them in turn: the warm-up round and both timed rounds stay below 200).
  const { rows: full } = await pg.raw(
    `WITH chosen AS (
       SELECT DISTINCT ON (c.id) c.id, c.resource_id, c.date, c.available_capacity FROM resource_capacity c
         JOIN resource_hold h ON h.resource_id = c.resource_id AND h.date = c.date
        WHERE h.id LIKE 'rhold_${PREFIX}\\_burst\\_%' AND h.expires_at < now() AND c.available_capacity > 0
        LIMIT 200
     ), filled AS (
       INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at, created_at, updated_at)
       SELECT 'rhold_${PREFIX}_burst_fill_' || c.id, c.resource_id, c.date, c.date, c.date, c.available_capacity, 'ACTIVE',
              now() + interval '25 minutes', now(), now()
         FROM chosen c
     ), emptied AS (
       UPDATE resource_capacity c SET available_capacity = 0 FROM chosen WHERE c.id = chosen.id
     )
     SELECT resource_id, to_char(date, 'YYYY-MM-DD') AS date FROM chosen`
  )
  const key = (i: number) => keys[i % keys.length]
  const month = (date: string) => {
    const to = new Date(`${date}T00:00:00Z`)
    to.setUTCDate(to.getUTCDate() + 30)
    return to.toISOString().slice(0, 10)
  }
  return [
    {
      name: "createHold (new cart)",
      call: (i) => service.createHold({ ...pick(key(i)), quantity: 1, cart_id: `cart_${PREFIX}_probe_${Date.now()}_${i}` }),
    },
    {
      name: "createHold on a sold-out date (lazy reclaim of an overdue hold)",
      call: (i) => service.createHold({ ...pick(full[i % full.length]), quantity: 1 }),
    },
    { name: "listHolds({ cart_id })", call: (i) => service.listHolds({ cart_id: key(i).cart_id }) },
    { name: "listHolds({ cart_id, status: ACTIVE })", call: (i) => service.listHolds({ cart_id: key(i).cart_id, status: "ACTIVE" as any }) },
    { name: "listHolds({ resource_id, date })", call: (i) => service.listHolds(pick(key(i))) },
    {
      name: "getAvailability (one date)",
      call: (i) => service.getAvailability({ resource_id: key(i).resource_id, from: key(i).date, to: key(i).date }),
    },
    {
      name: "getCapacityCalendar (31 days)",
      call: (i) => service.getCapacityCalendar({ resource_id: key(i).resource_id, from: key(i).date, to: month(key(i).date) }),
    },
    { name: "listHolds({ confirmation_failed: true })", call: () => service.listHolds({ confirmation_failed: true }) },
    { name: "getHealth", call: () => service.getHealth() },
  ]
}

function pick(row: { resource_id: string; date: string }) {
  return { resource_id: row.resource_id, date: row.date }
}

/** Each probe `calls` times, with call numbers from `first` on (no key or cart is taken twice). */
async function timeVerbs(probes: VerbProbe[], calls: number, first: number): Promise<number[]> {
  const medians: number[] = []
  for (const probe of probes) {
    const times: number[] = []
    for (let i = 0; i < calls; i++) {
      const started = performance.now()
      await probe.call(first + i)
      times.push(performance.now() - started)
    }
    medians.push(median(times))
  }
  return medians
}

/**
 * The reference design's cleanup: every overdue hold alone, one transaction each (its key's
 * advisory lock, the hold re-read under it, expired, its units given back), then its event.
 */
async function referenceCleanup(pg: Knex, eventBus: EventBus): Promise<number> {
  const { rows: overdue } = await pg.raw(
    `SELECT id FROM resource_hold WHERE status = 'ACTIVE' AND expires_at < now() AND deleted_at IS NULL`
  )
  let expired = 0
  for (const { id } of overdue) {
    const hold = await pg.transaction(async (trx) => {
      const { rows: keyRows } = await trx.raw(
        `SELECT resource_id, to_char(date, 'YYYY-MM-DD') AS date FROM resource_hold WHERE id = ?`,
        [id]
      )
      await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, [
        `resource_booking:capacity:${keyRows[0].resource_id}:${keyRows[0].date}`,
      ])
      const { rows } = await trx.raw(
        `SELECT id, resource_id, to_char(date, 'YYYY-MM-DD') AS date, quantity, cart_id, order_id, expires_at
           FROM resource_hold WHERE id = ? AND status = 'ACTIVE' AND expires_at < now() FOR UPDATE`,
        [id]
      )
      if (!rows.length) {
        return null
      }
      await trx.raw(`UPDATE resource_hold SET status = 'EXPIRED', expired_at = now(), updated_at = now() WHERE id = ?`, [id])
      await trx.raw(
        `UPDATE resource_capacity SET available_capacity = available_capacity + ?, updated_at = now()
          WHERE resource_id = ? AND date = ?::date AND deleted_at IS NULL`,
        [rows[0].quantity, rows[0].resource_id, rows[0].date]
      )
      return rows[0]
    })
    if (hold) {
      expired += 1
      await eventBus.emit({ name: "resource_booking.hold.expired", data: hold })
    }
  }
  return expired
}

/**
 * The reference loop through the module's own verbs: every overdue hold listed by
 * listHolds({ overdue: true }), then expired alone by the per-hold path the verbs take when
 * they meet an overdue hold (extendHold: its key's lock, the hold re-read under it, expired,
 * units back, events, commit; the call then refuses with "expired").
 */
async function referenceThroughVerbs(service: ResourceBookingModuleService): Promise<number> {
  let expired = 0
  for (;;) {
    const [overdue] = await service.listHolds({ overdue: true }, { limit: 1000 })
    if (!overdue.length) {
      return expired
    }
    for (const hold of overdue) {
      const refusal = await service.extendHold(hold.id, 1).then(
        () => new Error(`hold ${hold.id} was extended, not expired`),
        (error: Error) => error
      )
      if (!/expired/.test(refusal.message)) {
        throw refusal
      }
      expired += 1
    }
  }
}

export default async function scaleBenchmark({ container, args }: ExecArgs) {
  const service = container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
  const pg = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const eventBus = container.resolve<EventBus>(Modules.EVENT_BUS)
  const total = Number(arg(args, "total", "1000000"))
  const sizes = arg(args, "sizes", "100,1000").split(",").map(Number)
  const repeat = Number(arg(args, "repeat", "3"))
  const healthCalls = Number(arg(args, "health", "20"))

  const keep = arg(args, "keep", "0") === "1"
  const { rows: present } = await pg.raw(
    `SELECT count(*)::int AS holds FROM resource_hold WHERE id ~ '^rhold_${PREFIX}[0-9]+$'`
  )
  const reuse = keep && present[0].holds === total
  const [, seedMs] = await timed(() => (reuse ? Promise.resolve() : seed(pg, total)))
  const { rows: counts } = await pg.raw(`SELECT count(*)::int AS holds FROM resource_hold`)
  console.log(
    `\nScale benchmark: ${counts[0].holds} holds in the table (${RESOURCES} resources × ${DAYS} dates; seeded in ${(seedMs / 1000).toFixed(1)} s); ` +
      `load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`
  )

  const [audit, auditMs] = await timed(() => service.auditHolds())
  const healthMs: number[] = []
  let report = await service.getHealth()
  for (let i = 0; i < healthCalls; i++) {
    const [next, ms] = await timed(() => service.getHealth())
    report = next
    healthMs.push(ms)
  }
  console.log(
    `health report (getHealth, ${healthCalls} calls): median ${median(healthMs).toFixed(1)} ms, p90 ${percentile(healthMs, 90).toFixed(1)} ms, ` +
      `totals ${report.totals.source === "audit" ? "from the latest audit" : "counted live"}; the audit itself (auditHolds, full count): ${auditMs.toFixed(0)} ms ` +
      `(${audit.holds.expired + audit.holds.confirmed + audit.holds.released + audit.holds.active} holds, drift ${audit.drift_records})`
  )

  const burst = Number(arg(args, "burst", "100000"))
  const calls = Number(arg(args, "calls", "20"))
  if (burst > 0) {
    await seedBurst(pg, burst)
    const probes = await verbProbes(service, pg)
    // A warm-up round first (other keys and carts), so neither column pays for cold caches.
    await timeVerbs(probes, Math.ceil(calls / 4), 2 * calls)
    const stale = await timeVerbs(probes, calls, 0)
    await pg.raw(`ANALYZE resource_hold`)
    const fresh = await timeVerbs(probes, calls, calls)
    console.log(
      `per-request verbs after a burst of ${burst} ACTIVE holds (${burst / 2} carts) and ${burst} overdue ones, ` +
        `median of ${calls} calls: statistics from before the burst | after ANALYZE`
    )
    probes.forEach((probe, i) => console.log(`  ${probe.name}: ${stale[i].toFixed(2)} ms | ${fresh[i].toFixed(2)} ms`))
    const [result, cleanupMs] = await timed(() => service.cleanupExpiredHolds())
    console.log(
      `the burst's overdue holds: cleanupExpiredHolds expired ${result.expiredCount} in ${cleanupMs.toFixed(0)} ms (whole call, ` +
        `${result.eventsEmitted} events)`
    )
    await pg.raw(
      `WITH gone AS (
         DELETE FROM resource_hold WHERE (id LIKE 'rhold_${PREFIX}\\_burst\\_%' OR cart_id LIKE 'cart_${PREFIX}\\_probe\\_%'
                                          OR (id NOT LIKE 'rhold_${PREFIX}%' AND resource_id LIKE 'res_${PREFIX}%'))
            AND status IN ('ACTIVE', 'CONFIRMED')
         RETURNING resource_id, date, occupied_to, quantity
       )
       UPDATE resource_capacity c SET available_capacity = c.available_capacity + g.units
         FROM (SELECT g.resource_id, o.date, sum(g.quantity)::int AS units
                 FROM gone g, LATERAL (SELECT generate_series(g.date, g.occupied_to, interval '1 day')::date AS date) o
                GROUP BY 1, 2) g
        WHERE c.resource_id = g.resource_id AND c.date = g.date`
    )
    await pg.raw(`VACUUM ANALYZE resource_hold`)
  }

  console.log(
    "overdue N | ours: whole call ms (median) | per hold ms | reference, SQL loop: ms | per hold ms | ÷ ours | " +
      "reference through the verbs: ms | per hold ms | ÷ ours"
  )
  for (const n of sizes) {
    const ours: number[] = []
    for (let run = 0; run < repeat; run++) {
      await seedOverdue(pg, n, `o${n}r${run}t${Date.now()}`)
      const [result, ms] = await timed(() => service.cleanupExpiredHolds())
      if (result.expiredCount !== n || result.failedCount) {
        throw new Error(`cleanup expired ${result.expiredCount}/${n}, failed ${result.failedCount}`)
      }
      ours.push(ms)
    }
    await seedOverdue(pg, n, `r${n}t${Date.now()}`)
    const [expired, referenceMs] = await timed(() => referenceCleanup(pg, eventBus))
    if (expired !== n) {
      throw new Error(`reference expired ${expired}/${n}`)
    }
    await seedOverdue(pg, n, `v${n}t${Date.now()}`)
    const [expiredByVerbs, verbsMs] = await timed(() => referenceThroughVerbs(service))
    if (expiredByVerbs !== n) {
      throw new Error(`reference through the verbs expired ${expiredByVerbs}/${n}`)
    }
    const drift = await service.auditCapacity({})
    const broken = await occupancyDrift(pg, `res_${PREFIX}`)
    if (drift.length || broken) {
      throw new Error(`capacity drift after N = ${n}: ${broken} rows off in SQL; auditCapacity ${JSON.stringify(drift.slice(0, 3))}`)
    }
    const oursMs = median(ours)
    console.log(
      [
        n,
        oursMs.toFixed(1),
        (oursMs / n).toFixed(3),
        referenceMs.toFixed(0),
        (referenceMs / n).toFixed(2),
        `${(referenceMs / oursMs).toFixed(0)}×`,
        verbsMs.toFixed(0),
        (verbsMs / n).toFixed(2),
        `${(verbsMs / oursMs).toFixed(0)}×`,
      ].join(" | ")
    )
  }
  const picks = Number(arg(args, "picks", "100"))
  if (picks > 0) {
    for (const line of await datePickerBenchmark(service, pg, picks)) console.log(line)
  }
  if (!keep) {
    await clear(pg)
  }
}
