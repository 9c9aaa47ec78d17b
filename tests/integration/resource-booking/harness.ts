import path from "path"
import { asValue } from "@medusajs/framework/awilix"
import { createMedusaContainer } from "@medusajs/framework/utils"
import { moduleIntegrationTestRunner, SuiteOptions } from "@medusajs/test-utils"
import { RESOURCE_BOOKING_MODULE } from "../../../src/modules/resource_booking"
import cleanupExpiredHoldsJob from "../../../src/jobs/cleanup-expired-holds"
import ResourceBookingModuleService from "../../../src/modules/resource_booking/service"
import { ResourceBookingModuleOptions } from "../../../src/modules/resource_booking/types"

const MODULE_DIR = path.resolve(__dirname, "../../../src/modules/resource_booking")

export type Suite = SuiteOptions<ResourceBookingModuleService>

/**
 * Runs `testSuite` against the real module on a real Postgres database whose schema comes
 * from the committed migrations (recreated before every test).
 */
export function bookingModuleSuite(
  testSuite: (options: Suite) => void,
  moduleOptions: ResourceBookingModuleOptions = {},
  injectedDependencies: Record<string, unknown> = {}
): void {
  moduleIntegrationTestRunner<ResourceBookingModuleService>({
    moduleName: RESOURCE_BOOKING_MODULE,
    // One database per jest worker, named after DB_TEMP_NAME (so parallel runs can be kept apart).
    dbName: `${process.env.DB_TEMP_NAME}_module_${process.env.JEST_WORKER_ID ?? "1"}`,
    resolve: MODULE_DIR,
    pathToMigrations: path.join(MODULE_DIR, "migrations"),
    moduleOptions,
    injectedDependencies,
    testSuite,
  })
}

/** Raw SQL on the test database, for arranging and inspecting what the verbs may not do. */
export async function query<Row = Record<string, any>>(
  suite: Suite,
  statement: string,
  params: unknown[] = []
): Promise<Row[]> {
  return (await suite.MikroOrmWrapper.getManager().execute(statement, params)) as Row[]
}

/** Moves a hold's expires_at `minutes` into the past (as if its TTL had run out). */
export async function backdate(suite: Suite, holdId: string, minutes: number): Promise<void> {
  await query(
    suite,
    `UPDATE resource_hold SET expires_at = now() - make_interval(mins => ?),
            created_at = now() - make_interval(mins => ?) WHERE id = ?`,
    [minutes, minutes + 30, holdId]
  )
}

export async function capacityOf(
  suite: Suite,
  resourceId: string,
  date: string
): Promise<{ max_capacity: number; available_capacity: number }> {
  const rows = await query(
    suite,
    `SELECT max_capacity, available_capacity FROM resource_capacity
      WHERE resource_id = ? AND date = ?::date AND deleted_at IS NULL`,
    [resourceId, date]
  )
  return rows[0] as { max_capacity: number; available_capacity: number }
}

export async function statusOf(suite: Suite, holdId: string): Promise<string> {
  const rows = await query(suite, `SELECT status FROM resource_hold WHERE id = ?`, [holdId])
  return rows[0]?.status
}

/** A resource with `max` units on each of `dates`. */
export async function resourceWithCapacity(
  service: ResourceBookingModuleService,
  dates: string[],
  max: number
): Promise<string> {
  const resource = await service.createResources({ name: "Sunset tour" })
  const sorted = [...dates].sort()
  await service.setCapacity({
    resource_id: resource.id,
    from: sorted[0],
    to: sorted[sorted.length - 1],
    max_capacity: max,
  })
  return resource.id
}

/**
 * Runs `during` while another connection holds an advisory transaction lock on
 * `hashtextextended(<lockName>, 0)`, as a concurrent checkout or cleanup run would.
 */
export async function whileLocked(suite: Suite, lockName: string, during: () => Promise<void>): Promise<void> {
  let taken!: () => void
  let release!: () => void
  const lockTaken = new Promise<void>((resolve) => (taken = resolve))
  const released = new Promise<void>((resolve) => (release = resolve))
  const holder = suite.MikroOrmWrapper.forkManager().transactional(async (em) => {
    await em.execute(`SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, [lockName])
    taken()
    await released
  })
  await lockTaken
  try {
    await during()
  } finally {
    release()
    await holder
  }
}

/** The advisory lock name of one resource+date (see the module's lock-key contract). */
export const capacityLockName = (resourceId: string, date: string) => `resource_booking:capacity:${resourceId}:${date}`

/** The cleanup job as Medusa runs it: given a container that resolves the module. */
export async function runJob(service: ResourceBookingModuleService): Promise<void> {
  const container = createMedusaContainer()
  container.register(RESOURCE_BOOKING_MODULE, asValue(service))
  await cleanupExpiredHoldsJob(container)
}
