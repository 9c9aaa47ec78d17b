import { Modules } from "@medusajs/framework/utils"
import { backdate, bookingModuleSuite, capacityOf, query, resourceWithCapacity, statusOf } from "./harness"
import { captureEventBus } from "./event-capture"

const D = "2031-09-01"
const D2 = "2031-09-02"
const CART = "cart_01CHECKOUT"
const OTHER_CART = "cart_01OTHER"
const ORDER = "order_01PLACED"

const events = captureEventBus()

describe("checkout verbs and events", () => {
  bookingModuleSuite(
    (suite) => {
      const { service } = suite
      beforeEach(() => events.clear())

      const hold = (resource_id: string, quantity: number, cart_id = CART, date = D) =>
        service.createHold({ resource_id, date, quantity, cart_id })

      describe("secureCartHolds (cart completion)", () => {
        it("finds nothing missing when ACTIVE holds cover each requirement, and extends them by the margin", async () => {
          const resourceId = await resourceWithCapacity(service, [D], 5)
          const h = await hold(resourceId, 2)
          await query(suite, `UPDATE resource_hold SET expires_at = now() + interval '1 minute' WHERE id = ?`, [h.id])

          const problems = await service.secureCartHolds({
            cart_id: CART,
            requirements: [{ resource_id: resourceId, date: D, quantity: 1 }, { resource_id: resourceId, date: D, quantity: 1 }],
            margin_minutes: 10,
          })

          expect(problems).toEqual([])
          const [{ minutes }] = await query(
            suite,
            `SELECT round(extract(epoch FROM expires_at - now()) / 60)::int AS minutes FROM resource_hold WHERE id = ?`,
            [h.id]
          )
          expect(minutes).toBe(10)
        })

        it("reports an expired hold with when it expired, and a missing one, changing nothing", async () => {
          const resourceId = await resourceWithCapacity(service, [D, D2], 5)
          const h = await hold(resourceId, 2)
          await backdate(suite, h.id, 3)
          const [{ expires_at }] = await query(suite, `SELECT expires_at FROM resource_hold WHERE id = ?`, [h.id])

          const problems = await service.secureCartHolds({
            cart_id: CART,
            requirements: [
              { resource_id: resourceId, date: D, quantity: 2 },
              { resource_id: resourceId, date: D2, quantity: 1 },
            ],
            margin_minutes: 10,
          })

          expect(problems).toEqual([
            { resource_id: resourceId, date: D, end_date: D, start_time: null, missing_dates: [D], quantity: 2, held: 0, reason: "expired", expired_at: new Date(expires_at).toISOString() },
            { resource_id: resourceId, date: D2, end_date: D2, start_time: null, missing_dates: [D2], quantity: 1, held: 0, reason: "no_hold", expired_at: null },
          ])
          expect(await statusOf(suite, h.id)).toBe("ACTIVE")
          expect(await service.auditCapacity()).toEqual([])
        })

        it("does not count another cart's holds", async () => {
          const resourceId = await resourceWithCapacity(service, [D], 5)
          await hold(resourceId, 2, OTHER_CART)
          const problems = await service.secureCartHolds({
            cart_id: CART,
            requirements: [{ resource_id: resourceId, date: D, quantity: 1 }],
            margin_minutes: 10,
          })
          expect(problems).toEqual([
            { resource_id: resourceId, date: D, end_date: D, start_time: null, missing_dates: [D], quantity: 1, held: 0, reason: "no_hold", expired_at: null },
          ])
        })
      })

      describe("confirmCartHolds (order placed)", () => {
        it("confirms the cart's holds with the order id, releases holds no line needs, and is idempotent", async () => {
          const resourceId = await resourceWithCapacity(service, [D, D2], 5)
          const needed = await hold(resourceId, 2)
          const orphan = await hold(resourceId, 1, CART, D2)
          const requirements = [{ resource_id: resourceId, date: D, quantity: 2 }]

          const first = await service.confirmCartHolds({ cart_id: CART, order_id: ORDER, requirements })

          expect(first.confirmed.map((h) => [h.id, h.status, h.order_id])).toEqual([[needed.id, "CONFIRMED", ORDER]])
          expect(first.released.map((h) => h.id)).toEqual([orphan.id])
          expect(first.failed).toEqual([])
          expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 3 })
          expect(await capacityOf(suite, resourceId, D2)).toEqual({ max_capacity: 5, available_capacity: 5 })
          expect(events.named("resource_booking.hold.confirmed").map((e) => e.id)).toEqual([needed.id])
          expect(events.named("resource_booking.capacity.released")).toEqual([{ resource_id: resourceId, date: D2, start_time: null, quantity: 1 }])

          events.clear()
          const again = await service.confirmCartHolds({ cart_id: CART, order_id: ORDER, requirements })
          expect(again).toEqual({ confirmed: [], failed: [], released: [] })
          expect(events.emitted).toEqual([])
          expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 3 })
          expect(await service.auditCapacity()).toEqual([])
        })

        it("confirms an overdue ACTIVE hold: its units were never given back", async () => {
          const resourceId = await resourceWithCapacity(service, [D], 2)
          const h = await hold(resourceId, 2)
          await backdate(suite, h.id, 10)
          const outcome = await service.confirmCartHolds({
            cart_id: CART,
            order_id: ORDER,
            requirements: [{ resource_id: resourceId, date: D, quantity: 2 }],
          })
          expect(outcome.confirmed.map((x) => x.id)).toEqual([h.id])
          expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 2, available_capacity: 0 })
          expect(await service.auditCapacity()).toEqual([])
        })

        it("takes an EXPIRED hold's units again when they are still free", async () => {
          const resourceId = await resourceWithCapacity(service, [D], 3)
          const h = await hold(resourceId, 2)
          await backdate(suite, h.id, 10)
          await service.cleanupExpiredHolds()
          expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 3, available_capacity: 3 })

          const outcome = await service.confirmCartHolds({
            cart_id: CART,
            order_id: ORDER,
            requirements: [{ resource_id: resourceId, date: D, quantity: 2 }],
          })

          expect(outcome.confirmed.map((x) => [x.id, x.status, x.order_id])).toEqual([[h.id, "CONFIRMED", ORDER]])
          expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 3, available_capacity: 1 })
          expect(await service.auditCapacity()).toEqual([])
        })

        it("keeps the order but marks the hold when its units were sold meanwhile, and never oversells", async () => {
          const resourceId = await resourceWithCapacity(service, [D], 2)
          const h = await hold(resourceId, 2)
          await backdate(suite, h.id, 10)
          await service.cleanupExpiredHolds()
          await hold(resourceId, 2, OTHER_CART)
          events.clear()

          const outcome = await service.confirmCartHolds({
            cart_id: CART,
            order_id: ORDER,
            requirements: [{ resource_id: resourceId, date: D, quantity: 2 }],
          })

          expect(outcome.confirmed).toEqual([])
          expect(outcome.failed).toHaveLength(1)
          expect(outcome.failed[0]).toMatchObject({ id: h.id, status: "EXPIRED", order_id: ORDER })
          expect(outcome.failed[0].confirmation_error).toContain(
            `could not be taken again for order ${ORDER}: 2031-09-01 available 0`
          )
          expect(events.named("resource_booking.hold.confirmation_failed")).toEqual([
            expect.objectContaining({ id: h.id, order_id: ORDER, quantity: 2 }),
          ])
          expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 2, available_capacity: 0 })
          const [failedHolds] = await service.listHolds({ cart_id: CART, status: "EXPIRED" as any })
          expect(failedHolds[0].confirmation_error).not.toBeNull()

          // A redelivered order.placed does not report the same failure twice.
          events.clear()
          await service.confirmCartHolds({
            cart_id: CART,
            order_id: ORDER,
            requirements: [{ resource_id: resourceId, date: D, quantity: 2 }],
          })
          expect(events.named("resource_booking.hold.confirmation_failed")).toEqual([])
          expect(await service.auditCapacity()).toEqual([])
        })
      })

      describe("releaseOrderHolds (order canceled)", () => {
        it("releases the order's confirmed holds once and restores capacity", async () => {
          const resourceId = await resourceWithCapacity(service, [D], 4)
          const h = await hold(resourceId, 3)
          await service.confirmCartHolds({
            cart_id: CART,
            order_id: ORDER,
            requirements: [{ resource_id: resourceId, date: D, quantity: 3 }],
          })
          events.clear()

          const released = await service.releaseOrderHolds({ order_id: ORDER })

          expect(released.map((x) => [x.id, x.status])).toEqual([[h.id, "RELEASED"]])
          expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 4, available_capacity: 4 })
          expect(events.named("resource_booking.hold.released").map((e) => e.id)).toEqual([h.id])
          expect(await service.releaseOrderHolds({ order_id: ORDER })).toEqual([])
          expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 4, available_capacity: 4 })
          expect(await service.auditCapacity()).toEqual([])
        })
      })

      describe("reconcileCartHolds (cart updated)", () => {
        it("attaches holds to their lines, leaves unattached ones, and releases a hold whose line was removed", async () => {
          const resourceId = await resourceWithCapacity(service, [D, D2], 5)
          const withLine = await hold(resourceId, 1)
          const beforeLine = await hold(resourceId, 1, CART, D2)

          await service.reconcileCartHolds({
            cart_id: CART,
            lines: [{ line_item_id: "cali_1", resource_id: resourceId, date: D }],
          })
          const [{ line_item_id }] = await query(suite, `SELECT line_item_id FROM resource_hold WHERE id = ?`, [withLine.id])
          expect(line_item_id).toBe("cali_1")
          expect(await statusOf(suite, beforeLine.id)).toBe("ACTIVE")

          const released = await service.reconcileCartHolds({ cart_id: CART, lines: [] })

          expect(released.map((x) => x.id)).toEqual([withLine.id])
          expect(await statusOf(suite, withLine.id)).toBe("RELEASED")
          expect(await statusOf(suite, beforeLine.id)).toBe("ACTIVE")
          expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 5 })
          expect(await service.auditCapacity()).toEqual([])
        })
      })

      describe("compensation helpers", () => {
        it("reinstates a released hold only while its units are free", async () => {
          const resourceId = await resourceWithCapacity(service, [D], 2)
          const h = await hold(resourceId, 2)
          await service.releaseHold(h.id)
          expect(await service.reinstateHold(h.id, "ACTIVE" as any)).toBe(true)
          expect(await statusOf(suite, h.id)).toBe("ACTIVE")
          expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 2, available_capacity: 0 })

          await service.releaseHold(h.id)
          await hold(resourceId, 2, OTHER_CART)
          expect(await service.reinstateHold(h.id, "ACTIVE" as any)).toBe(false)
          expect(await statusOf(suite, h.id)).toBe("RELEASED")
          expect(await service.auditCapacity()).toEqual([])
        })

        it("restores an extended expiry and undoes a confirmation without moving units", async () => {
          const resourceId = await resourceWithCapacity(service, [D], 2)
          const h = await hold(resourceId, 1)
          await service.extendHold(h.id, 60)
          await service.restoreHoldExpiry(h.id, h.expires_at)
          const [{ expires_at }] = await query(suite, `SELECT expires_at FROM resource_hold WHERE id = ?`, [h.id])
          expect(new Date(expires_at).getTime()).toBe(h.expires_at.getTime())

          await service.confirmCartHolds({ cart_id: CART, order_id: ORDER, requirements: [{ resource_id: resourceId, date: D, quantity: 1 }] })
          await service.unconfirmHolds([h.id])
          expect(await statusOf(suite, h.id)).toBe("ACTIVE")
          expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 2, available_capacity: 1 })
          expect(await service.auditCapacity()).toEqual([])
        })
      })

      describe("events", () => {
        it("emits created, extended, confirmed, released and capacity.released with ids, resource, date, quantity", async () => {
          const resourceId = await resourceWithCapacity(service, [D], 5)
          events.clear()
          const a = await hold(resourceId, 2)
          await service.extendHold(a.id, 40)
          await service.confirmHold(a.id)
          await service.releaseHold(a.id)

          expect(events.emitted.map((e) => e.name)).toEqual([
            "resource_booking.hold.created",
            "resource_booking.hold.extended",
            "resource_booking.hold.confirmed",
            "resource_booking.hold.released",
            "resource_booking.capacity.released",
          ])
          expect(events.emitted[0].data).toMatchObject({ id: a.id, resource_id: resourceId, date: D, quantity: 2, cart_id: CART })
          expect(events.emitted[4].data).toEqual({ resource_id: resourceId, date: D, start_time: null, quantity: 2 })
        })

        it("emits one expired event per hold and one capacity.released per date from the cleanup, in bulk", async () => {
          const resourceId = await resourceWithCapacity(service, [D, D2], 50)
          const holds = []
          for (let i = 0; i < 6; i++) {
            holds.push(await hold(resourceId, 1, CART, i % 2 ? D2 : D))
          }
          for (const h of holds) {
            await backdate(suite, h.id, 5)
          }
          events.clear()

          await service.cleanupExpiredHolds()

          expect(events.named("resource_booking.hold.expired").map((e) => e.id).sort()).toEqual(holds.map((h) => h.id).sort())
          expect(events.named("resource_booking.capacity.released").sort((x, y) => x.date.localeCompare(y.date))).toEqual([
            { resource_id: resourceId, date: D, start_time: null, quantity: 3 },
            { resource_id: resourceId, date: D2, start_time: null, quantity: 3 },
          ])
        })

        it("still emits the expiry when confirmHold refuses an overdue hold", async () => {
          const resourceId = await resourceWithCapacity(service, [D], 5)
          const h = await hold(resourceId, 1)
          await backdate(suite, h.id, 5)
          events.clear()

          await expect(service.confirmHold(h.id)).rejects.toMatchObject({ type: "not_allowed" })

          expect(events.emitted.map((e) => e.name)).toEqual([
            "resource_booking.hold.expired",
            "resource_booking.capacity.released",
          ])
          expect(events.named("resource_booking.hold.expired")[0]).toMatchObject({ id: h.id })
        })
      })
    },
    {},
    { [Modules.EVENT_BUS]: events.bus }
  )
})
