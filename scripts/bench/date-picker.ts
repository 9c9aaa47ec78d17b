import os from "os"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { Knex, addDays, percentile, sequence } from "./figures"

/**
 * What a date picker reads, over a year: listStartDates (the dates a booking of N days can
 * start on) beside getAvailability (every date's figures), both over 365 days from today,
 * timed on resources of their own among whatever the hold table already holds (scale.ts runs
 * it on its table of a million holds).
 *
 * The resources: PICK_RESOURCES of UNITS units each, turnaround 0 on odd ones and 1 on even
 * ones, a capacity row on every date of the year and the week after it except every 50th
 * (closed). Each unit is a lane of back-to-back holds of 1 to 7 dates with gaps of 0 to 3
 * dates: 60% CONFIRMED, 30% ACTIVE, 10% ACTIVE and overdue (free for the next booking), so
 * some dates are full, some partly taken, some free. Seeded with a fixed pseudo-random
 * sequence; the rows are removed afterwards.
 *
 * Checks its own results: for every resource, days 1, 3, 7 and quantities 1, 2, the starts
 * listStartDates answers are exactly the dates a getAvailability read of the same span says a
 * booking can start on (first date bookable, every date of the span with a row and enough units,
 * overdue holds counted as free).
 */

const PREFIX = "res_scalepick"
const PICK_RESOURCES = 20
const UNITS = 3
const WINDOW_DAYS = 365
/** Capacity rows reach past the window by the longest span checked (7 dates + 1 of turnaround). */
const CALENDAR_DAYS = WINDOW_DAYS + 8
const CLOSED_EVERY = 50
const DAYS_TIMED = [1, 3, 7]

type Hold = { id: string; resource_id: string; date: string; end_date: string; occupied_to: string; status: string; overdue: boolean }

/** The lanes' holds of one resource; dates as offsets from `today`. */
function laneHolds(resourceId: string, today: string, turnaround: number, random: () => number): Hold[] {
  const holds: Hold[] = []
  for (let lane = 0; lane < UNITS; lane++) {
    let start = Math.floor(random() * 4)
    while (start < CALENDAR_DAYS) {
      const days = 1 + Math.floor(random() * 7)
      const last = start + days - 1 + turnaround
      const closed = Array.from({ length: last - start + 1 }, (_, i) => start + i).find((d) => d % CLOSED_EVERY === CLOSED_EVERY - 1)
      if (last >= CALENDAR_DAYS || closed !== undefined) {
        start = (closed ?? last) + 1
        continue
      }
      const roll = random()
      holds.push({
        id: `rhold_scalepick${resourceId.slice(PREFIX.length)}n${holds.length}`,
        resource_id: resourceId,
        date: addDays(today, start),
        end_date: addDays(today, start + days - 1),
        occupied_to: addDays(today, last),
        status: roll < 0.6 ? "CONFIRMED" : "ACTIVE",
        overdue: roll >= 0.9,
      })
      start = last + 1 + Math.floor(random() * 4)
    }
  }
  return holds
}

/** Replaces the picker resources, their capacity rows and holds; returns the resources' ids and turnarounds. */
async function seedPicker(pg: Knex, today: string): Promise<{ id: string; turnaround: number }[]> {
  await pg.raw(`DELETE FROM resource_hold WHERE resource_id LIKE '${PREFIX}%'`)
  await pg.raw(`DELETE FROM resource_capacity WHERE resource_id LIKE '${PREFIX}%'`)
  await pg.raw(`DELETE FROM resource WHERE id LIKE '${PREFIX}%'`)
  const random = sequence(17)
  const resources = Array.from({ length: PICK_RESOURCES }, (_, i) => ({ id: `${PREFIX}${i + 1}`, turnaround: (i + 1) % 2 }))
  await pg.raw(
    `INSERT INTO resource (id, name, timezone, turnaround_days)
     SELECT r, 'Picker ' || r, 'UTC', t FROM unnest(?::text[], ?::int[]) AS x(r, t)`,
    [resources.map((r) => r.id), resources.map((r) => r.turnaround)]
  )
  const holds = resources.flatMap((r) => laneHolds(r.id, today, r.turnaround, random))
  await pg.raw(
    `INSERT INTO resource_hold (id, resource_id, date, end_date, occupied_to, quantity, status, expires_at,
                                confirmed_at, created_at, updated_at)
     SELECT id, r, d, e, o, 1, s,
            CASE WHEN overdue THEN now() - interval '10 minutes' ELSE now() + interval '20 minutes' END,
            CASE WHEN s = 'CONFIRMED' THEN now() END, now() - interval '30 minutes', now() - interval '30 minutes'
       FROM unnest(?::text[], ?::text[], ?::date[], ?::date[], ?::date[], ?::text[], ?::boolean[]) AS h(id, r, d, e, o, s, overdue)`,
    [
      holds.map((h) => h.id),
      holds.map((h) => h.resource_id),
      holds.map((h) => h.date),
      holds.map((h) => h.end_date),
      holds.map((h) => h.occupied_to),
      holds.map((h) => h.status),
      holds.map((h) => h.overdue),
    ]
  )
  // Every open date: max UNITS, available = UNITS − the units its ACTIVE and CONFIRMED holds occupy.
  await pg.raw(
    `INSERT INTO resource_capacity (id, resource_id, date, max_capacity, available_capacity)
     SELECT 'rcap_scalepick_' || r.id || '_' || d, r.id, ?::date + d, ?, ? - coalesce(held.units, 0)
       FROM unnest(?::text[]) AS r(id) CROSS JOIN generate_series(0, ? - 1) d
       LEFT JOIN (
         SELECT h.resource_id, o.date, sum(h.quantity)::int AS units
           FROM resource_hold h,
                LATERAL (SELECT generate_series(h.date, h.occupied_to, interval '1 day')::date AS date) o
          WHERE h.resource_id LIKE '${PREFIX}%' AND h.status IN ('ACTIVE', 'CONFIRMED')
          GROUP BY h.resource_id, o.date
       ) held ON held.resource_id = r.id AND held.date = ?::date + d
      WHERE d % ? <> ? - 1`,
    [today, UNITS, UNITS, resources.map((r) => r.id), CALENDAR_DAYS, today, CLOSED_EVERY, CLOSED_EVERY]
  )
  await pg.raw(`ANALYZE resource_hold`)
  await pg.raw(`ANALYZE resource_capacity`)
  return resources
}

/** The starts a getAvailability read implies for a booking of `span` dates (booked + turnaround) and `quantity` units. */
function startsFromAvailability(days: { date: string; bookable: boolean; max_capacity: number; effective_available: number }[], span: number, quantity: number): string[] {
  const starts: string[] = []
  for (let i = 0; i + span <= days.length && i < WINDOW_DAYS; i++) {
    const window = days.slice(i, i + span)
    if (days[i].bookable && window.every((d) => d.max_capacity > 0 && d.effective_available >= quantity)) {
      starts.push(days[i].date)
    }
  }
  return starts
}

/** The self-check above; throws naming the first resource, length and quantity that differ. */
async function checkStarts(service: ResourceBookingModuleService, resources: { id: string; turnaround: number }[], today: string) {
  const to = addDays(today, WINDOW_DAYS - 1)
  let starts = 0
  let windows = 0
  for (const resource of resources) {
    for (const days of DAYS_TIMED) {
      const span = days + resource.turnaround
      // The last windows reach past the year: a second read (one read spans at most 366 days).
      const availability = [
        ...(await service.getAvailability({ resource_id: resource.id, from: today, to })),
        ...(await service.getAvailability({ resource_id: resource.id, from: addDays(to, 1), to: addDays(to, span) })),
      ]
      for (const quantity of [1, 2]) {
        const expected = startsFromAvailability(availability, span, quantity)
        const answered = await service.listStartDates({ resource_id: resource.id, from: today, to, days, quantity })
        if (JSON.stringify(answered) !== JSON.stringify(expected)) {
          const first = [...new Set([...answered, ...expected])].sort().find((d) => answered.includes(d) !== expected.includes(d))
          throw new Error(
            `listStartDates(${resource.id}, days ${days}, quantity ${quantity}): ${answered.length} starts, the availability read implies ` +
              `${expected.length}; first difference ${first} (${answered.includes(first!) ? "answered, not implied" : "implied, not answered"})`
          )
        }
        starts += expected.length
        windows += WINDOW_DAYS
      }
    }
  }
  if (starts === 0 || starts === windows) {
    throw new Error(`the picker seed is degenerate: ${starts} of ${windows} possible starts`)
  }
  return { starts, windows }
}

/** Seeds, checks, then times each read `calls` times (after one untimed round); returns the lines to print. */
export async function datePickerBenchmark(service: ResourceBookingModuleService, pg: Knex, calls: number): Promise<string[]> {
  const today = new Date().toISOString().slice(0, 10)
  const to = addDays(today, WINDOW_DAYS - 1)
  const resources = await seedPicker(pg, today)
  const { rows } = await pg.raw(`SELECT count(*)::int AS n FROM resource_hold WHERE resource_id LIKE '${PREFIX}%'`)
  const checked = await checkStarts(service, resources, today)
  const reads = [
    { name: "getAvailability, 365 days", call: (id: string) => service.getAvailability({ resource_id: id, from: today, to }) },
    ...DAYS_TIMED.map((days) => ({
      name: `listStartDates, 365 days, days=${days}`,
      call: (id: string) => service.listStartDates({ resource_id: id, from: today, to, days, quantity: 1 }),
    })),
  ]
  const times = reads.map(() => [] as number[])
  for (let i = -1; i < calls; i++) {
    const id = resources[(i + PICK_RESOURCES) % PICK_RESOURCES].id
    for (const [r, read] of reads.entries()) {
      const started = performance.now()
      await read.call(id)
      if (i >= 0) times[r].push(performance.now() - started)
    }
  }
  const p50 = times.map((t) => percentile(t, 50))
  await pg.raw(`DELETE FROM resource_hold WHERE resource_id LIKE '${PREFIX}%'`)
  await pg.raw(`DELETE FROM resource_capacity WHERE resource_id LIKE '${PREFIX}%'`)
  await pg.raw(`DELETE FROM resource WHERE id LIKE '${PREFIX}%'`)
  return [
    `date picker reads over ${WINDOW_DAYS} days from today: ${PICK_RESOURCES} resources of ${UNITS} units (turnaround 0 or 1), ` +
      `${rows[0].n} holds of 1–7 dates on them; ${calls} calls each, in turn (checked first: listStartDates = the starts an ` +
      `availability read implies: ${checked.starts} of ${checked.windows} possible starts, ${PICK_RESOURCES} resources × 3 lengths × 2 quantities); ` +
      `load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    ...reads.map(
      (read, r) =>
        `  ${read.name}: p50 ${p50[r].toFixed(2)} ms, p99 ${percentile(times[r], 99).toFixed(2)} ms` +
        (r ? ` (p50 ÷ getAvailability's: ${(p50[r] / p50[0]).toFixed(2)})` : "")
    ),
  ]
}
