import { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { RESOURCE_BOOKING_MODULE } from "../src/modules/resource_booking"
import ResourceBookingModuleService from "../src/modules/resource_booking/service"
import { AvailabilityDTO, CleanupTrigger, HoldStatus } from "../src/modules/resource_booking/types"
import { CleanupRunOutcome } from "../src/modules/resource_booking/services/cleanup-run"

/**
 * End-to-end check of the hold cleanup as the scheduled job runs it (`runCleanup`), against
 * the database named by DATABASE_URL. On a fresh resource with 10 units on two dates ~400
 * days ahead it takes 3 holds within their TTL, 5 holds past it and 1 confirmed hold (1 unit
 * each, first date), runs the cleanup once, and checks that exactly the 5 overdue holds
 * expired and gave their 5 units back, that nothing else moved and that capacity audits
 * clean. Only this script's own holds are counted: the run may also expire real overdue
 * holds of the same database, as the job would.
 *
 *   npx medusa exec ./scripts/test-cleanup-job.ts          (or: npm run test:cleanup-script)
 *
 * Keeping the test data (resource, capacity rows, holds) for inspection:
 *
 *   npm run test:cleanup-script -- --keep
 *   npx medusa exec ./scripts/test-cleanup-job.ts keep
 *   KEEP_TEST_DATA=1 npx medusa exec ./scripts/test-cleanup-job.ts
 *
 * `medusa exec` passes positional words to the script but refuses unknown `--flags`, so
 * called directly it takes the word `keep`; the npm script turns `--keep` into it.
 *
 * Exit status: 0 when every check passes; 1 when a check fails, the run is skipped (another
 * cleanup holds the single-flight lock) or anything throws. Test data is removed in every
 * case unless kept; the run history row of the cleanup stays, as for any run.
 */

type Knex = {
  raw: (sql: string, bindings?: unknown[]) => Promise<{ rows: any[]; rowCount: number }>
  transaction: <T>(work: (trx: Knex) => Promise<T>) => Promise<T>
}

type Fixture = {
  resourceId: string
  /** First date takes every hold; the second must stay untouched. */
  dates: [string, string]
  activeIds: string[]
  overdueIds: string[]
  confirmedIds: string[]
}

type Check = { name: string; ok: boolean; detail: string }

type Breakdown = { active: number; overdue: number; confirmed: number }

const MAX_CAPACITY = 10
const ACTIVE_HOLDS = 3
const OVERDUE_HOLDS = 5
const CONFIRMED_HOLDS = 1
const DAYS_AHEAD = 400
/** Overdue holds expired this long ago (and were created TTL + this long ago). */
const OVERDUE_BY_MINUTES = 5
const VERDICTS: [number, string][] = [
  [100, "EXCELLENT"],
  [1000, "GOOD"],
]

// ------------------------------------------------------------------ output

function section(title: string): void {
  const rule = "═".repeat(72)
  console.log(`\n${rule}\n ${title}\n${rule}`)
}

function line(text: string): void {
  console.log(`  ${text}`)
}

function record(checks: Check[], name: string, ok: boolean, detail = ""): void {
  checks.push({ name, ok, detail })
  line(`${ok ? "✅" : "❌"} ${name}${!ok && detail ? ` (got: ${detail})` : ""}`)
}

function inList(ids: string[]): string {
  return ids.map(() => "?").join(", ")
}

// ------------------------------------------------------------------ fixture

/** Two consecutive `YYYY-MM-DD` dates (UTC) DAYS_AHEAD days from now: no real data lives there. */
function futureDates(): [string, string] {
  const day = 24 * 60 * 60 * 1000
  const first = Date.now() + DAYS_AHEAD * day
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  return [iso(first), iso(first + day)]
}

async function createHolds(
  service: ResourceBookingModuleService,
  resourceId: string,
  date: string,
  count: number,
  kind: string
): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const hold = await service.createHold({
      resource_id: resourceId,
      date,
      quantity: 1,
      metadata: { test: "cleanup-job-script", kind },
    })
    ids.push(hold.id)
  }
  return ids
}

/** Puts ACTIVE holds past their TTL, as if created TTL + OVERDUE_BY_MINUTES minutes ago. */
async function backdate(pg: Knex, ids: string[], ttlMinutes: number): Promise<void> {
  await pg.raw(
    `UPDATE resource_hold
        SET created_at = now() - make_interval(mins => ?),
            expires_at = now() - make_interval(mins => ?)
      WHERE id IN (${inList(ids)})`,
    [ttlMinutes + OVERDUE_BY_MINUTES, OVERDUE_BY_MINUTES, ...ids]
  )
}

async function createResource(service: ResourceBookingModuleService): Promise<string> {
  section("1. Create test resource")
  const resource = await service.createResources({ name: `Cleanup job test ${Date.now()}` })
  line(`Resource: ${resource.id} "${resource.name}"`)
  return resource.id
}

async function initialiseCapacity(service: ResourceBookingModuleService, resourceId: string) {
  section("2. Initialise capacity")
  const dates = futureDates()
  await service.setCapacity({ resource_id: resourceId, from: dates[0], to: dates[1], max_capacity: MAX_CAPACITY })
  line(`${MAX_CAPACITY} units on ${dates[0]} and ${dates[1]}`)
  return dates
}

async function createFixtureHolds(
  service: ResourceBookingModuleService,
  pg: Knex,
  resourceId: string,
  dates: [string, string]
): Promise<Fixture> {
  const { ttlMinutes } = service.getOptions()
  section(`3. Create holds (1 unit each, all on ${dates[0]}; TTL ${ttlMinutes} min)`)
  const activeIds = await createHolds(service, resourceId, dates[0], ACTIVE_HOLDS, "active")
  const overdueIds = await createHolds(service, resourceId, dates[0], OVERDUE_HOLDS, "overdue")
  const confirmedIds = await createHolds(service, resourceId, dates[0], CONFIRMED_HOLDS, "confirmed")
  for (const id of confirmedIds) {
    await service.confirmHold(id)
  }
  await backdate(pg, overdueIds, ttlMinutes)
  line(`${activeIds.length} ACTIVE within TTL:     ${activeIds.join(", ")}`)
  line(`${overdueIds.length} ACTIVE past TTL:       ${overdueIds.join(", ")}`)
  line(`   (created ${ttlMinutes + OVERDUE_BY_MINUTES} min ago, expired ${OVERDUE_BY_MINUTES} min ago)`)
  line(`${confirmedIds.length} CONFIRMED:             ${confirmedIds.join(", ")}`)
  return { resourceId, dates, activeIds, overdueIds, confirmedIds }
}

// ------------------------------------------------------------------ reads

function allIds(fixture: Fixture): string[] {
  return [...fixture.activeIds, ...fixture.overdueIds, ...fixture.confirmedIds]
}

/** Units of this script's holds by state, from the database clock. */
async function breakdown(pg: Knex, ids: string[]): Promise<Breakdown> {
  const { rows } = await pg.raw(
    `SELECT coalesce(sum(quantity) FILTER (WHERE status = 'ACTIVE' AND expires_at >= now()), 0)::int AS active,
            coalesce(sum(quantity) FILTER (WHERE status = 'ACTIVE' AND expires_at < now()), 0)::int AS overdue,
            coalesce(sum(quantity) FILTER (WHERE status = 'CONFIRMED'), 0)::int AS confirmed
       FROM resource_hold WHERE id IN (${inList(ids)})`,
    ids
  )
  return rows[0]
}

async function statuses(pg: Knex, ids: string[]): Promise<Map<string, string>> {
  const { rows } = await pg.raw(`SELECT id, status FROM resource_hold WHERE id IN (${inList(ids)})`, ids)
  return new Map(rows.map((row) => [row.id, row.status]))
}

async function availability(service: ResourceBookingModuleService, fixture: Fixture): Promise<AvailabilityDTO[]> {
  const [from, to] = fixture.dates
  return await service.getAvailability({ resource_id: fixture.resourceId, from, to })
}

function describeDay(day: AvailabilityDTO): string {
  return `max ${day.max_capacity}, available ${day.available_capacity}, reserved ${day.max_capacity - day.available_capacity}`
}

// ------------------------------------------------------------------ steps

async function capacityBefore(
  service: ResourceBookingModuleService,
  pg: Knex,
  fixture: Fixture,
  checks: Check[]
): Promise<AvailabilityDTO> {
  section("4. Capacity before cleanup")
  const [first] = await availability(service, fixture)
  const units = await breakdown(pg, allIds(fixture))
  const reserved = ACTIVE_HOLDS + OVERDUE_HOLDS + CONFIRMED_HOLDS
  line(`${first.date}: ${describeDay(first)}`)
  line(`  ${units.active} active within TTL + ${units.overdue} expired but still ACTIVE + ${units.confirmed} confirmed`)
  line(`  reclaimable now (overdue ACTIVE): ${first.reclaimable}`)
  record(
    checks,
    `Before: max ${MAX_CAPACITY}, available ${MAX_CAPACITY - reserved}, reserved ${reserved}`,
    first.max_capacity === MAX_CAPACITY && first.available_capacity === MAX_CAPACITY - reserved,
    describeDay(first)
  )
  record(
    checks,
    `Before: ${ACTIVE_HOLDS} active / ${OVERDUE_HOLDS} expired-but-ACTIVE / ${CONFIRMED_HOLDS} confirmed`,
    units.active === ACTIVE_HOLDS && units.overdue === OVERDUE_HOLDS && units.confirmed === CONFIRMED_HOLDS,
    `${units.active} / ${units.overdue} / ${units.confirmed}`
  )
  return first
}

async function runCleanup(
  service: ResourceBookingModuleService,
  checks: Check[]
): Promise<{ outcome: CleanupRunOutcome; durationMs: number }> {
  section(`5. Run cleanup (runCleanup, trigger "${CleanupTrigger.SCRIPT}")`)
  const start = performance.now()
  const outcome = await service.runCleanup({ trigger: CleanupTrigger.SCRIPT })
  const durationMs = performance.now() - start
  const { run, result } = outcome
  line(`Run ${run.id}: ${run.status} in ${durationMs.toFixed(1)} ms`)
  if (result) {
    line(
      `expired ${result.expiredCount}, capacity restored ${result.totalCapacityRestored}, ` +
        `failed ${result.failedCount}, batches ${result.batches}`
    )
  }
  record(
    checks,
    "Cleanup ran (not skipped)",
    result !== null,
    result ? "" : "run SKIPPED: another cleanup run holds the single-flight lock, so this run expired nothing; rerun when it finishes"
  )
  return { outcome, durationMs }
}

function countStatus(found: Map<string, string>, ids: string[], status: HoldStatus): number {
  return ids.filter((id) => found.get(id) === status).length
}

async function verifyHolds(pg: Knex, fixture: Fixture, outcome: CleanupRunOutcome, checks: Check[]) {
  section("6. Verify hold states (this script's holds only)")
  const found = await statuses(pg, allIds(fixture))
  const groups: [string, string[], HoldStatus][] = [
    ["within-TTL holds still ACTIVE", fixture.activeIds, HoldStatus.ACTIVE],
    ["overdue holds EXPIRED", fixture.overdueIds, HoldStatus.EXPIRED],
    ["confirmed hold still CONFIRMED", fixture.confirmedIds, HoldStatus.CONFIRMED],
  ]
  for (const [label, ids, status] of groups) {
    const count = countStatus(found, ids, status)
    const others = ids.filter((id) => found.get(id) !== status).map((id) => `${id}=${found.get(id) ?? "missing"}`)
    record(checks, `${count}/${ids.length} ${label}`, count === ids.length, others.join(", "))
  }
  const failedOwn = (outcome.result?.failedHoldIds ?? []).filter((id) => allIds(fixture).includes(id))
  record(checks, "None of this script's holds failed in the run", failedOwn.length === 0, failedOwn.join(", "))
}

async function verifyCapacity(
  service: ResourceBookingModuleService,
  fixture: Fixture,
  before: AvailabilityDTO,
  checks: Check[]
) {
  section("7. Capacity after cleanup")
  const [first, second] = await availability(service, fixture)
  const reserved = ACTIVE_HOLDS + CONFIRMED_HOLDS
  const restored = first.available_capacity - before.available_capacity
  line(`${first.date}: ${describeDay(first)}, restored ${restored}`)
  line(`${second.date}: ${describeDay(second)}`)
  record(
    checks,
    `After (${first.date}): available ${MAX_CAPACITY - reserved}, reserved ${reserved}, restored ${OVERDUE_HOLDS}`,
    first.max_capacity === MAX_CAPACITY &&
      first.available_capacity === MAX_CAPACITY - reserved &&
      restored === OVERDUE_HOLDS,
    `available ${first.available_capacity}, reserved ${first.max_capacity - first.available_capacity}, restored ${restored}`
  )
  record(
    checks,
    `Second date (${second.date}) untouched: ${MAX_CAPACITY}/${MAX_CAPACITY}`,
    second.max_capacity === MAX_CAPACITY && second.available_capacity === MAX_CAPACITY,
    `available ${second.available_capacity}, max ${second.max_capacity}`
  )
  const drift = await service.auditCapacity({ resource_id: fixture.resourceId })
  record(checks, "auditCapacity finds no drift", drift.length === 0, drift.length ? JSON.stringify(drift) : "")
}

function verdict(durationMs: number): string {
  return VERDICTS.find(([limit]) => durationMs < limit)?.[1] ?? "SLOW"
}

function printMetrics({ outcome, durationMs }: { outcome: CleanupRunOutcome; durationMs: number }) {
  section("8. Performance")
  const processed = outcome.result?.expiredCount ?? 0
  line(`Duration:          ${durationMs.toFixed(1)} ms`)
  line(`Holds processed:   ${processed} (overdue holds this run expired, any resource)`)
  line(`Average per hold:  ${processed ? `${(durationMs / processed).toFixed(2)} ms` : "n/a"}`)
  line(`Verdict:           ${outcome.result ? verdict(durationMs) : "n/a (run skipped)"}`)
}

// ------------------------------------------------------------------ teardown and summary

/** Deletes everything of the test resource; raw SQL because the module refuses generic deletes of holds and capacity. */
async function removeTestData(pg: Knex, resourceId: string): Promise<void> {
  const counts = await pg.transaction(async (trx) => {
    const holds = await trx.raw(`DELETE FROM resource_hold WHERE resource_id = ?`, [resourceId])
    const capacity = await trx.raw(`DELETE FROM resource_capacity WHERE resource_id = ?`, [resourceId])
    const resource = await trx.raw(`DELETE FROM resource WHERE id = ?`, [resourceId])
    return [holds.rowCount, capacity.rowCount, resource.rowCount]
  })
  line(`Removed ${counts[0]} holds, ${counts[1]} capacity rows, ${counts[2]} resource (${resourceId})`)
}

/** Never throws: a teardown error must not hide the error that may be unwinding past it. */
async function teardown(pg: Knex, resourceId: string | undefined, keep: boolean, checks: Check[]) {
  section("Test data")
  if (!resourceId) {
    line("Nothing was created")
  } else if (keep) {
    line(`Kept (keep requested): resource ${resourceId}`)
  } else {
    try {
      await removeTestData(pg, resourceId)
    } catch (error) {
      record(checks, "Test data removed", false, (error as Error).message)
    }
  }
}

/** Prints every check, then the verdict line; returns the failed checks. */
function summarise(checks: Check[]): Check[] {
  section("Summary")
  checks.forEach((c) => line(`${c.ok ? "✅" : "❌"} ${c.name}`))
  const failed = checks.filter((c) => !c.ok)
  console.log()
  line(`${checks.length - failed.length}/${checks.length} checks passed`)
  if (!failed.length) {
    line("✅ ALL TESTS PASSED")
    return failed
  }
  line("❌ SOME TESTS FAILED")
  failed.forEach((c) => line(`  - ${c.name}${c.detail ? `: ${c.detail}` : ""}`))
  return failed
}

function keepRequested(args: string[] | undefined): boolean {
  return (args ?? []).some((a) => a === "keep" || a === "--keep") || process.env.KEEP_TEST_DATA === "1"
}

export default async function testCleanupJob({ container, args }: ExecArgs): Promise<void> {
  const service = container.resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
  const pg = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const keep = keepRequested(args)
  const checks: Check[] = []
  let resourceId: string | undefined
  try {
    resourceId = await createResource(service)
    const dates = await initialiseCapacity(service, resourceId)
    const fixture = await createFixtureHolds(service, pg, resourceId, dates)
    const before = await capacityBefore(service, pg, fixture, checks)
    const run = await runCleanup(service, checks)
    await verifyHolds(pg, fixture, run.outcome, checks)
    await verifyCapacity(service, fixture, before, checks)
    printMetrics(run)
  } finally {
    await teardown(pg, resourceId, keep, checks)
  }
  const failed = summarise(checks)
  if (failed.length) {
    process.exitCode = 1
    throw new Error(`${failed.length} cleanup check(s) failed: ${failed.map((c) => c.name).join("; ")}`)
  }
}
