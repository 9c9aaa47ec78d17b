import ResourceBookingModuleService from "../../../src/modules/resource_booking/service"
import {
  backdate,
  bookingModuleSuite,
  capacityOf,
  query,
  resourceWithCapacity,
  statusOf,
  Suite,
} from "./harness"
import {
  ageHold,
  dbState,
  expectRefused,
  holdState,
  UNKNOWN_HOLD,
  UNKNOWN_RESOURCE,
} from "./state"

/**
 * createHold, confirmHold, releaseHold and extendHold against real Postgres: every
 * transition, every refusal with its exact message, and proof that a refused call changed
 * nothing (whole-table snapshots before and after) except the expiries the contract keeps.
 */

const D = "2030-06-01"
const D2 = "2030-06-02"
const MINUTE = 60_000

const ID_MESSAGE = (field: string, got: string) => `${field} must be a Medusa id (prefix_ULID), got ${got}`

async function hold(
  service: ResourceBookingModuleService,
  resourceId: string,
  quantity: number,
  date = D
): Promise<string> {
  return (await service.createHold({ resource_id: resourceId, date, quantity })).id
}

/** The hold is ACTIVE and past its TTL: overdue, not yet expired by anyone. */
async function overdueHold(
  suite: Suite,
  resourceId: string,
  quantity: number,
  date = D
): Promise<string> {
  const id = await hold(suite.service, resourceId, quantity, date)
  await backdate(suite, id, 5)
  return id
}

describe("hold lifecycle", () => {
  bookingModuleSuite((suite) => {
    const { service } = suite

    describe("createHold", () => {
      it("takes the units and returns an ACTIVE hold expiring after the default 30-minute TTL", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)

        const created = await service.createHold({
          resource_id: resourceId,
          date: D,
          quantity: 2,
          cart_id: "cart_01ABC",
          customer_id: "cus_01ABC",
          metadata: { source: "storefront" },
        })

        expect(created).toEqual({
          id: expect.stringMatching(/^rhold_/),
          resource_id: resourceId,
          date: D,
          end_date: D,
          days: 1,
          occupied_to: D,
          start_time: null,
          quantity: 2,
          status: "ACTIVE",
          expires_at: expect.any(Date),
          cart_id: "cart_01ABC",
          customer_id: "cus_01ABC",
          order_id: null,
          line_item_id: null,
          confirmation_error: null,
          confirmed_at: null,
          released_at: null,
          expired_at: null,
          metadata: { source: "storefront" },
          created_at: expect.any(Date),
          updated_at: expect.any(Date),
        })
        expect(created.expires_at.getTime() - created.created_at.getTime()).toBe(30 * MINUTE)
        const stored = await holdState(suite, created.id)
        expect(stored).toMatchObject({ status: "ACTIVE", quantity: 2, date: D, ttl_seconds: 30 * 60, overdue: false })
        expect(created.expires_at.toISOString()).toBe(stored.expires_at)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 3 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("honours ttl_minutes from 1 up to the maximum lifetime, and refuses more", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)

        const short = await service.createHold({ resource_id: resourceId, date: D, quantity: 1, ttl_minutes: 1 })
        const long = await service.createHold({ resource_id: resourceId, date: D, quantity: 1, ttl_minutes: 120 })

        expect((await holdState(suite, short.id)).ttl_seconds).toBe(60)
        expect((await holdState(suite, long.id)).ttl_seconds).toBe(120 * 60)
        const before = await dbState(suite)
        await expectRefused(
          service.createHold({ resource_id: resourceId, date: D, quantity: 1, ttl_minutes: 121 }),
          "invalid_data",
          "ttl_minutes must be a whole number from 1 to 120, got 121"
        )
        expect(await dbState(suite)).toEqual(before)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 3 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("sells the last unit, then refuses the next one with the exact message and changes nothing", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 3)
        await hold(service, resourceId, 2)
        await hold(service, resourceId, 1)
        const before = await dbState(suite)

        const refused = service.createHold({ resource_id: resourceId, date: D, quantity: 1 })

        await expectRefused(
          refused,
          "not_allowed",
          `Insufficient capacity for "Sunset tour" on ${D} (0 of 1 available)`
        )
        expect(await dbState(suite)).toEqual(before)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 3, available_capacity: 0 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("refuses a request larger than what is left, naming what is available", async () => {
        const resourceId = await resourceWithCapacity(service, [D, D2], 5)
        await hold(service, resourceId, 2)
        const confirmed = await hold(service, resourceId, 1)
        await service.confirmHold(confirmed)
        const before = await dbState(suite)

        await expectRefused(
          service.createHold({ resource_id: resourceId, date: D, quantity: 3 }),
          "not_allowed",
          `Insufficient capacity for "Sunset tour" on ${D} (2 of 3 available)`
        )

        expect(await dbState(suite)).toEqual(before)
        // The other date is untouched and still sells its full capacity.
        await hold(service, resourceId, 5, D2)
        expect(await capacityOf(suite, resourceId, D2)).toEqual({ max_capacity: 5, available_capacity: 0 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("leaves overdue holds alone while enough units remain", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const overdue = await overdueHold(suite, resourceId, 2)

        await hold(service, resourceId, 3)

        expect(await statusOf(suite, overdue)).toBe("ACTIVE")
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 0 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("when short, expires only that resource+date's overdue holds and sells the reclaimed units", async () => {
        const resourceId = await resourceWithCapacity(service, [D, D2], 3)
        const otherResource = await resourceWithCapacity(service, [D], 3)
        const overdue = await overdueHold(suite, resourceId, 2)
        const overdueOtherDate = await overdueHold(suite, resourceId, 1, D2)
        const overdueOtherResource = await overdueHold(suite, otherResource, 1)
        const live = await hold(service, resourceId, 1)

        const created = await service.createHold({ resource_id: resourceId, date: D, quantity: 2 })

        expect(created.status).toBe("ACTIVE")
        const expired = await holdState(suite, overdue)
        expect(expired.status).toBe("EXPIRED")
        expect(expired.expired_at).not.toBeNull()
        expect(await statusOf(suite, live)).toBe("ACTIVE")
        expect(await statusOf(suite, overdueOtherDate)).toBe("ACTIVE")
        expect(await statusOf(suite, overdueOtherResource)).toBe("ACTIVE")
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 3, available_capacity: 0 })
        expect(await capacityOf(suite, resourceId, D2)).toEqual({ max_capacity: 3, available_capacity: 2 })
        expect(await capacityOf(suite, otherResource, D)).toEqual({ max_capacity: 3, available_capacity: 2 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("keeps the reclaim of overdue holds even when the hold is then refused", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 4)
        const overdueA = await overdueHold(suite, resourceId, 2)
        const overdueB = await overdueHold(suite, resourceId, 1)
        const confirmed = await hold(service, resourceId, 1)
        await service.confirmHold(confirmed)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 4, available_capacity: 0 })

        await expectRefused(
          service.createHold({ resource_id: resourceId, date: D, quantity: 4 }),
          "not_allowed",
          `Insufficient capacity for "Sunset tour" on ${D} (3 of 4 available)`
        )

        expect(await statusOf(suite, overdueA)).toBe("EXPIRED")
        expect(await statusOf(suite, overdueB)).toBe("EXPIRED")
        expect(await statusOf(suite, confirmed)).toBe("CONFIRMED")
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 4, available_capacity: 3 })
        const holds = await query(suite, `SELECT id FROM resource_hold ORDER BY id`)
        expect(holds).toHaveLength(3)
        expect(await service.auditCapacity()).toEqual([])
      })

      it("refuses a date without capacity, an unknown resource and an inactive one", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const inactive = await resourceWithCapacity(service, [D], 5)
        await service.updateResources({ id: inactive, is_active: false })
        const before = await dbState(suite)

        await expectRefused(
          service.createHold({ resource_id: resourceId, date: D2, quantity: 1 }),
          "not_allowed",
          `Resource ${resourceId} has no capacity on ${D2}`
        )
        await expectRefused(
          service.createHold({ resource_id: UNKNOWN_RESOURCE, date: D, quantity: 1 }),
          "not_found",
          `Resource with id: ${UNKNOWN_RESOURCE} was not found`
        )
        await expectRefused(
          service.createHold({ resource_id: inactive, date: D, quantity: 1 }),
          "not_allowed",
          `Resource ${inactive} is not active and cannot be booked`
        )

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })

      it("refuses bad input naming the field, before touching anything", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        await hold(service, resourceId, 1)
        const valid = { resource_id: resourceId, date: D, quantity: 1 }
        const cases: [Record<string, unknown>, string][] = [
          [{ resource_id: "x" }, ID_MESSAGE("resource_id", `"x"`)],
          [{ resource_id: "res_01AB\u0000CD" }, ID_MESSAGE("resource_id", `"res_01AB\\u0000CD"`)],
          [{ resource_id: undefined }, ID_MESSAGE("resource_id", "undefined")],
          [{ resource_id: 42 }, ID_MESSAGE("resource_id", "42")],
          [{ date: "2026-02-30" }, `date must be a calendar date YYYY-MM-DD, got "2026-02-30"`],
          [{ date: "2026-2-1" }, `date must be a calendar date YYYY-MM-DD, got "2026-2-1"`],
          [{ date: "2030-06-01T00:00:00Z" }, `date must be a calendar date YYYY-MM-DD, got "2030-06-01T00:00:00Z"`],
          [{ date: undefined }, "The booking's dates are missing: give one of date; from and to; check_in and check_out"],
          [{ quantity: 0 }, "quantity must be a whole number from 1 to 10000, got 0"],
          [{ quantity: -1 }, "quantity must be a whole number from 1 to 10000, got -1"],
          [{ quantity: 1.5 }, "quantity must be a whole number from 1 to 10000, got 1.5"],
          [{ quantity: "2" }, `quantity must be a whole number from 1 to 10000, got "2"`],
          [{ quantity: 10_001 }, "quantity must be a whole number from 1 to 10000, got 10001"],
          [{ quantity: undefined }, "quantity must be a whole number from 1 to 10000, got undefined"],
          [{ ttl_minutes: 0 }, "ttl_minutes must be a whole number from 1 to 120, got 0"],
          [{ ttl_minutes: 2.5 }, "ttl_minutes must be a whole number from 1 to 120, got 2.5"],
          [{ cart_id: "" }, `cart_id must be a non-empty string of at most 255 characters, got ""`],
          [{ cart_id: "cart_\u0000" }, `cart_id must be a non-empty string of at most 255 characters, got "cart_\\u0000"`],
          [{ customer_id: 7 }, "customer_id must be a non-empty string of at most 255 characters, got 7"],
          [{ metadata: ["a"] }, `metadata must be an object, got ["a"]`],
        ]
        const before = await dbState(suite)

        for (const [override, message] of cases) {
          await expectRefused(service.createHold({ ...valid, ...override } as any), "invalid_data", message)
        }
        await expectRefused(service.createHold(undefined as any), "invalid_data", ID_MESSAGE("resource_id", "undefined"))

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })
    })

    describe("confirmHold", () => {
      it("confirms an ACTIVE hold: CONFIRMED, confirmed_at set, units stay taken", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await hold(service, resourceId, 2)

        const confirmed = await service.confirmHold(id)

        expect(confirmed).toMatchObject({ id, status: "CONFIRMED", quantity: 2, date: D, released_at: null, expired_at: null })
        expect(confirmed.confirmed_at).toBeInstanceOf(Date)
        const stored = await holdState(suite, id)
        expect(stored.status).toBe("CONFIRMED")
        expect(stored.confirmed_at).toBe(confirmed.confirmed_at!.toISOString())
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 3 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("is idempotent on a CONFIRMED hold, even one past its expires_at", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await hold(service, resourceId, 2)
        const first = await service.confirmHold(id)
        await backdate(suite, id, 10)
        const before = await dbState(suite)

        const second = await service.confirmHold(id)

        expect(second.status).toBe("CONFIRMED")
        expect(second.confirmed_at).toEqual(first.confirmed_at)
        expect(await dbState(suite)).toEqual(before)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 3 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("expires an overdue ACTIVE hold (kept), restores its units and refuses naming expires_at", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await overdueHold(suite, resourceId, 2)
        const other = await overdueHold(suite, resourceId, 1)
        const { expires_at } = await holdState(suite, id)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 2 })

        await expectRefused(service.confirmHold(id), "not_allowed", `Hold ${id} expired at ${expires_at}`)

        const stored = await holdState(suite, id)
        expect(stored).toMatchObject({ status: "EXPIRED", expires_at, confirmed_at: null, released_at: null })
        expect(stored.expired_at).not.toBeNull()
        // Only this hold expired; the other overdue hold of the same date is left to cleanup.
        expect(await statusOf(suite, other)).toBe("ACTIVE")
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 4 })
        expect(await service.auditCapacity()).toEqual([])

        // Once EXPIRED it stays refused, and nothing moves any more.
        const before = await dbState(suite)
        await expectRefused(service.confirmHold(id), "not_allowed", `Hold ${id} is EXPIRED and cannot be confirmed`)
        expect(await dbState(suite)).toEqual(before)
      })

      it("refuses a RELEASED hold and changes nothing", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await hold(service, resourceId, 2)
        await service.releaseHold(id)
        const before = await dbState(suite)

        await expectRefused(service.confirmHold(id), "not_allowed", `Hold ${id} is RELEASED and cannot be confirmed`)

        expect(await dbState(suite)).toEqual(before)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 5 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("refuses a malformed or unknown id", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        await hold(service, resourceId, 1)
        const before = await dbState(suite)

        await expectRefused(service.confirmHold("x"), "invalid_data", ID_MESSAGE("id", `"x"`))
        await expectRefused(service.confirmHold("rhold_01\u0000"), "invalid_data", ID_MESSAGE("id", `"rhold_01\\u0000"`))
        await expectRefused(service.confirmHold(undefined as any), "invalid_data", ID_MESSAGE("id", "undefined"))
        await expectRefused(service.confirmHold(UNKNOWN_HOLD), "not_found", `ResourceHold with id: ${UNKNOWN_HOLD} was not found`)

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })
    })

    describe("releaseHold", () => {
      it("releases an ACTIVE hold and gives its units back", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await hold(service, resourceId, 2)
        await hold(service, resourceId, 1)

        const released = await service.releaseHold(id)

        expect(released).toMatchObject({ id, status: "RELEASED", confirmed_at: null, expired_at: null })
        expect(released.released_at).toBeInstanceOf(Date)
        expect((await holdState(suite, id)).released_at).toBe(released.released_at!.toISOString())
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 4 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("releases a CONFIRMED hold and gives its units back", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await hold(service, resourceId, 3)
        await service.confirmHold(id)

        const released = await service.releaseHold(id)

        expect(released.status).toBe("RELEASED")
        expect(released.confirmed_at).toBeInstanceOf(Date)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 5 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("releases an overdue ACTIVE hold (RELEASED, not EXPIRED) and restores its units once", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await overdueHold(suite, resourceId, 2)

        const released = await service.releaseHold(id)

        expect(released).toMatchObject({ status: "RELEASED", expired_at: null })
        expect(await statusOf(suite, id)).toBe("RELEASED")
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 5 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("is idempotent on a RELEASED hold: same result, nothing restored twice", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await hold(service, resourceId, 2)
        await hold(service, resourceId, 1)
        const first = await service.releaseHold(id)
        const before = await dbState(suite)

        const second = await service.releaseHold(id)

        expect(second).toEqual(first)
        expect(await dbState(suite)).toEqual(before)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 4 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("leaves an EXPIRED hold unchanged and does not restore its units a second time", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await overdueHold(suite, resourceId, 2)
        await hold(service, resourceId, 1)
        await expect(service.confirmHold(id)).rejects.toMatchObject({ type: "not_allowed" })
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 4 })
        const before = await dbState(suite)

        const result = await service.releaseHold(id)

        expect(result).toMatchObject({ id, status: "EXPIRED", released_at: null })
        expect(await dbState(suite)).toEqual(before)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 4 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("refuses a malformed or unknown id", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        await hold(service, resourceId, 1)
        const before = await dbState(suite)

        await expectRefused(service.releaseHold("x"), "invalid_data", ID_MESSAGE("id", `"x"`))
        await expectRefused(service.releaseHold("rhold_\u0000"), "invalid_data", ID_MESSAGE("id", `"rhold_\\u0000"`))
        await expectRefused(service.releaseHold(UNKNOWN_HOLD), "not_found", `ResourceHold with id: ${UNKNOWN_HOLD} was not found`)

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })
    })

    describe("extendHold", () => {
      it("sets expires_at to now + minutes on an ACTIVE hold, units untouched", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await hold(service, resourceId, 2)

        const extended = await service.extendHold(id, 45)

        expect(extended).toMatchObject({ id, status: "ACTIVE", quantity: 2 })
        expect(extended.expires_at.getTime() - extended.updated_at.getTime()).toBe(45 * MINUTE)
        const stored = await holdState(suite, id)
        expect(stored.granted_seconds).toBe(45 * 60)
        expect(stored.expires_at).toBe(extended.expires_at.toISOString())
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 3 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("extends up to the maximum lifetime (created_at + 120 min) and refuses beyond it, changing nothing", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await hold(service, resourceId, 2)
        await ageHold(suite, id, 100) // 20 minutes of lifetime left

        const extended = await service.extendHold(id, 15)
        expect((await holdState(suite, id)).granted_seconds).toBe(15 * 60)
        expect(extended.status).toBe("ACTIVE")

        const { created_at } = await holdState(suite, id)
        const limit = new Date(new Date(created_at).getTime() + 120 * MINUTE).toISOString()
        const before = await dbState(suite)
        await expectRefused(
          service.extendHold(id, 30),
          "not_allowed",
          `Hold ${id} cannot be extended by 30 minutes: its maximum lifetime of 120 minutes ends at ${limit}`
        )
        expect(await dbState(suite)).toEqual(before)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 3 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("expires an overdue hold (kept) and refuses naming its expires_at", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await overdueHold(suite, resourceId, 3)
        const { expires_at } = await holdState(suite, id)

        await expectRefused(service.extendHold(id, 10), "not_allowed", `Hold ${id} expired at ${expires_at}`)

        const stored = await holdState(suite, id)
        expect(stored).toMatchObject({ status: "EXPIRED", expires_at })
        expect(stored.expired_at).not.toBeNull()
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 5 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("refuses CONFIRMED, RELEASED and EXPIRED holds and changes nothing", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 10)
        const confirmed = await hold(service, resourceId, 1)
        await service.confirmHold(confirmed)
        const released = await hold(service, resourceId, 1)
        await service.releaseHold(released)
        const expired = await overdueHold(suite, resourceId, 1)
        await expect(service.confirmHold(expired)).rejects.toMatchObject({ type: "not_allowed" })
        const before = await dbState(suite)

        await expectRefused(service.extendHold(confirmed, 10), "not_allowed", `Hold ${confirmed} is CONFIRMED and cannot be extended`)
        await expectRefused(service.extendHold(released, 10), "not_allowed", `Hold ${released} is RELEASED and cannot be extended`)
        await expectRefused(service.extendHold(expired, 10), "not_allowed", `Hold ${expired} is EXPIRED and cannot be extended`)

        expect(await dbState(suite)).toEqual(before)
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 10, available_capacity: 9 })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("refuses bad minutes and bad ids before touching anything", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await hold(service, resourceId, 1)
        const before = await dbState(suite)
        const minutes: [unknown, string][] = [
          [0, "0"],
          [-5, "-5"],
          [1.5, "1.5"],
          ["10", `"10"`],
          [121, "121"],
          [undefined, "undefined"],
        ]

        for (const [value, shown] of minutes) {
          await expectRefused(
            service.extendHold(id, value as number),
            "invalid_data",
            `minutes must be a whole number from 1 to 120, got ${shown}`
          )
        }
        await expectRefused(service.extendHold("x", 10), "invalid_data", ID_MESSAGE("id", `"x"`))
        await expectRefused(service.extendHold(UNKNOWN_HOLD, 10), "not_found", `ResourceHold with id: ${UNKNOWN_HOLD} was not found`)

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })
    })

    it("walks one hold through every state while the counters follow", async () => {
      const resourceId = await resourceWithCapacity(service, [D], 4)
      const a = await hold(service, resourceId, 2)
      const b = await hold(service, resourceId, 2)
      expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 4, available_capacity: 0 })

      await service.extendHold(a, 60)
      await service.confirmHold(a)
      await backdate(suite, b, 1)
      // b is overdue: a new checkout reclaims it.
      const c = await hold(service, resourceId, 2)
      expect(await statusOf(suite, b)).toBe("EXPIRED")
      await service.releaseHold(a)
      await service.releaseHold(c)

      expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 4, available_capacity: 4 })
      expect(await service.auditCapacity()).toEqual([])
    })
  })
})

describe("hold lifecycle with options holdTtlMinutes 10 and holdMaxLifetimeMinutes 25", () => {
  bookingModuleSuite(
    (suite) => {
      const { service } = suite

      it("uses the configured TTL and lifetime in holds, limits and messages", async () => {
        const resourceId = await resourceWithCapacity(service, [D], 5)
        const id = await hold(service, resourceId, 1)
        expect((await holdState(suite, id)).ttl_seconds).toBe(10 * 60)

        await service.extendHold(id, 20)
        await ageHold(suite, id, 10)
        const { created_at } = await holdState(suite, id)
        const limit = new Date(new Date(created_at).getTime() + 25 * MINUTE).toISOString()
        const before = await dbState(suite)

        await expectRefused(
          service.extendHold(id, 20),
          "not_allowed",
          `Hold ${id} cannot be extended by 20 minutes: its maximum lifetime of 25 minutes ends at ${limit}`
        )
        await expectRefused(service.extendHold(id, 26), "invalid_data", "minutes must be a whole number from 1 to 25, got 26")
        await expectRefused(
          service.createHold({ resource_id: resourceId, date: D, quantity: 1, ttl_minutes: 26 }),
          "invalid_data",
          "ttl_minutes must be a whole number from 1 to 25, got 26"
        )
        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })
    },
    { holdTtlMinutes: 10, holdMaxLifetimeMinutes: 25 }
  )
})
