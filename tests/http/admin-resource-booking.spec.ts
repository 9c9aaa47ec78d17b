import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import {
  AdminAuth,
  ApiClient,
  HttpResponse,
  KnexLike,
  StoreContext,
  createAdminAuth,
  createStoreContext,
  expectStatus,
  rawQuery,
} from "./fixtures"
import { quietCleanupSchedule } from "./quiet-schedule"

/**
 * The admin resource-booking API over real HTTP: health (each status driven by real data),
 * the manual cleanup trigger (both paths, single-flight 409), resources, capacity and holds.
 * Every refusal is checked for its status, its message and for leaving the database as it
 * was (whole-table snapshots); every mutating scenario ends with a clean auditCapacity().
 */

// The cron must not fire mid-test: tests call the cleanup themselves.
const SCHEDULE = quietCleanupSchedule()
process.env.HOLD_CLEANUP_INTERVAL = SCHEDULE
// With the quiet schedule the default grace (one interval) is ~a year; one minute instead,
// so a hold one hour past expires_at counts as overdue for the health report.
process.env.HOLD_HEALTH_GRACE_SECONDS = "60"

const BASE = "/admin/resource-booking"
const D1 = "2031-06-01"
const D2 = "2031-06-02"
const D3 = "2031-06-03"
const UNKNOWN_RESOURCE = "res_01UNKNOWNRESOURCE0000000000"
const UNKNOWN_HOLD = "rhold_01UNKNOWNHOLD000000000000"
const UNKNOWN_VARIANT = "variant_01UNKNOWNVARIANT00000000"
const LONG = "x".repeat(10_000)
const MINUTE = 60_000

type Db = KnexLike & { transaction: <T>(work: (trx: KnexLike) => Promise<T>) => Promise<T> }

medusaIntegrationTestRunner({
  inApp: true,
  dbName: `${process.env.DB_TEMP_NAME}_http_admin_rb`,
  env: {},
  testSuite: ({ api: runnerApi, getContainer, dbConnection }) => {
    const api = runnerApi as ApiClient
    const db = dbConnection as Db
    let admin: AdminAuth
    let store: StoreContext

    beforeAll(async () => {
      admin = await createAdminAuth(getContainer())
      store = await createStoreContext(getContainer())
    })

    // ------------------------------------------------------------------ helpers

    const service = () => getContainer().resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)

    const get = (url: string) => expectStatus(api.get(url, admin))
    const post = (url: string, body?: unknown) => expectStatus(api.post(url, body, admin))
    const del = (url: string) => expectStatus(api.delete(url, admin))

    /** A resource with `max` units on each date. */
    async function resourceWithCapacity(dates: string[], max: number, name = "Kayak"): Promise<string> {
      const resource = await service().createResources({ name })
      for (const date of dates) {
        await service().setCapacity({ resource_id: resource.id, from: date, to: date, max_capacity: max })
      }
      return resource.id
    }

    async function hold(resourceId: string, quantity: number, date = D1, extra: Record<string, unknown> = {}) {
      return await service().createHold({ resource_id: resourceId, date, quantity, ...extra })
    }

    /** ACTIVE, past expires_at by `interval` (whole seconds, so messages can be compared exactly). */
    async function backdate(holdId: string, interval = "1 hour"): Promise<Date> {
      const [row] = await rawQuery(
        db,
        `UPDATE resource_hold
            SET expires_at = date_trunc('second', now()) - ?::interval,
                created_at = date_trunc('second', now()) - ?::interval - interval '1 hour'
          WHERE id = ? RETURNING expires_at`,
        [interval, interval, holdId]
      )
      return new Date(row.expires_at)
    }

    async function holdRow(id: string) {
      const [row] = await rawQuery(
        db,
        `SELECT id, status, quantity, to_char(date, 'YYYY-MM-DD') AS date, expires_at, confirmed_at,
                released_at, expired_at FROM resource_hold WHERE id = ?`,
        [id]
      )
      return row
    }

    async function capacityRows(resourceId: string) {
      return await rawQuery(
        db,
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, max_capacity, available_capacity
           FROM resource_capacity WHERE resource_id = ? AND deleted_at IS NULL ORDER BY date`,
        [resourceId]
      )
    }

    /** Every row of the module's tables: compared before and after a refused request. */
    async function snapshot() {
      return {
        resources: await rawQuery(db, `SELECT * FROM resource ORDER BY id`),
        capacity: await rawQuery(db, `SELECT * FROM resource_capacity ORDER BY id`),
        holds: await rawQuery(db, `SELECT * FROM resource_hold ORDER BY id`),
        runs: await rawQuery(db, `SELECT * FROM hold_cleanup_run ORDER BY id`),
      }
    }

    async function count(table: "resource" | "resource_capacity" | "resource_hold" | "hold_cleanup_run") {
      const [row] = await rawQuery(db, `SELECT count(*)::int AS n FROM ${table}`)
      return row.n as number
    }

    /** Asserts the status and, if given, the message (exact string or pattern). */
    async function expectRefused(
      request: Promise<{ status: number; data: any }>,
      status: number,
      message?: string | RegExp
    ) {
      const response = await request
      if (response.status !== status) {
        throw new Error(`Expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.data)}`)
      }
      if (typeof message === "string") {
        expect(response.data.message).toBe(message)
      } else if (message) {
        expect(response.data.message).toMatch(message)
      }
      return response
    }

    const q = (params: Record<string, string>) =>
      Object.entries(params)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join("&")

    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

    // ================================================================== auth

    describe("authentication", () => {
      const routes = (resourceId: string, holdId: string): [string, string, unknown?][] => [
        ["GET", `${BASE}/health`],
        ["POST", `${BASE}/cleanup`, {}],
        ["POST", `/admin/jobs/cleanup-expired-holds`, {}],
        ["GET", `${BASE}/resources`],
        ["POST", `${BASE}/resources`, { name: "Sneaky" }],
        ["GET", `${BASE}/resources/${resourceId}`],
        ["POST", `${BASE}/resources/${resourceId}`, { name: "Renamed" }],
        ["DELETE", `${BASE}/resources/${resourceId}`],
        ["GET", `${BASE}/resources/${resourceId}/capacity?from=${D1}&to=${D1}`],
        ["POST", `${BASE}/resources/${resourceId}/capacity`, { from: D1, to: D1, max_capacity: 1 }],
        ["GET", `${BASE}/resources/${resourceId}/calendar?from=${D1}&to=${D1}`],
        ["GET", `${BASE}/cleanup-runs`],
        ["GET", `${BASE}/variants/${UNKNOWN_VARIANT}/availability`],
        ["GET", `${BASE}/holds`],
        ["GET", `${BASE}/holds/${holdId}`],
        ["POST", `${BASE}/holds/${holdId}/confirm`, {}],
        ["POST", `${BASE}/holds/${holdId}/release`, {}],
        ["POST", `${BASE}/holds/${holdId}/extend`, { minutes: 10 }],
      ]

      const send = (method: string, url: string, body: unknown, headers: Record<string, string>) => {
        const config = { headers }
        if (method === "GET") return expectStatus(api.get(url, config))
        if (method === "DELETE") return expectStatus(api.delete(url, config))
        return expectStatus(api.post(url, body, config))
      }

      it("every admin route is 401 without credentials, with a publishable key only, or with the secret key as Bearer; nothing changes", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const held = await hold(resourceId, 1)
        const overdue = await hold(resourceId, 1)
        await backdate(overdue.id)
        const before = await snapshot()

        const credentials: [string, Record<string, string>][] = [
          ["none", {}],
          ["publishable key", store.headers],
          ["secret key as Bearer", { authorization: `Bearer ${admin.token}` }],
          ["unknown secret key", { authorization: `Basic ${Buffer.from("sk_not_a_real_key:").toString("base64")}` }],
        ]
        const outcomes: string[] = []
        for (const [label, headers] of credentials) {
          for (const [method, url, body] of routes(resourceId, held.id)) {
            const response = await send(method, url, body, headers)
            outcomes.push(`${label} ${method} ${url} → ${response.status}`)
          }
        }
        expect(outcomes.filter((o) => !o.endsWith("→ 401"))).toEqual([])
        expect(await snapshot()).toEqual(before)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("the same routes answer with the admin secret key (Basic)", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const held = await hold(resourceId, 1)
        const statuses: string[] = []
        // DELETE last: it is refused while the hold lives, then succeeds after release.
        for (const [method, url, body] of routes(resourceId, held.id)) {
          const response = await send(method, url, body, admin.headers)
          statuses.push(`${method} ${url} → ${response.status}`)
        }
        expect(statuses).toEqual(
          routes(resourceId, held.id).map(([method, url]) => {
            const expected =
              // DELETE: the hold is live; extend: by then the hold was released.
              method === "DELETE" || url.endsWith("/extend")
                ? 400
                : url.includes(UNKNOWN_VARIANT)
                  ? 404
                  : 200
            return `${method} ${url} → ${expected}`
          })
        )
        expect(await service().auditCapacity()).toEqual([])
      })
    })

    // ================================================================== health

    describe("GET /admin/resource-booking/health", () => {
      it("empty store: 200 healthy, every counter zero, no warnings key", async () => {
        const { status, data } = await get(`${BASE}/health`)
        expect(status).toBe(200)
        expect(data).toEqual({
          status: "healthy",
          timestamp: expect.any(String),
          holds: { active: 0, expired: 0, confirmed: 0, released: 0, total: 0, confirmation_failed: 0 },
          cleanup_job: {
            overdue_holds: 0,
            status: "ok",
            message: "No overdue holds",
            schedule: SCHEDULE,
            next_run: expect.any(String),
            last_run: null,
            last_success_at: null,
          },
          resources: { active_count: 0, total_capacity_records: 0 },
          capacity: { total_max: 0, total_available: 0, total_reserved: 0, utilization_percent: 0, drift_records: 0 },
          services: { hold_service: "operational", capacity_service: "operational", resource_service: "operational" },
          // A small table: totals and drift counted on this request.
          totals: { source: "live", counted_at: expect.any(String), age_seconds: 0 },
        })
        expect("warnings" in data).toBe(false)
        expect(new Date(data.cleanup_job.next_run).getTime()).toBeGreaterThan(
          new Date(data.timestamp).getTime()
        )
      })

      it("counts holds by status, resources and capacity; a hold within the grace period is not overdue", async () => {
        const resourceId = await resourceWithCapacity([D1, D2], 10)
        await service().createResources({ name: "Retired boat", is_active: false })
        const active = await hold(resourceId, 2)
        const confirmed = await hold(resourceId, 3, D2)
        await service().confirmHold(confirmed.id)
        const released = await hold(resourceId, 1)
        await service().releaseHold(released.id)
        // Past expires_at by 30 s: overdue for the listing, but within the 60 s health grace.
        await backdate(active.id, "30 seconds")

        const { status, data } = await get(`${BASE}/health`)
        expect(status).toBe(200)
        expect(data).toMatchObject({
          status: "healthy",
          holds: { active: 1, expired: 0, confirmed: 1, released: 1, total: 3 },
          cleanup_job: { overdue_holds: 0, status: "ok", message: "No overdue holds" },
          resources: { active_count: 1, total_capacity_records: 2 },
          capacity: { total_max: 20, total_available: 15, total_reserved: 5, utilization_percent: 25, drift_records: 0 },
        })
        expect(data.warnings).toBeUndefined()

        const listed = await get(`${BASE}/holds?overdue=true`)
        expect(listed.data.holds.map((h: any) => h.id)).toEqual([active.id])
        expect(await service().auditCapacity()).toEqual([])
      })

      it("overdue holds: 200 degraded with warnings; after POST /cleanup healthy, last_run succeeded, last_success_at set", async () => {
        const resourceId = await resourceWithCapacity([D1], 5)
        const a = await hold(resourceId, 1)
        const b = await hold(resourceId, 2)
        await hold(resourceId, 1) // not overdue
        await backdate(a.id)
        await backdate(b.id)

        const degraded = await get(`${BASE}/health`)
        expect(degraded.status).toBe(200)
        expect(degraded.data).toMatchObject({
          status: "degraded",
          holds: { active: 3, total: 3 },
          cleanup_job: {
            overdue_holds: 2,
            status: "warning",
            message: "2 holds are past expiration",
            last_run: null,
            last_success_at: null,
          },
          services: { hold_service: "operational", capacity_service: "operational", resource_service: "operational" },
        })
        expect(degraded.data.warnings).toEqual([
          "2 holds are past expiration and should be cleaned up",
          "No successful cleanup run recorded",
        ])

        const cleanup = await post(`${BASE}/cleanup`, {})
        expect(cleanup.status).toBe(200)
        expect(cleanup.data.result).toMatchObject({ expired_count: 2, capacity_restored: 3, failed_count: 0 })

        const healthy = await get(`${BASE}/health`)
        expect(healthy.status).toBe(200)
        expect(healthy.data).toMatchObject({
          status: "healthy",
          holds: { active: 1, expired: 2, total: 3 },
          cleanup_job: {
            overdue_holds: 0,
            status: "ok",
            message: "No overdue holds",
            last_run: { status: "succeeded", expired_count: 2, finished_at: expect.any(String), duration_ms: expect.any(Number) },
            last_success_at: expect.any(String),
          },
          capacity: { total_max: 5, total_available: 4, total_reserved: 1, utilization_percent: 20, drift_records: 0 },
        })
        expect(healthy.data.warnings).toBeUndefined()
        const [run] = await rawQuery(db, `SELECT finished_at FROM hold_cleanup_run WHERE status = 'succeeded'`)
        expect(healthy.data.cleanup_job.last_success_at).toBe(new Date(run.finished_at).toISOString())
        expect(await service().auditCapacity()).toEqual([])
      })

      it("more than 50 overdue holds: critical, with the 'cleanup job may be failing' warning; the job path cleans them", async () => {
        const resourceId = await resourceWithCapacity([D1], 51)
        for (let i = 0; i < 51; i++) {
          await hold(resourceId, 1)
        }
        await rawQuery(
          db,
          `UPDATE resource_hold SET expires_at = now() - interval '1 hour', created_at = now() - interval '2 hours'
            WHERE resource_id = ?`,
          [resourceId]
        )

        const critical = await get(`${BASE}/health`)
        expect(critical.status).toBe(200)
        expect(critical.data).toMatchObject({
          status: "degraded",
          cleanup_job: { overdue_holds: 51, status: "critical", message: "51 holds are past expiration" },
          capacity: { total_max: 51, total_available: 0, utilization_percent: 100 },
        })
        expect(critical.data.warnings).toEqual([
          "51 holds are past expiration and should be cleaned up",
          "Large number of overdue holds detected - cleanup job may be failing",
          "No successful cleanup run recorded",
        ])

        const cleanup = await post(`/admin/jobs/cleanup-expired-holds`, {})
        expect(cleanup.status).toBe(200)
        expect(cleanup.data.result).toMatchObject({ expired_count: 51, capacity_restored: 51, failed_count: 0 })

        const healthy = await get(`${BASE}/health`)
        expect(healthy.data).toMatchObject({
          status: "healthy",
          holds: { active: 0, expired: 51 },
          capacity: { total_available: 51, utilization_percent: 0 },
        })
        expect(await service().auditCapacity()).toEqual([])
      })

      it("a failed run in the history: degraded 'Cleanup job failing since …'; a successful run clears it", async () => {
        const [failed] = await rawQuery(
          db,
          `INSERT INTO hold_cleanup_run (id, trigger, status, started_at, finished_at, duration_ms, error)
           VALUES ('hcrun_01FAILEDRUN', 'schedule', 'failed', date_trunc('second', now()) - interval '5 minutes',
                   date_trunc('second', now()) - interval '5 minutes', 5, 'boom')
           RETURNING started_at`
        )
        const since = new Date(failed.started_at).toISOString()

        const degraded = await get(`${BASE}/health`)
        expect(degraded.status).toBe(200)
        expect(degraded.data).toMatchObject({
          status: "degraded",
          cleanup_job: {
            overdue_holds: 0,
            status: "ok",
            last_run: { status: "failed", duration_ms: 5, expired_count: 0, finished_at: since },
            last_success_at: null,
          },
        })
        expect(degraded.data.warnings).toEqual([`Cleanup job failing since ${since}: boom`])
        expect(degraded.data.warnings[0].startsWith("Cleanup job failing since")).toBe(true)

        await post(`${BASE}/cleanup`, {})
        const healthy = await get(`${BASE}/health`)
        expect(healthy.data.status).toBe("healthy")
        expect(healthy.data.cleanup_job.last_run.status).toBe("succeeded")
        expect(healthy.data.cleanup_job.last_success_at).toEqual(expect.any(String))
        expect(healthy.data.warnings).toBeUndefined()
      })

      it("overdue holds and the last success more than two intervals ago: 'No successful cleanup run since …'", async () => {
        // The quiet schedule fires once a year: two intervals are ~2 years.
        const [success] = await rawQuery(
          db,
          `INSERT INTO hold_cleanup_run (id, trigger, status, started_at, finished_at, duration_ms, expired_count)
           VALUES ('hcrun_01OLDSUCCESS', 'schedule', 'succeeded', date_trunc('second', now()) - interval '800 days',
                   date_trunc('second', now()) - interval '800 days', 7, 3)
           RETURNING finished_at`
        )
        const lastSuccess = new Date(success.finished_at).toISOString()
        const resourceId = await resourceWithCapacity([D1], 2)
        const overdue = await hold(resourceId, 1)
        await backdate(overdue.id)

        const { status, data } = await get(`${BASE}/health`)
        expect(status).toBe(200)
        expect(data).toMatchObject({
          status: "degraded",
          cleanup_job: {
            overdue_holds: 1,
            status: "warning",
            last_run: { status: "succeeded", expired_count: 3, duration_ms: 7, finished_at: lastSuccess },
            last_success_at: lastSuccess,
          },
        })
        expect(data.warnings).toEqual([
          "1 holds are past expiration and should be cleaned up",
          `No successful cleanup run since ${lastSuccess}`,
        ])
        expect(await service().auditCapacity()).toEqual([])
      })

      it("hand-corrupted capacity: 503 unhealthy with drift_records 1", async () => {
        const resourceId = await resourceWithCapacity([D1, D2], 4)
        await hold(resourceId, 1)
        await rawQuery(
          db,
          `UPDATE resource_capacity SET available_capacity = available_capacity - 1
            WHERE resource_id = ? AND date = ?::date AND date >= current_date`,
          [resourceId, D2]
        )

        const { status, data } = await get(`${BASE}/health`)
        expect(status).toBe(503)
        expect(data).toMatchObject({
          status: "unhealthy",
          capacity: { total_max: 8, total_available: 6, total_reserved: 2, utilization_percent: 25, drift_records: 1 },
          services: { hold_service: "operational", capacity_service: "operational", resource_service: "operational" },
        })
        expect(data.warnings).toEqual([
          "1 capacity records do not match their holds (available ≠ max − held); run auditCapacity",
        ])
        // Corrupted on purpose: the audit names the row.
        expect(await service().auditCapacity()).toEqual([
          { resource_id: resourceId, date: D2, start_time: null, max_capacity: 4, held: 0, expected_available: 4, actual_available: 3 },
        ])
      })

      it("database trouble (resource_hold missing): 503 unhealthy, services unavailable; back to 200 when it returns", async () => {
        await db.raw(`ALTER TABLE resource_hold RENAME TO resource_hold_x`)
        let response: { status: number; data: any }
        try {
          response = await get(`${BASE}/health`)
        } finally {
          await db.raw(`ALTER TABLE resource_hold_x RENAME TO resource_hold`)
        }
        expect(response.status).toBe(503)
        expect(response.data).toMatchObject({
          status: "unhealthy",
          holds: { active: 0, expired: 0, confirmed: 0, released: 0, total: 0 },
          cleanup_job: { status: "unknown", message: "Database unreachable", last_run: null, schedule: SCHEDULE },
          services: { hold_service: "unavailable", capacity_service: "unavailable", resource_service: "unavailable" },
        })
        expect(response.data.warnings).toHaveLength(1)
        expect(response.data.warnings[0]).toMatch(/^Database unreachable/)
        expect(response.data.warnings[0]).toContain("resource_hold")

        const after = await get(`${BASE}/health`)
        expect(after.status).toBe(200)
        expect(after.data.status).toBe("healthy")
      })
    })

    // ================================================================== cleanup trigger

    describe("POST cleanup (both paths)", () => {
      const EMPTY_RESULT = {
        expired_count: 0,
        capacity_restored: 0,
        failed_count: 0,
        failed_hold_ids: [],
        holds_deleted: 0,
        failures: [],
        duration_ms: expect.any(Number),
      }

      it.each([`${BASE}/cleanup`, `/admin/jobs/cleanup-expired-holds`])(
        "%s with nothing to do: 200, a succeeded manual run is recorded",
        async (path) => {
          const { status, data } = await post(path, {})
          expect(status).toBe(200)
          expect(data.result).toEqual(EMPTY_RESULT)
          expect(data.run).toMatchObject({
            id: expect.stringMatching(/^hcrun_/),
            trigger: "manual",
            status: "succeeded",
            expired_count: 0,
            capacity_restored: 0,
            failed_count: 0,
            failed_hold_ids: [],
            error: null,
          })
          const runs = await rawQuery(db, `SELECT id, trigger, status FROM hold_cleanup_run`)
          expect(runs).toEqual([{ id: data.run.id, trigger: "manual", status: "succeeded" }])
        }
      )

      it("accepts an empty POST without a body", async () => {
        const { status, data } = await expectStatus(api.post(`${BASE}/cleanup`, undefined, admin))
        expect(status).toBe(200)
        expect(data.run.status).toBe("succeeded")
      })

      it("expires overdue holds only and gives their units back", async () => {
        const resourceId = await resourceWithCapacity([D1, D2], 6)
        const overdue1 = await hold(resourceId, 2)
        const overdue2 = await hold(resourceId, 1, D2)
        const fresh = await hold(resourceId, 1)
        const confirmed = await hold(resourceId, 1, D2)
        await service().confirmHold(confirmed.id)
        await backdate(overdue1.id)
        await backdate(overdue2.id, "10 seconds")
        await rawQuery(db, `UPDATE resource_hold SET expires_at = now() - interval '1 day' WHERE id = ?`, [confirmed.id])

        const { status, data } = await post(`${BASE}/cleanup`, {})
        expect(status).toBe(200)
        expect(data.result).toEqual({ ...EMPTY_RESULT, expired_count: 2, capacity_restored: 3 })
        expect(data.run).toMatchObject({ trigger: "manual", status: "succeeded", expired_count: 2, capacity_restored: 3 })

        expect((await holdRow(overdue1.id)).status).toBe("EXPIRED")
        expect((await holdRow(overdue2.id)).status).toBe("EXPIRED")
        expect((await holdRow(fresh.id)).status).toBe("ACTIVE")
        expect((await holdRow(confirmed.id)).status).toBe("CONFIRMED")
        expect(await capacityRows(resourceId)).toEqual([
          { date: D1, max_capacity: 6, available_capacity: 5 },
          { date: D2, max_capacity: 6, available_capacity: 5 },
        ])

        const again = await post(`/admin/jobs/cleanup-expired-holds`, {})
        expect(again.data.result.expired_count).toBe(0)
        expect(await service().auditCapacity()).toEqual([])
      })

      it.each([`${BASE}/cleanup`, `/admin/jobs/cleanup-expired-holds`])(
        "%s: 409 conflict with a skipped run while another run holds the lock; nothing expires",
        async (path) => {
          const resourceId = await resourceWithCapacity([D1], 3)
          const overdue = await hold(resourceId, 2)
          await backdate(overdue.id)

          const conflict = await db.transaction(async (trx) => {
            await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended('resource_booking:cleanup-run', 0))`)
            return await expectStatus(api.post(path, {}, admin))
          })
          expect(conflict.status).toBe(409)
          expect(conflict.data).toEqual({
            type: "conflict",
            message: "Another cleanup run is in progress; retry when it has finished",
            run: expect.objectContaining({ trigger: "manual", status: "skipped", expired_count: 0 }),
          })
          expect((await holdRow(overdue.id)).status).toBe("ACTIVE")
          expect(await capacityRows(resourceId)).toEqual([{ date: D1, max_capacity: 3, available_capacity: 1 }])
          expect(await rawQuery(db, `SELECT status FROM hold_cleanup_run`)).toEqual([{ status: "skipped" }])

          // The lock is gone with the transaction: the next run does the work.
          const ok = await post(path, {})
          expect(ok.status).toBe(200)
          expect(ok.data.result.expired_count).toBe(1)
          expect(await service().auditCapacity()).toEqual([])
        }
      )

      it("a hold whose capacity row is gone (corrupted by hand) is reported as a failure; the others expire", async () => {
        const resourceId = await resourceWithCapacity([D1, D2], 3)
        const good = await hold(resourceId, 1)
        const bad = await hold(resourceId, 2, D2)
        await backdate(good.id)
        await backdate(bad.id)
        await rawQuery(db, `UPDATE resource_capacity SET deleted_at = now() WHERE resource_id = ? AND date = ?::date`, [
          resourceId,
          D2,
        ])

        const { status, data } = await post(`${BASE}/cleanup`, {})
        expect(status).toBe(200)
        expect(data.result).toEqual({
          expired_count: 1,
          capacity_restored: 1,
          failed_count: 1,
          failed_hold_ids: [bad.id],
          holds_deleted: 0,
          failures: [
            { hold_id: bad.id, resource_id: resourceId, date: D2, reason: `no capacity row for resource ${resourceId} on ${D2}` },
          ],
          duration_ms: expect.any(Number),
        })
        expect(data.run).toMatchObject({ status: "succeeded", expired_count: 1, failed_count: 1, failed_hold_ids: [bad.id] })
        expect((await holdRow(good.id)).status).toBe("EXPIRED")
        expect((await holdRow(bad.id)).status).toBe("ACTIVE")

        const listed = await get(`${BASE}/holds?overdue=true`)
        expect(listed.data.holds.map((h: any) => h.id)).toEqual([bad.id])
        const health = await get(`${BASE}/health`)
        expect(health.data).toMatchObject({ status: "degraded", cleanup_job: { overdue_holds: 1 } })
      })

      it("refuses bodies with fields (400), records no run and expires nothing", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const overdue = await hold(resourceId, 1)
        await backdate(overdue.id)
        const before = await snapshot()

        for (const path of [`${BASE}/cleanup`, `/admin/jobs/cleanup-expired-holds`]) {
          await expectRefused(post(path, { force: true }), 400, "Invalid request: Unrecognized fields: 'force'")
          await expectRefused(post(path, { trigger: "schedule", now: "2040-01-01" }), 400, /Unrecognized fields: 'trigger, now'/)
          await expectRefused(post(path, { batchSize: null }), 400, /Unrecognized fields: 'batchSize'/)
          await expectRefused(post(path, [1, 2]), 400)
          await expectRefused(post(path, { [LONG]: 1 }), 400, /Unrecognized fields/)
        }
        expect(await snapshot()).toEqual(before)
        expect(await service().auditCapacity()).toEqual([])
      })
    })

    // ================================================================== resources

    describe("resources", () => {
      it("POST creates a resource with defaults; GET returns it", async () => {
        const { status, data } = await post(`${BASE}/resources`, { name: "  Kayak  " })
        expect(status).toBe(200)
        expect(data.resource).toMatchObject({
          id: expect.stringMatching(/^[a-z][a-z0-9]*_[0-9A-Za-z]+$/),
          name: "Kayak",
          description: null,
          is_active: true,
          metadata: null,
          // The booking rules' defaults: one date or more, no turnaround, cut-off or horizon,
          // the store's time zone.
          timezone: null,
          min_days: 1,
          max_days: null,
          turnaround_days: 0,
          cutoff_minutes: 0,
          horizon_days: null,
        })
        const rows = await rawQuery(db, `SELECT name, is_active, deleted_at FROM resource WHERE id = ?`, [data.resource.id])
        expect(rows).toEqual([{ name: "Kayak", is_active: true, deleted_at: null }])

        const fetched = await get(`${BASE}/resources/${data.resource.id}`)
        expect(fetched.status).toBe(200)
        expect(fetched.data.resource).toMatchObject({ id: data.resource.id, name: "Kayak", is_active: true })
      })

      it("POST with every field, description of 10,000 characters and nested metadata", async () => {
        const description = "d".repeat(10_000)
        const metadata = { color: "red", seats: 2, nested: { a: [1, 2, { b: null }] } }
        const { status, data } = await post(`${BASE}/resources`, {
          name: "Canoe",
          description,
          is_active: false,
          metadata,
        })
        expect(status).toBe(200)
        expect(data.resource).toMatchObject({ name: "Canoe", description, is_active: false, metadata })
        const [row] = await rawQuery(db, `SELECT description, is_active, metadata FROM resource WHERE id = ?`, [data.resource.id])
        expect(row).toEqual({ description, is_active: false, metadata })

        const nulls = await post(`${BASE}/resources`, { name: "Raft", description: null, metadata: null })
        expect(nulls.status).toBe(200)
        expect(nulls.data.resource).toMatchObject({ name: "Raft", description: null, metadata: null, is_active: true })
      })

      it("GET lists newest first with count, limit, offset and is_active", async () => {
        const ids: string[] = []
        for (const [name, is_active] of [["A", true], ["B", false], ["C", true], ["D", true]] as const) {
          ids.push((await post(`${BASE}/resources`, { name, is_active })).data.resource.id)
        }
        const deleted = (await post(`${BASE}/resources`, { name: "Gone" })).data.resource.id
        await del(`${BASE}/resources/${deleted}`)

        const all = await get(`${BASE}/resources`)
        expect(all.status).toBe(200)
        expect(all.data).toMatchObject({ count: 4, limit: 20, offset: 0 })
        expect(all.data.resources.map((r: any) => r.name)).toEqual(["D", "C", "B", "A"])

        const page = await get(`${BASE}/resources?limit=2&offset=1`)
        expect(page.data).toMatchObject({ count: 4, limit: 2, offset: 1 })
        expect(page.data.resources.map((r: any) => r.name)).toEqual(["C", "B"])

        const active = await get(`${BASE}/resources?is_active=true`)
        expect(active.data.count).toBe(3)
        expect(active.data.resources.map((r: any) => r.name)).toEqual(["D", "C", "A"])
        const inactive = await get(`${BASE}/resources?is_active=false`)
        expect(inactive.data.resources.map((r: any) => r.id)).toEqual([ids[1]])

        const beyond = await get(`${BASE}/resources?offset=10&limit=100`)
        expect(beyond.data).toEqual({ resources: [], count: 4, limit: 100, offset: 10 })
      })

      it("POST /resources/:id updates name, description, is_active and metadata; {} changes nothing", async () => {
        const created = (await post(`${BASE}/resources`, { name: "Kayak", description: "blue", metadata: { a: 1 } })).data.resource
        const updated = await post(`${BASE}/resources/${created.id}`, {
          name: "Sea kayak",
          description: null,
          is_active: false,
          metadata: { b: 2 },
        })
        expect(updated.status).toBe(200)
        expect(updated.data.resource).toMatchObject({
          id: created.id,
          name: "Sea kayak",
          description: null,
          is_active: false,
          metadata: { b: 2 },
        })
        const fetched = await get(`${BASE}/resources/${created.id}`)
        expect(fetched.data.resource).toMatchObject({
          name: "Sea kayak",
          description: null,
          is_active: false,
          metadata: { b: 2 },
        })

        const before = await snapshot()
        const noop = await post(`${BASE}/resources/${created.id}`, {})
        expect(noop.status).toBe(200)
        expect(noop.data.resource).toMatchObject({ id: created.id, name: "Sea kayak" })
        const after = await snapshot()
        expect(after.resources.map(({ updated_at: _u, ...r }: any) => r)).toEqual(
          before.resources.map(({ updated_at: _u, ...r }: any) => r)
        )
      })

      it("an inactive resource takes no new holds (module refusal), and is listed as inactive", async () => {
        const resourceId = await resourceWithCapacity([D1], 2)
        await post(`${BASE}/resources/${resourceId}`, { is_active: false })
        await expect(hold(resourceId, 1)).rejects.toThrow(`Resource ${resourceId} is not active and cannot be booked`)
        const health = await get(`${BASE}/health`)
        expect(health.data.resources).toEqual({ active_count: 0, total_capacity_records: 1 })
        expect(await service().auditCapacity()).toEqual([])
      })

      it("DELETE soft-deletes: then 404 everywhere, capacity history stays; a second DELETE is 404", async () => {
        const resourceId = await resourceWithCapacity([D1], 2)
        const released = await hold(resourceId, 1)
        await service().releaseHold(released.id)

        const { status, data } = await del(`${BASE}/resources/${resourceId}`)
        expect(status).toBe(200)
        expect(data).toEqual({ id: resourceId, object: "resource", deleted: true })

        const [row] = await rawQuery(db, `SELECT deleted_at FROM resource WHERE id = ?`, [resourceId])
        expect(row.deleted_at).not.toBeNull()
        expect(await count("resource_capacity")).toBe(1)
        expect(await count("resource_hold")).toBe(1)

        const notFound = `Resource with id: ${resourceId} was not found`
        await expectRefused(get(`${BASE}/resources/${resourceId}`), 404, /was not found/)
        await expectRefused(post(`${BASE}/resources/${resourceId}`, { name: "Back" }), 404, /was not found/)
        await expectRefused(del(`${BASE}/resources/${resourceId}`), 404, /was not found/)
        await expectRefused(get(`${BASE}/resources/${resourceId}/capacity?from=${D1}&to=${D1}`), 404, notFound)
        await expectRefused(
          post(`${BASE}/resources/${resourceId}/capacity`, { from: D1, to: D1, max_capacity: 5 }),
          404,
          notFound
        )
        expect((await get(`${BASE}/resources`)).data.count).toBe(0)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("DELETE is refused (400) while ACTIVE or CONFIRMED holds exist, and changes nothing", async () => {
        const resourceId = await resourceWithCapacity([D1], 5)
        const active = await hold(resourceId, 1)
        let before = await snapshot()
        await expectRefused(
          del(`${BASE}/resources/${resourceId}`),
          400,
          `Resource ${resourceId} has 1 ACTIVE or CONFIRMED holds and cannot be deleted; release or let them expire first`
        )
        expect(await snapshot()).toEqual(before)

        await service().confirmHold(active.id)
        const second = await hold(resourceId, 2)
        before = await snapshot()
        await expectRefused(
          del(`${BASE}/resources/${resourceId}`),
          400,
          new RegExp(escape(`Resource ${resourceId} has 2 ACTIVE or CONFIRMED holds and cannot be deleted`))
        )
        expect(await snapshot()).toEqual(before)

        await post(`${BASE}/holds/${active.id}/release`, {})
        await post(`${BASE}/holds/${second.id}/release`, {})
        const ok = await del(`${BASE}/resources/${resourceId}`)
        expect(ok.status).toBe(200)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("unknown ids are 404, malformed ids 400 on GET, POST and DELETE; nothing changes", async () => {
        const resourceId = await resourceWithCapacity([D1], 1)
        const before = await snapshot()
        for (const send of [
          (id: string) => get(`${BASE}/resources/${id}`),
          (id: string) => post(`${BASE}/resources/${id}`, { name: "X" }),
          (id: string) => del(`${BASE}/resources/${id}`),
        ]) {
          await expectRefused(send(UNKNOWN_RESOURCE), 404, /was not found/)
          await expectRefused(send("abc"), 400, 'id must be a Medusa id (prefix_ULID), got "abc"')
          await expectRefused(send(`${resourceId}%00`), 400, /^id must be a Medusa id/)
          await expectRefused(send("res_01%00abc"), 400, /^id must be a Medusa id/)
          await expectRefused(send(`res_${"A".repeat(10_000)}`), 400, /^id must be a Medusa id/)
          await expectRefused(send("RES_01ABC"), 400, /^id must be a Medusa id/)
          await expectRefused(send("res_01%27%3B%20DROP%20TABLE%20resource%3B--"), 400, /^id must be a Medusa id/)
        }
        expect(await snapshot()).toEqual(before)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("POST /resources refuses bad bodies with 400 naming the field, and creates nothing", async () => {
        const cases: [unknown, string | RegExp][] = [
          [{}, "Invalid request: Field 'name' is required"],
          [{ name: "" }, /name/],
          [{ name: "   " }, /name/],
          [{ name: null }, /name/],
          [{ name: 42 }, /name/],
          [{ name: ["Kayak"] }, /name/],
          [{ name: { first: "Kayak" } }, /name/],
          [{ name: "x".repeat(256) }, /name/],
          [{ name: LONG }, /name/],
          [{ name: "Kayak", description: 5 }, /description/],
          [{ name: "Kayak", description: ["a"] }, /description/],
          [{ name: "Kayak", description: "d".repeat(10_001) }, /description/],
          [{ name: "Kayak", is_active: "yes" }, /is_active/],
          [{ name: "Kayak", is_active: null }, /is_active/],
          [{ name: "Kayak", metadata: [] }, /metadata/],
          [{ name: "Kayak", metadata: "x" }, /metadata/],
          [{ name: "Kayak", metadata: 1 }, /metadata/],
          [{ name: "Kayak", id: "res_01MINE" }, "Invalid request: Unrecognized fields: 'id'"],
          [{ name: "Kayak", capacities: [{ date: D1, max_capacity: 5 }] }, "Invalid request: Unrecognized fields: 'capacities'"],
          [{ name: "Kayak", holds: [] }, "Invalid request: Unrecognized fields: 'holds'"],
          [{ name: "Kayak", deleted_at: null }, "Invalid request: Unrecognized fields: 'deleted_at'"],
          [[{ name: "Kayak" }], /./],
          ["Kayak", /./],
        ]
        const failures: string[] = []
        for (const [body, message] of cases) {
          const response = await post(`${BASE}/resources`, body)
          const ok =
            response.status === 400 &&
            (typeof message === "string" ? response.data.message === message : message.test(response.data.message))
          if (!ok) failures.push(`${JSON.stringify(body).slice(0, 80)} → ${response.status} ${JSON.stringify(response.data).slice(0, 200)}`)
        }
        expect(failures).toEqual([])
        expect(await count("resource")).toBe(0)
      })

      it("POST /resources refuses a NUL byte in text fields with 400, not 500, and creates nothing", async () => {
        const outcomes: string[] = []
        for (const body of [
          { name: "Kay\u0000ak" },
          { name: "Kayak", description: "blue\u0000" },
          { name: "Kayak", metadata: { note: "a\u0000b" } },
          { name: "Kayak", metadata: { "k\u0000": 1 } },
        ]) {
          const response = await post(`${BASE}/resources`, body)
          outcomes.push(`${JSON.stringify(body)} → ${response.status} ${response.data?.message}`)
        }
        expect(await count("resource")).toBe(0)
        expect(outcomes.filter((o) => !/ → 400 /.test(o))).toEqual([])
      })

      it("POST /resources/:id refuses bad bodies with 400 and leaves the resource unchanged", async () => {
        const resourceId = await resourceWithCapacity([D1], 2)
        const before = await snapshot()
        const cases: [unknown, string | RegExp][] = [
          [{ name: null }, /name/],
          [{ name: "" }, /name/],
          [{ name: LONG }, /name/],
          [{ is_active: "false" }, /is_active/],
          [{ metadata: ["a"] }, /metadata/],
          [{ id: "res_01OTHER" }, "Invalid request: Unrecognized fields: 'id'"],
          [{ capacities: [] }, "Invalid request: Unrecognized fields: 'capacities'"],
          [{ name: "Ok", max_capacity: 10 }, "Invalid request: Unrecognized fields: 'max_capacity'"],
        ]
        const failures: string[] = []
        for (const [body, message] of cases) {
          const response = await post(`${BASE}/resources/${resourceId}`, body)
          const ok =
            response.status === 400 &&
            (typeof message === "string" ? response.data.message === message : message.test(response.data.message))
          if (!ok) failures.push(`${JSON.stringify(body).slice(0, 80)} → ${response.status} ${JSON.stringify(response.data).slice(0, 200)}`)
        }
        expect(failures).toEqual([])
        expect(await snapshot()).toEqual(before)
      })

      it("POST /resources/:id refuses a NUL byte with 400, not 500, and leaves the resource unchanged", async () => {
        const resourceId = await resourceWithCapacity([D1], 2)
        const before = await snapshot()
        const outcomes: string[] = []
        for (const body of [{ name: "a\u0000" }, { description: "\u0000" }, { metadata: { x: "\u0000" } }]) {
          const response = await post(`${BASE}/resources/${resourceId}`, body)
          outcomes.push(`${JSON.stringify(body)} → ${response.status} ${response.data?.message}`)
        }
        expect(await snapshot()).toEqual(before)
        expect(outcomes.filter((o) => !/ → 400 /.test(o))).toEqual([])
      })

      it("GET /resources refuses bad query strings with 400 naming the field", async () => {
        const cases: [string, string | RegExp][] = [
          ["limit=0", "Invalid request: limit must be from 1 to 100"],
          ["limit=101", "Invalid request: limit must be from 1 to 100"],
          ["limit=abc", "Invalid request: limit must be a whole number"],
          ["limit=-1", /limit/],
          ["limit=1.5", /limit/],
          ["limit=1e2", /limit/],
          ["limit=%00", /limit/],
          [`limit=${"9".repeat(10_000)}`, /limit/],
          ["limit=1&limit=2", /limit/],
          ["limit[]=1", /limit/],
          ["offset=-1", /offset/],
          ["offset=x", /offset/],
          ["offset=2000000000", /offset/],
          ["is_active=yes", /is_active/],
          ["is_active=1", /is_active/],
          ["is_active=", /is_active/],
          ["is_active=true%00", /is_active/],
          ["is_active[a]=true", /is_active/],
          ["name=Kayak", "Invalid request: Unrecognized fields: 'name'"],
          ["fields=id", "Invalid request: Unrecognized fields: 'fields'"],
          ["order=-created_at", "Invalid request: Unrecognized fields: 'order'"],
          [`${"k".repeat(10_000)}=1`, /Unrecognized fields/],
        ]
        const failures: string[] = []
        for (const [query, message] of cases) {
          const response = await get(`${BASE}/resources?${query}`)
          const ok =
            response.status === 400 &&
            (typeof message === "string" ? response.data.message === message : message.test(response.data.message))
          if (!ok) failures.push(`${query.slice(0, 60)} → ${response.status} ${JSON.stringify(response.data).slice(0, 200)}`)
        }
        expect(failures).toEqual([])
      })
    })

    // ================================================================== capacity

    describe("capacity", () => {
      it("POST sets a range and returns its rows; GET returns every date with effective availability", async () => {
        const resourceId = await resourceWithCapacity([], 0)
        const { status, data } = await post(`${BASE}/resources/${resourceId}/capacity`, { from: D1, to: D2, max_capacity: 4 })
        expect(status).toBe(200)
        expect(data.capacity).toEqual([
          { id: expect.any(String), resource_id: resourceId, date: D1, start_time: null, max_capacity: 4, available_capacity: 4 },
          { id: expect.any(String), resource_id: resourceId, date: D2, start_time: null, max_capacity: 4, available_capacity: 4 },
        ])

        await hold(resourceId, 1)
        const overdue = await hold(resourceId, 2)
        await backdate(overdue.id)

        const read = await get(`${BASE}/resources/${resourceId}/capacity?from=${D1}&to=${D3}`)
        expect(read.status).toBe(200)
        expect(read.data).toEqual({
          capacity: [
            { date: D1, bookable: true, max_capacity: 4, available_capacity: 1, reclaimable: 2, effective_available: 3 },
            { date: D2, bookable: true, max_capacity: 4, available_capacity: 4, reclaimable: 0, effective_available: 4 },
            { date: D3, bookable: false, max_capacity: 0, available_capacity: 0, reclaimable: 0, effective_available: 0 },
          ],
        })
        expect(await service().auditCapacity()).toEqual([])
      })

      it("raising and lowering max_capacity moves available by the same amount; lowering expires overdue holds first", async () => {
        const resourceId = await resourceWithCapacity([D1, D2], 5)
        await hold(resourceId, 2)
        const overdue = await hold(resourceId, 2, D2)
        await backdate(overdue.id)

        const raised = await post(`${BASE}/resources/${resourceId}/capacity`, { from: D1, to: D1, max_capacity: 8 })
        expect(raised.data.capacity).toEqual([expect.objectContaining({ date: D1, max_capacity: 8, available_capacity: 6 })])

        // D2: 2 units held by an overdue hold; lowering to 0 expires it rather than refusing.
        const lowered = await post(`${BASE}/resources/${resourceId}/capacity`, { from: D1, to: D2, max_capacity: 2 })
        expect(lowered.status).toBe(200)
        expect(lowered.data.capacity.map((r: any) => [r.date, r.max_capacity, r.available_capacity])).toEqual([
          [D1, 2, 0],
          [D2, 2, 2],
        ])
        expect((await holdRow(overdue.id)).status).toBe("EXPIRED")
        expect(await capacityRows(resourceId)).toEqual([
          { date: D1, max_capacity: 2, available_capacity: 0 },
          { date: D2, max_capacity: 2, available_capacity: 2 },
        ])
        expect(await service().auditCapacity()).toEqual([])
      })

      it("lowering below what live holds occupy: 400 naming each date and amount; nothing changes", async () => {
        const resourceId = await resourceWithCapacity([D1, D2, D3], 5)
        await hold(resourceId, 3)
        const confirmed = await hold(resourceId, 2, D3)
        await service().confirmHold(confirmed.id)
        const before = await snapshot()

        await expectRefused(
          post(`${BASE}/resources/${resourceId}/capacity`, { from: D1, to: D3, max_capacity: 1 }),
          400,
          `Cannot set max_capacity of resource ${resourceId} to 1: ${D1} has 3 units held; ${D3} has 2 units held`
        )
        await expectRefused(
          post(`${BASE}/resources/${resourceId}/capacity`, { from: D1, to: D1, max_capacity: 0 }),
          400,
          `Cannot set max_capacity of resource ${resourceId} to 0: ${D1} has 3 units held`
        )
        expect(await snapshot()).toEqual(before)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("POST refuses bad ranges and values with 400 naming the field; nothing changes", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const before = await snapshot()
        const url = `${BASE}/resources/${resourceId}/capacity`
        const cases: [unknown, string | RegExp][] = [
          [{ from: "2031-01-01", to: "2032-01-02", max_capacity: 1 }, "The range from 2031-01-01 to 2032-01-02 spans more than 366 days"],
          [{ from: D2, to: D1, max_capacity: 1 }, `to (${D1}) must not be before from (${D2})`],
          [{ from: "2026-02-30", to: "2026-03-01", max_capacity: 1 }, "Invalid request: from must be a real calendar date YYYY-MM-DD"],
          [{ from: D1, to: "2031-13-01", max_capacity: 1 }, "Invalid request: to must be a real calendar date YYYY-MM-DD"],
          [{ from: "2031-6-1", to: D1, max_capacity: 1 }, /from/],
          [{ from: "2031-06-01T00:00:00Z", to: D1, max_capacity: 1 }, /from/],
          [{ from: `${D1}\u0000`, to: D1, max_capacity: 1 }, /from/],
          [{ from: LONG, to: D1, max_capacity: 1 }, /from/],
          [{ from: [D1], to: D1, max_capacity: 1 }, /from/],
          [{ from: null, to: D1, max_capacity: 1 }, /from/],
          [{ to: D1, max_capacity: 1 }, /from/],
          [{ from: D1, max_capacity: 1 }, /to/],
          [{ from: D1, to: D1 }, /max_capacity/],
          [{ from: D1, to: D1, max_capacity: -1 }, /max_capacity/],
          [{ from: D1, to: D1, max_capacity: 1.5 }, /max_capacity/],
          [{ from: D1, to: D1, max_capacity: "5" }, /max_capacity/],
          [{ from: D1, to: D1, max_capacity: null }, /max_capacity/],
          [{ from: D1, to: D1, max_capacity: 1_000_001 }, /max_capacity/],
          [{ from: D1, to: D1, max_capacity: 1e300 }, /max_capacity/],
          [{ from: D1, to: D1, max_capacity: [5] }, /max_capacity/],
          [{ from: D1, to: D1, max_capacity: 5, available_capacity: 5 }, "Invalid request: Unrecognized fields: 'available_capacity'"],
          [{ from: D1, to: D1, max_capacity: 5, resource_id: UNKNOWN_RESOURCE }, "Invalid request: Unrecognized fields: 'resource_id'"],
        ]
        const failures: string[] = []
        for (const [body, message] of cases) {
          const response = await post(url, body)
          const ok =
            response.status === 400 &&
            (typeof message === "string" ? response.data.message === message : message.test(response.data.message))
          if (!ok) failures.push(`${JSON.stringify(body).slice(0, 100)} → ${response.status} ${JSON.stringify(response.data).slice(0, 200)}`)
        }
        expect(failures).toEqual([])

        await expectRefused(post(`${BASE}/resources/${UNKNOWN_RESOURCE}/capacity`, { from: D1, to: D1, max_capacity: 1 }), 404,
          `Resource with id: ${UNKNOWN_RESOURCE} was not found`)
        await expectRefused(post(`${BASE}/resources/abc/capacity`, { from: D1, to: D1, max_capacity: 1 }), 400,
          'id must be a Medusa id (prefix_ULID), got "abc"')
        await expectRefused(post(`${BASE}/resources/res_01%00/capacity`, { from: D1, to: D1, max_capacity: 1 }), 400, /^id must be a Medusa id/)
        expect(await snapshot()).toEqual(before)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("a full 366-day range is accepted (leap year), 367 days is not", async () => {
        const resourceId = await resourceWithCapacity([], 0)
        const ok = await post(`${BASE}/resources/${resourceId}/capacity`, { from: "2032-01-01", to: "2032-12-31", max_capacity: 1 })
        expect(ok.status).toBe(200)
        expect(ok.data.capacity).toHaveLength(366)
        const read = await get(`${BASE}/resources/${resourceId}/capacity?from=2032-01-01&to=2032-12-31`)
        expect(read.data.capacity).toHaveLength(366)
        expect(read.data.capacity[59]).toMatchObject({ date: "2032-02-29", bookable: true })

        await expectRefused(
          get(`${BASE}/resources/${resourceId}/capacity?from=2032-01-01&to=2033-01-01`),
          400,
          "The range from 2032-01-01 to 2033-01-01 spans more than 366 days"
        )
        expect(await count("resource_capacity")).toBe(366)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("GET refuses bad query strings with 400 naming the field", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const url = `${BASE}/resources/${resourceId}/capacity`
        const cases: [string, string | RegExp][] = [
          [q({ to: D1 }), /from/],
          [q({ from: D1 }), /to/],
          [q({ from: "2026-02-30", to: "2026-03-01" }), "Invalid request: from must be a real calendar date YYYY-MM-DD"],
          [q({ from: D2, to: D1 }), `to (${D1}) must not be before from (${D2})`],
          [q({ from: "2031-01-01", to: "2032-01-02" }), "The range from 2031-01-01 to 2032-01-02 spans more than 366 days"],
          [q({ from: `${D1}\u0000`, to: D1 }), /from/],
          [q({ from: LONG, to: D1 }), /from/],
          [`from=${D1}&from=${D2}&to=${D2}`, /from/],
          [`from[]=${D1}&to=${D2}`, /from/],
          [`from[x]=${D1}&to=${D2}`, /from/],
          [q({ from: D1, to: D1, max_capacity: "5" }), "Invalid request: Unrecognized fields: 'max_capacity'"],
        ]
        const failures: string[] = []
        for (const [query, message] of cases) {
          const response = await get(`${url}?${query}`)
          const ok =
            response.status === 400 &&
            (typeof message === "string" ? response.data.message === message : message.test(response.data.message))
          if (!ok) failures.push(`${query.slice(0, 60)} → ${response.status} ${JSON.stringify(response.data).slice(0, 200)}`)
        }
        expect(failures).toEqual([])

        await expectRefused(get(`${BASE}/resources/${UNKNOWN_RESOURCE}/capacity?from=${D1}&to=${D1}`), 404,
          `Resource with id: ${UNKNOWN_RESOURCE} was not found`)
        await expectRefused(get(`${BASE}/resources/abc/capacity?from=${D1}&to=${D1}`), 400, /^id must be a Medusa id/)
        await expectRefused(get(`${BASE}/resources/res_%00/capacity?from=${D1}&to=${D1}`), 400, /^id must be a Medusa id/)
      })
    })

    // ================================================================== holds

    describe("holds", () => {
      it("GET /holds lists newest first and filters by status, resource_id, date, cart_id and overdue", async () => {
        const r1 = await resourceWithCapacity([D1, D2], 10, "One")
        const r2 = await resourceWithCapacity([D1], 10, "Two")
        const a = await hold(r1, 1, D1, { cart_id: "cart_01AAA", customer_id: "cus_01X", metadata: { from: "test" } })
        const b = await hold(r1, 2, D2, { cart_id: "cart_01BBB" })
        const c = await hold(r2, 3, D1, { cart_id: "cart_01AAA" })
        const d = await hold(r2, 1, D1)
        await service().confirmHold(b.id)
        await service().releaseHold(d.id)
        await backdate(c.id, "10 seconds")

        const all = await get(`${BASE}/holds`)
        expect(all.status).toBe(200)
        expect(all.data).toMatchObject({ count: 4, limit: 20, offset: 0 })
        expect(all.data.holds.map((h: any) => h.id).sort()).toEqual([a.id, b.id, c.id, d.id].sort())
        const first = all.data.holds.find((h: any) => h.id === a.id)
        expect(first).toMatchObject({
          id: a.id,
          resource_id: r1,
          date: D1,
          quantity: 1,
          status: "ACTIVE",
          expires_at: expect.any(String),
          cart_id: "cart_01AAA",
          customer_id: "cus_01X",
          confirmed_at: null,
          released_at: null,
          expired_at: null,
          metadata: { from: "test" },
          created_at: expect.any(String),
          updated_at: expect.any(String),
        })

        const ids = async (query: string) => {
          const response = await get(`${BASE}/holds?${query}`)
          expect(response.status).toBe(200)
          expect(response.data.count).toBe(response.data.holds.length)
          return response.data.holds.map((h: any) => h.id).sort()
        }
        expect(await ids("status=CONFIRMED")).toEqual([b.id])
        expect(await ids("status=RELEASED")).toEqual([d.id])
        expect(await ids("status=EXPIRED")).toEqual([])
        expect(await ids(`resource_id=${r2}`)).toEqual([c.id, d.id].sort())
        expect(await ids(`date=${D2}`)).toEqual([b.id])
        expect(await ids(`cart_id=cart_01AAA`)).toEqual([a.id, c.id].sort())
        expect(await ids(`cart_id=cart_01AAA&resource_id=${r1}&status=ACTIVE&date=${D1}`)).toEqual([a.id])
        expect(await ids("overdue=true")).toEqual([c.id])
        expect(await ids("overdue=false")).toEqual([a.id, b.id, d.id].sort())
        expect(await ids(`resource_id=${UNKNOWN_RESOURCE}`)).toEqual([])

        const page = await get(`${BASE}/holds?limit=2&offset=1`)
        expect(page.data).toMatchObject({ count: 4, limit: 2, offset: 1 })
        expect(page.data.holds).toHaveLength(2)
        expect(page.data.holds.map((h: any) => h.id)).toEqual(all.data.holds.slice(1, 3).map((h: any) => h.id))
        const beyond = await get(`${BASE}/holds?offset=50`)
        expect(beyond.data).toEqual({ holds: [], count: 4, limit: 20, offset: 50 })
        expect(await service().auditCapacity()).toEqual([])
      })

      it("GET /holds refuses bad query strings with 400 naming the field", async () => {
        const cases: [string, string | RegExp][] = [
          ["status=FOO", /status/],
          ["status=active", /status/],
          ["status=ACTIVE&status=EXPIRED", /status/],
          ["status[]=ACTIVE", /status/],
          ["status=ACTIVE%00", /status/],
          ["resource_id=abc", "Invalid request: resource_id must be a Medusa id (prefix_ULID)"],
          ["resource_id=res_01%00", /resource_id/],
          [`resource_id=res_${"A".repeat(10_000)}`, /resource_id/],
          ["resource_id[]=res_01A", /resource_id/],
          ["resource_id[a]=res_01A", /resource_id/],
          ["date=2026-02-30", "Invalid request: date must be a real calendar date YYYY-MM-DD"],
          ["date=yesterday", /date/],
          ["date=2031-06-01%00", /date/],
          ["cart_id=not a cart", /cart_id/],
          ["cart_id=cart_01%00", /cart_id/],
          [`cart_id=${LONG}`, /cart_id/],
          ["overdue=maybe", /overdue/],
          ["overdue=TRUE", /overdue/],
          ["limit=0", /limit/],
          ["limit=101", /limit/],
          ["limit=1000", /limit/],
          ["offset=-5", /offset/],
          ["offset=%00", /offset/],
          ["customer_id=cus_01X", "Invalid request: Unrecognized fields: 'customer_id'"],
          ["expand=resource", "Invalid request: Unrecognized fields: 'expand'"],
        ]
        const failures: string[] = []
        for (const [query, message] of cases) {
          const response = await get(`${BASE}/holds?${query}`)
          const ok =
            response.status === 400 &&
            (typeof message === "string" ? response.data.message === message : message.test(response.data.message))
          if (!ok) failures.push(`${query.slice(0, 60)} → ${response.status} ${JSON.stringify(response.data).slice(0, 200)}`)
        }
        expect(failures).toEqual([])
      })

      it("GET /holds/:id returns the hold; unknown 404, malformed 400", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const created = await hold(resourceId, 2, D1, { cart_id: "cart_01ABC" })
        const { status, data } = await get(`${BASE}/holds/${created.id}`)
        expect(status).toBe(200)
        expect(data.hold).toMatchObject({
          id: created.id,
          resource_id: resourceId,
          date: D1,
          quantity: 2,
          status: "ACTIVE",
          cart_id: "cart_01ABC",
          expires_at: created.expires_at.toISOString(),
        })

        await expectRefused(get(`${BASE}/holds/${UNKNOWN_HOLD}`), 404, `ResourceHold with id: ${UNKNOWN_HOLD} was not found`)
        await expectRefused(get(`${BASE}/holds/abc`), 400, 'id must be a Medusa id (prefix_ULID), got "abc"')
        await expectRefused(get(`${BASE}/holds/${created.id}%00`), 400, /^id must be a Medusa id/)
        await expectRefused(get(`${BASE}/holds/rhold_${"A".repeat(10_000)}`), 400, /^id must be a Medusa id/)
      })

      it("confirm: ACTIVE → CONFIRMED (units stay taken); confirming again is idempotent", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const created = await hold(resourceId, 2)
        const { status, data } = await post(`${BASE}/holds/${created.id}/confirm`, {})
        expect(status).toBe(200)
        expect(data.hold).toMatchObject({ id: created.id, status: "CONFIRMED", confirmed_at: expect.any(String) })
        expect(await capacityRows(resourceId)).toEqual([{ date: D1, max_capacity: 3, available_capacity: 1 }])

        const again = await post(`${BASE}/holds/${created.id}/confirm`, {})
        expect(again.status).toBe(200)
        expect(again.data.hold).toMatchObject({ status: "CONFIRMED", confirmed_at: data.hold.confirmed_at })

        // A CONFIRMED hold cannot be extended.
        const before = await snapshot()
        await expectRefused(
          post(`${BASE}/holds/${created.id}/extend`, { minutes: 10 }),
          400,
          `Hold ${created.id} is CONFIRMED and cannot be extended`
        )
        expect(await snapshot()).toEqual(before)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("release: gives the units back; releasing again is idempotent; a RELEASED hold cannot be confirmed or extended", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const created = await hold(resourceId, 2)
        const { status, data } = await post(`${BASE}/holds/${created.id}/release`, {})
        expect(status).toBe(200)
        expect(data.hold).toMatchObject({ id: created.id, status: "RELEASED", released_at: expect.any(String) })
        expect(await capacityRows(resourceId)).toEqual([{ date: D1, max_capacity: 3, available_capacity: 3 }])

        const before = await snapshot()
        const again = await post(`${BASE}/holds/${created.id}/release`, {})
        expect(again.status).toBe(200)
        expect(again.data.hold).toMatchObject({ status: "RELEASED", released_at: data.hold.released_at })
        await expectRefused(
          post(`${BASE}/holds/${created.id}/confirm`, {}),
          400,
          `Hold ${created.id} is RELEASED and cannot be confirmed`
        )
        await expectRefused(
          post(`${BASE}/holds/${created.id}/extend`, { minutes: 5 }),
          400,
          `Hold ${created.id} is RELEASED and cannot be extended`
        )
        expect(await snapshot()).toEqual(before)
        expect(await capacityRows(resourceId)).toEqual([{ date: D1, max_capacity: 3, available_capacity: 3 }])
        expect(await service().auditCapacity()).toEqual([])
      })

      it("release of a CONFIRMED hold gives its units back", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const created = await hold(resourceId, 3)
        await post(`${BASE}/holds/${created.id}/confirm`, {})
        const { status, data } = await post(`${BASE}/holds/${created.id}/release`, {})
        expect(status).toBe(200)
        expect(data.hold.status).toBe("RELEASED")
        expect(await capacityRows(resourceId)).toEqual([{ date: D1, max_capacity: 3, available_capacity: 3 }])
        expect(await service().auditCapacity()).toEqual([])
      })

      it("extend: moves expires_at; beyond the maximum lifetime 400 with the lifetime message, nothing changes", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const created = await hold(resourceId, 1)
        const extended = await post(`${BASE}/holds/${created.id}/extend`, { minutes: 60 })
        expect(extended.status).toBe(200)
        expect(extended.data.hold).toMatchObject({ id: created.id, status: "ACTIVE" })
        const row = await holdRow(created.id)
        expect(extended.data.hold.expires_at).toBe(new Date(row.expires_at).toISOString())
        expect(new Date(extended.data.hold.expires_at).getTime()).toBeGreaterThan(created.expires_at.getTime())

        // Created 100 minutes ago (whole seconds): the 120-minute lifetime ends 20 minutes from now.
        const [aged] = await rawQuery(
          db,
          `UPDATE resource_hold SET created_at = date_trunc('second', now()) - interval '100 minutes'
            WHERE id = ? RETURNING created_at`,
          [created.id]
        )
        const limit = new Date(new Date(aged.created_at).getTime() + 120 * MINUTE).toISOString()
        const before = await snapshot()
        await expectRefused(
          post(`${BASE}/holds/${created.id}/extend`, { minutes: 30 }),
          400,
          `Hold ${created.id} cannot be extended by 30 minutes: its maximum lifetime of 120 minutes ends at ${limit}`
        )
        expect(await snapshot()).toEqual(before)

        const within = await post(`${BASE}/holds/${created.id}/extend`, { minutes: 10 })
        expect(within.status).toBe(200)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("extend refuses bad minutes with 400 naming the field; nothing changes", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const created = await hold(resourceId, 1)
        const before = await snapshot()
        const cases: [unknown, string | RegExp][] = [
          [{}, "Invalid request: Field 'minutes' is required"],
          [{ minutes: 0 }, /minutes/],
          [{ minutes: -5 }, /minutes/],
          [{ minutes: 1.5 }, /minutes/],
          [{ minutes: "10" }, /minutes/],
          [{ minutes: null }, /minutes/],
          [{ minutes: [10] }, /minutes/],
          [{ minutes: 10_081 }, /minutes/],
          [{ minutes: 1e300 }, /minutes/],
          [{ minutes: 121 }, "minutes must be a whole number from 1 to 120, got 121"],
          [{ minutes: 10, status: "CONFIRMED" }, "Invalid request: Unrecognized fields: 'status'"],
          [{ minutes: 10, expires_at: "2040-01-01T00:00:00Z" }, "Invalid request: Unrecognized fields: 'expires_at'"],
          [[10], /./],
        ]
        const failures: string[] = []
        for (const [body, message] of cases) {
          const response = await post(`${BASE}/holds/${created.id}/extend`, body)
          const ok =
            response.status === 400 &&
            (typeof message === "string" ? response.data.message === message : message.test(response.data.message))
          if (!ok) failures.push(`${JSON.stringify(body)} → ${response.status} ${JSON.stringify(response.data).slice(0, 200)}`)
        }
        expect(failures).toEqual([])
        expect(await snapshot()).toEqual(before)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("confirm and release refuse bodies with fields (400), and change nothing", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const created = await hold(resourceId, 1)
        const before = await snapshot()
        for (const action of ["confirm", "release"]) {
          const url = `${BASE}/holds/${created.id}/${action}`
          await expectRefused(post(url, { force: true }), 400, "Invalid request: Unrecognized fields: 'force'")
          await expectRefused(post(url, { status: "CONFIRMED", quantity: 0 }), 400, /Unrecognized fields: 'status, quantity'/)
          await expectRefused(post(url, { minutes: null }), 400, /Unrecognized fields: 'minutes'/)
          await expectRefused(post(url, [1]), 400)
        }
        expect(await snapshot()).toEqual(before)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("an overdue hold: confirm and extend are refused with 'expired at', and the hold is expired (units back)", async () => {
        const resourceId = await resourceWithCapacity([D1], 4)
        const first = await hold(resourceId, 2)
        const second = await hold(resourceId, 1)
        const firstExpiredAt = await backdate(first.id)
        const secondExpiredAt = await backdate(second.id, "5 minutes")

        await expectRefused(
          post(`${BASE}/holds/${first.id}/confirm`, {}),
          400,
          `Hold ${first.id} expired at ${firstExpiredAt.toISOString()}`
        )
        expect((await holdRow(first.id)).status).toBe("EXPIRED")
        expect(await capacityRows(resourceId)).toEqual([{ date: D1, max_capacity: 4, available_capacity: 3 }])

        await expectRefused(
          post(`${BASE}/holds/${second.id}/extend`, { minutes: 10 }),
          400,
          `Hold ${second.id} expired at ${secondExpiredAt.toISOString()}`
        )
        expect((await holdRow(second.id)).status).toBe("EXPIRED")
        expect(await capacityRows(resourceId)).toEqual([{ date: D1, max_capacity: 4, available_capacity: 4 }])

        // Now EXPIRED: a state refusal that changes nothing; release is idempotent.
        const before = await snapshot()
        await expectRefused(
          post(`${BASE}/holds/${first.id}/confirm`, {}),
          400,
          `Hold ${first.id} is EXPIRED and cannot be confirmed`
        )
        await expectRefused(
          post(`${BASE}/holds/${first.id}/extend`, { minutes: 10 }),
          400,
          `Hold ${first.id} is EXPIRED and cannot be extended`
        )
        const released = await post(`${BASE}/holds/${first.id}/release`, {})
        expect(released.status).toBe(200)
        expect(released.data.hold.status).toBe("EXPIRED")
        expect(await snapshot()).toEqual(before)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("confirm, release and extend: unknown hold 404, malformed id 400; nothing changes", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        await hold(resourceId, 1)
        const before = await snapshot()
        for (const [action, body] of [["confirm", {}], ["release", {}], ["extend", { minutes: 5 }]] as const) {
          await expectRefused(
            post(`${BASE}/holds/${UNKNOWN_HOLD}/${action}`, body),
            404,
            `ResourceHold with id: ${UNKNOWN_HOLD} was not found`
          )
          await expectRefused(post(`${BASE}/holds/abc/${action}`, body), 400, 'id must be a Medusa id (prefix_ULID), got "abc"')
          await expectRefused(post(`${BASE}/holds/rhold_01%00/${action}`, body), 400, /^id must be a Medusa id/)
          await expectRefused(post(`${BASE}/holds/rhold_${"A".repeat(10_000)}/${action}`, body), 400, /^id must be a Medusa id/)
        }
        expect(await snapshot()).toEqual(before)
        expect(await service().auditCapacity()).toEqual([])
      })
    })

    // ================================================================== hostile input

    describe("failed order confirmations", () => {
      it("lists holds whose confirmation failed and degrades health until they are dealt with", async () => {
        const resourceId = await resourceWithCapacity([D1], 2)
        const lost = await hold(resourceId, 2, D1, { cart_id: "cart_01LOST" })
        await backdate(lost.id)
        await service().cleanupExpiredHolds()
        await hold(resourceId, 2, D1, { cart_id: "cart_01OTHER" })
        await service().confirmCartHolds({
          cart_id: "cart_01LOST",
          order_id: "order_01PLACED",
          requirements: [{ resource_id: resourceId, date: D1, quantity: 2 }],
        })

        const { status, data } = await get(`${BASE}/holds?confirmation_failed=true`)
        expect(status).toBe(200)
        expect(data.count).toBe(1)
        expect(data.holds[0]).toMatchObject({ id: lost.id, status: "EXPIRED", order_id: "order_01PLACED" })
        expect(data.holds[0].confirmation_error).toContain("could not be taken again for order order_01PLACED")
        const others = await get(`${BASE}/holds?confirmation_failed=false`)
        expect(others.data.holds.map((h: { id: string }) => h.id)).not.toContain(lost.id)

        const health = await get(`${BASE}/health`)
        expect(health.status).toBe(200)
        expect(health.data.status).toBe("degraded")
        expect(health.data.holds.confirmation_failed).toBe(1)
        expect(health.data.warnings).toContain(
          "1 holds could not be confirmed for their orders; see GET /admin/resource-booking/holds?confirmation_failed=true"
        )
        expect(await service().auditCapacity()).toEqual([])
      })
    })

    describe("data for the Admin screens", () => {
      const D0 = "2031-05-31"

      it("GET /resources/:id/calendar: every date of the range with held, overdue and confirmed units and its state", async () => {
        const r = await resourceWithCapacity([D1, D2, D3], 4, "Calendar")
        const a = await hold(r, 2, D1)
        const b = await hold(r, 2, D1)
        await backdate(b.id, "5 minutes")
        for (const held of [await hold(r, 3, D2), await hold(r, 1, D2)]) {
          await service().confirmHold(held.id)
        }
        await hold(r, 1, D3)
        await service().releaseHold((await hold(r, 1, D3)).id)
        const before = await snapshot()

        const response = await get(`${BASE}/resources/${r}/calendar?from=${D0}&to=${D3}`)
        expect(response.status).toBe(200)
        expect(response.data).toEqual({
          resource_id: r,
          from: D0,
          to: D3,
          days: [
            { date: D0, bookable: false, max_capacity: 0, available_capacity: 0, held: 0, overdue: 0, confirmed: 0, turnaround: 0, effective_available: 0, utilization_percent: 0, state: "no_capacity" },
            { date: D1, bookable: true, max_capacity: 4, available_capacity: 0, held: 4, overdue: 2, confirmed: 0, turnaround: 0, effective_available: 2, utilization_percent: 100, state: "full_with_holds" },
            { date: D2, bookable: true, max_capacity: 4, available_capacity: 0, held: 0, overdue: 0, confirmed: 4, turnaround: 0, effective_available: 0, utilization_percent: 100, state: "sold_out" },
            { date: D3, bookable: true, max_capacity: 4, available_capacity: 3, held: 1, overdue: 0, confirmed: 0, turnaround: 0, effective_available: 3, utilization_percent: 25, state: "open" },
          ],
        })
        // Reading the calendar moves nothing (the overdue hold stays ACTIVE until a checkout or the job).
        expect(await snapshot()).toEqual(before)
        expect((await holdRow(a.id)).status).toBe("ACTIVE")

        const closed = await resourceWithCapacity([D1], 0, "Closed")
        const zero = await get(`${BASE}/resources/${closed}/calendar?from=${D1}&to=${D1}`)
        expect(zero.data.days[0]).toMatchObject({ bookable: true, max_capacity: 0, utilization_percent: 0, state: "sold_out" })
      })

      it("GET /resources/:id/calendar: a date whose capacity row is gone has nothing to sell, as the availability route says", async () => {
        const r = await resourceWithCapacity([D1], 4, "Gone")
        const overdue = await hold(r, 2, D1)
        await backdate(overdue.id, "5 minutes")
        // Corrupted by hand: the row goes, the hold stays.
        await rawQuery(db, `UPDATE resource_capacity SET deleted_at = now() WHERE resource_id = ?`, [r])
        const calendar = await get(`${BASE}/resources/${r}/calendar?from=${D1}&to=${D1}`)
        expect(calendar.data.days).toEqual([
          { date: D1, bookable: false, max_capacity: 0, available_capacity: 0, held: 2, overdue: 2, confirmed: 0, turnaround: 0, effective_available: 0, utilization_percent: 0, state: "no_capacity" },
        ])
        const availability = await get(`${BASE}/resources/${r}/capacity?from=${D1}&to=${D1}`)
        expect(availability.data.capacity).toEqual([
          expect.objectContaining({ date: D1, bookable: false, reclaimable: 0, effective_available: 0 }),
        ])
      })

      it("GET /resources/:id/calendar refuses bad ranges (400) and unknown resources (404)", async () => {
        const r = await resourceWithCapacity([D1], 4)
        const cases: Array<[string, number, RegExp]> = [
          [`${BASE}/resources/${r}/calendar?from=${D2}&to=${D1}`, 400, /to \(2031-06-01\) must not be before from \(2031-06-02\)/],
          [`${BASE}/resources/${r}/calendar?from=2031-01-01&to=2032-01-02`, 400, /spans more than 366 days/],
          [`${BASE}/resources/${r}/calendar?from=${D1}`, 400, /to/],
          [`${BASE}/resources/${r}/calendar?from=2031-02-30&to=${D1}`, 400, /from must be a real calendar date/],
          [`${BASE}/resources/${r}/calendar?from=${D1}&to=${D1}&extra=1`, 400, /extra/],
          [`${BASE}/resources/${UNKNOWN_RESOURCE}/calendar?from=${D1}&to=${D1}`, 404, /was not found/],
          [`${BASE}/resources/not-an-id/calendar?from=${D1}&to=${D1}`, 400, /id must be a Medusa id/],
        ]
        for (const [url, status, message] of cases) {
          const response = await get(url)
          expect({ url, status: response.status }).toEqual({ url, status })
          expect(response.data.message).toMatch(message)
        }
      })

      it("GET /cleanup-runs: the run history newest first, paginated, with count", async () => {
        for (let i = 0; i < 3; i++) {
          await post(`${BASE}/cleanup`, {})
        }
        const page = await get(`${BASE}/cleanup-runs?limit=2`)
        expect(page.status).toBe(200)
        expect(page.data).toMatchObject({ count: 3, limit: 2, offset: 0 })
        expect(page.data.runs).toHaveLength(2)
        expect(Object.keys(page.data.runs[0]).sort()).toEqual(
          ["capacity_restored", "duration_ms", "error", "expired_count", "failed_count", "finished_at", "holds_deleted", "id", "runner", "started_at", "status", "trigger"].sort()
        )
        expect(page.data.runs[0]).toMatchObject({ trigger: "manual", status: "succeeded", expired_count: 0, error: null })
        expect(page.data.runs[0].runner).toMatch(/^.+:\d+$/)
        const all = await get(`${BASE}/cleanup-runs`)
        const started = all.data.runs.map((run: any) => run.started_at)
        expect([...started].sort().reverse()).toEqual(started)
        expect(page.data.runs.map((run: any) => run.id)).toEqual(all.data.runs.slice(0, 2).map((run: any) => run.id))
        const rest = await get(`${BASE}/cleanup-runs?limit=2&offset=2`)
        expect(rest.data.runs.map((run: any) => run.id)).toEqual([all.data.runs[2].id])
        for (const [query, message] of [
          ["limit=0", /limit must be from 1 to 100/],
          ["offset=-1", /offset must be a whole number/],
          ["status=failed", /status/],
        ] as const) {
          const refused = await get(`${BASE}/cleanup-runs?${query}`)
          expect(refused.status).toBe(400)
          expect(refused.data.message).toMatch(message)
        }
      })

      it("GET /holds?order_id= lists the order's holds (the order page's widget)", async () => {
        const r = await resourceWithCapacity([D1], 10)
        const mine = await hold(r, 1)
        const other = await hold(r, 1)
        await hold(r, 1)
        await rawQuery(db, `UPDATE resource_hold SET order_id = ? WHERE id = ?`, ["order_01MINE", mine.id])
        await rawQuery(db, `UPDATE resource_hold SET order_id = ? WHERE id = ?`, ["order_01OTHER", other.id])
        const response = await get(`${BASE}/holds?order_id=order_01MINE`)
        expect(response.status).toBe(200)
        expect(response.data.count).toBe(1)
        expect(response.data.holds.map((h: any) => [h.id, h.order_id])).toEqual([[mine.id, "order_01MINE"]])
        const refused = await get(`${BASE}/holds?order_id=not%20an%20id`)
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/order_id must be a Medusa id/)
      })

      it("GET /resources?q= searches names case-insensitively; % and _ match themselves", async () => {
        const kayak = await service().createResources({ name: "Sunset Kayak" })
        const hike = await service().createResources({ name: "Morning hike" })
        const percent = await service().createResources({ name: "100% fun_day" })
        await post(`${BASE}/resources/${hike.id}`, { is_active: false })
        const names = async (query: string) =>
          (await get(`${BASE}/resources?${query}`)).data.resources.map((r: any) => r.id).sort()
        expect(await names("q=kayak")).toEqual([kayak.id])
        expect(await names("q=KAYAK")).toEqual([kayak.id])
        expect(await names("q=%25")).toEqual([percent.id])
        expect(await names("q=_")).toEqual([percent.id])
        expect(await names("q=n")).toEqual([kayak.id, hike.id, percent.id].sort())
        expect(await names("q=n&is_active=false")).toEqual([hike.id])
        expect(await names("q=nothing-like-this")).toEqual([])
        const counted = await get(`${BASE}/resources?q=kayak`)
        expect(counted.data.count).toBe(1)
        const long = await get(`${BASE}/resources?q=${"x".repeat(256)}`)
        expect(long.status).toBe(400)
        expect(long.data.message).toMatch(/'q' too big, expected at most: '255'/)
      })

      it("GET /variants/:id/availability: the resource a variant books and its next days; null when none", async () => {
        const { createProductsWorkflow } = await import("@medusajs/medusa/core-flows")
        const { result } = await createProductsWorkflow(getContainer()).run({
          input: {
            products: [
              {
                title: "Tour",
                options: [{ title: "Ticket", values: ["Adult", "Child"] }],
                variants: [
                  { title: "Adult", options: { Ticket: "Adult" }, manage_inventory: false, prices: [] },
                  { title: "Child", options: { Ticket: "Child" }, manage_inventory: false, prices: [] },
                ],
              },
            ],
          },
        })
        const [adult, child] = result[0].variants
        const today = new Date().toISOString().slice(0, 10)
        const r = await service().createResources({ name: "Tour departures" })
        await service().setCapacity({ resource_id: r.id, from: today, to: today, max_capacity: 6 })
        await hold(r.id, 2, today)
        await post(`${BASE}/resources/${r.id}/variants`, { add: [adult.id] })

        const linked = await get(`/admin/resource-booking/variants/${adult.id}/availability?days=3`)
        expect(linked.status).toBe(200)
        expect(linked.data.variant_id).toBe(adult.id)
        expect(linked.data.resource).toEqual({ id: r.id, name: "Tour departures", is_active: true })
        expect(linked.data.days).toHaveLength(3)
        expect(linked.data.days[0]).toMatchObject({ date: today, max_capacity: 6, available_capacity: 4, held: 2, state: "open" })
        expect(linked.data.days.slice(1).map((d: any) => d.state)).toEqual(["no_capacity", "no_capacity"])
        expect((await get(`/admin/resource-booking/variants/${adult.id}/availability`)).data.days).toHaveLength(14)

        expect((await get(`/admin/resource-booking/variants/${child.id}/availability`)).data).toEqual({
          variant_id: child.id,
          resource: null,
          days: [],
        })
        const unknown = await get(`/admin/resource-booking/variants/variant_01UNKNOWN0000000000000000/availability`)
        expect(unknown.status).toBe(404)
        for (const query of ["days=0", "days=93", "days=x"]) {
          const refused = await get(`/admin/resource-booking/variants/${adult.id}/availability?${query}`)
          expect(refused.status).toBe(400)
          expect(refused.data.message).toMatch(/days must/)
        }
      })
    })

    describe("hostile input never produces a 500", () => {
      it("malformed JSON and non-JSON bodies are 400", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const created = await hold(resourceId, 1)
        const before = await snapshot()
        const headers = { ...admin.headers, "content-type": "application/json" }
        const outcomes: string[] = []
        for (const url of [
          `${BASE}/cleanup`,
          `${BASE}/resources`,
          `${BASE}/resources/${resourceId}`,
          `${BASE}/resources/${resourceId}/capacity`,
          `${BASE}/holds/${created.id}/confirm`,
          `${BASE}/holds/${created.id}/extend`,
        ]) {
          for (const raw of ['{"name": "x"', "not json", "null", '"string"', "12"]) {
            const response = await expectStatus(api.post(url, raw, { headers }))
            outcomes.push(`${url} ${raw} → ${response.status}`)
          }
        }
        expect(outcomes.filter((o) => !o.endsWith("→ 400"))).toEqual([])
        expect(await snapshot()).toEqual(before)
        expect(await service().auditCapacity()).toEqual([])
      })

      it("a body over the size limit is refused with a 4xx, not a 500", async () => {
        const response = await post(`${BASE}/resources`, { name: "Big", description: "d".repeat(2_000_000) })
        expect(response.status).toBeGreaterThanOrEqual(400)
        expect(response.status).toBeLessThan(500)
        expect(await count("resource")).toBe(0)
      })

      it("a verb that cannot get its resource+date lock in time: 409 with the module's retry message; nothing changes", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const before = await snapshot()
        const response = await db.transaction(async (trx) => {
          await trx.raw(
            `SELECT pg_advisory_xact_lock(hashtextextended('resource_booking:capacity:' || ? || ':' || ?, 0))`,
            [resourceId, D1]
          )
          return await post(`${BASE}/resources/${resourceId}/capacity`, { from: D1, to: D1, max_capacity: 5 })
        })
        expect(await snapshot()).toEqual(before)
        expect(response.status).toBe(409)
        expect(response.data.message).toBe(
          `Capacity of resource ${resourceId} is busy with another booking operation; retry shortly`
        )
      })

      it("a query key nested more than two levels deep is a client error, not a 500", async () => {
        const outcomes: string[] = []
        for (const url of [
          `${BASE}/holds?a.b.c=1`,
          `${BASE}/resources?is_active.x.y=true`,
        ]) {
          const response = await get(url)
          outcomes.push(`${url} → ${response.status} ${JSON.stringify(response.data)}`)
        }
        expect(outcomes.filter((o) => !/ → 400 /.test(o))).toEqual([])
      })

      it("a malformed percent-encoding in the path is a client error, not a 500", async () => {
        const resourceId = await resourceWithCapacity([D1], 3)
        const before = await snapshot()
        const outcomes: string[] = []
        for (const [method, url] of [
          ["GET", `${BASE}/resources/res_%E0%A4%A`],
          ["DELETE", `${BASE}/resources/%`],
          ["POST", `${BASE}/holds/rhold_%ZZ/confirm`],
        ]) {
          const response =
            method === "GET" ? await get(url) : method === "DELETE" ? await del(url) : await post(url, {})
          outcomes.push(`${method} ${url} → ${response.status} ${JSON.stringify(response.data)}`)
        }
        expect(await snapshot()).toEqual(before)
        expect(resourceId).toBeTruthy()
        expect(outcomes.filter((o) => !/ → 400 /.test(o))).toEqual([])
      })
    })
  },
})
