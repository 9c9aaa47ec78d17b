import {
  backdate,
  bookingModuleSuite,
  capacityOf,
  query,
  resourceWithCapacity,
  statusOf,
} from "./harness"
import { dbState, expectRefused } from "./state"

/**
 * The generated CRUD of MedusaService stays for reading and for fields that move no units.
 * Every generic write that would move units (hold status, quantity, date, resource,
 * expires_at; capacity counters; creating, deleting or restoring rows; deleting a resource
 * under live holds) is refused with NOT_ALLOWED and changes nothing.
 */

const D = "2030-07-01"
const D2 = "2030-07-02"
const HOLD_VERBS = "createHold, confirmHold, releaseHold, extendHold, cleanupExpiredHolds"
const holdRowsRefused = (operation: string) =>
  `resource_hold rows cannot be ${operation} through generic CRUD: use the module's verbs (${HOLD_VERBS})`
const holdFieldsRefused = (fields: string) =>
  `resource_hold fields ${fields} move booked units and change only through the module's verbs (${HOLD_VERBS})`
const capacityRowsRefused = (operation: string) =>
  `resource_capacity rows cannot be ${operation} through generic CRUD: use the module's verbs (setCapacity)`
const capacityFieldsRefused = (fields: string) =>
  `resource_capacity fields ${fields} move booked units and change only through the module's verbs (setCapacity)`
const liveHolds = (resourceId: string, count: number) =>
  `Resource ${resourceId} has ${count} ACTIVE or CONFIRMED holds and cannot be deleted`
const RELEASE_FIRST = "; release or let them expire first"

describe("generic CRUD guard", () => {
  bookingModuleSuite((suite) => {
    const { service } = suite

    /** A resource with capacity 5 on D and D2 and one ACTIVE hold of 2 on D. */
    async function arrange() {
      const resourceId = await resourceWithCapacity(service, [D, D2], 5)
      const hold = await service.createHold({ resource_id: resourceId, date: D, quantity: 2, cart_id: "cart_01" })
      const [capacity] = await service.listResourceCapacities({ resource_id: resourceId, date: D } as any)
      return { resourceId, hold, capacity }
    }

    describe("resource_hold", () => {
      it("refuses generic create, delete, soft delete and restore, changing nothing", async () => {
        const { resourceId, hold } = await arrange()
        const before = await dbState(suite)
        const data = { resource_id: resourceId, date: D, quantity: 1, status: "CONFIRMED", expires_at: new Date() }

        await expectRefused(service.createResourceHolds(data as any), "not_allowed", holdRowsRefused("created"))
        await expectRefused(service.createResourceHolds([data] as any), "not_allowed", holdRowsRefused("created"))
        await expectRefused(service.deleteResourceHolds(hold.id), "not_allowed", holdRowsRefused("deleted"))
        await expectRefused(service.deleteResourceHolds([hold.id]), "not_allowed", holdRowsRefused("deleted"))
        await expectRefused(service.softDeleteResourceHolds([hold.id]), "not_allowed", holdRowsRefused("deleted"))
        await expectRefused(service.restoreResourceHolds([hold.id]), "not_allowed", holdRowsRefused("restored"))

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })

      it.each([
        ["status", { status: "RELEASED" }],
        ["quantity", { quantity: 1 }],
        ["expires_at", { expires_at: new Date("2099-01-01T00:00:00Z") }],
        ["date", { date: D2 }],
        ["resource_id", { resource_id: "res_01OTHER" }],
        ["deleted_at", { deleted_at: new Date() }],
      ])("refuses a generic update of %s in every payload form, changing nothing", async (field, change) => {
        const { hold } = await arrange()
        const before = await dbState(suite)

        await expectRefused(service.updateResourceHolds({ id: hold.id, ...change } as any), "not_allowed", holdFieldsRefused(field))
        await expectRefused(service.updateResourceHolds([{ id: hold.id, ...change }] as any), "not_allowed", holdFieldsRefused(field))
        await expectRefused(
          service.updateResourceHolds({ selector: { id: hold.id }, data: change } as any),
          "not_allowed",
          holdFieldsRefused(field)
        )
        // An editable field alongside does not smuggle the forbidden one through.
        await expectRefused(
          service.updateResourceHolds({ id: hold.id, metadata: { a: 1 }, ...change } as any),
          "not_allowed",
          holdFieldsRefused(field)
        )

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })

      it("names every forbidden field of one payload", async () => {
        const { hold } = await arrange()
        const before = await dbState(suite)

        await expectRefused(
          service.updateResourceHolds({ id: hold.id, status: "CONFIRMED", quantity: 5, cart_id: "cart_02" } as any),
          "not_allowed",
          holdFieldsRefused("status, quantity")
        )

        expect(await dbState(suite)).toEqual(before)
      })

      it("updates metadata, cart_id and customer_id, leaving every other column as it was", async () => {
        const { resourceId, hold } = await arrange()
        const [before] = (await dbState(suite)).holds

        const updated = await service.updateResourceHolds({ id: hold.id, metadata: { note: "gift" } })
        expect(updated).toMatchObject({ id: hold.id, metadata: { note: "gift" }, status: "ACTIVE", date: D, quantity: 2 })
        await service.updateResourceHolds([{ id: hold.id, cart_id: "cart_02" }])
        await service.updateResourceHolds({ selector: { id: hold.id }, data: { customer_id: "cus_01" } } as any)

        const [after] = (await dbState(suite)).holds
        expect(after).toEqual({
          ...before,
          metadata: { note: "gift" },
          cart_id: "cart_02",
          customer_id: "cus_01",
          updated_at: expect.any(String),
        })
        expect(await capacityOf(suite, resourceId, D)).toEqual({ max_capacity: 5, available_capacity: 3 })
        // The hold still works through the verbs afterwards.
        await service.confirmHold(hold.id)
        expect(await statusOf(suite, hold.id)).toBe("CONFIRMED")
        expect(await service.auditCapacity()).toEqual([])
      })
    })

    describe("resource_capacity", () => {
      it("refuses generic create, update of any field, delete, soft delete and restore, changing nothing", async () => {
        const { resourceId, capacity } = await arrange()
        const before = await dbState(suite)

        await expectRefused(
          service.createResourceCapacities({ resource_id: resourceId, date: "2030-07-03", max_capacity: 9, available_capacity: 9 } as any),
          "not_allowed",
          capacityRowsRefused("created")
        )
        for (const [field, change] of [
          ["max_capacity", { max_capacity: 9 }],
          ["available_capacity", { available_capacity: 5 }],
          ["date", { date: "2030-07-03" }],
          ["resource_id", { resource_id: "res_01OTHER" }],
        ] as const) {
          await expectRefused(
            service.updateResourceCapacities({ id: capacity.id, ...change } as any),
            "not_allowed",
            capacityFieldsRefused(field)
          )
          await expectRefused(
            service.updateResourceCapacities({ selector: { id: capacity.id }, data: change } as any),
            "not_allowed",
            capacityFieldsRefused(field)
          )
        }
        await expectRefused(
          service.updateResourceCapacities([{ id: capacity.id, max_capacity: 9, available_capacity: 7 }] as any),
          "not_allowed",
          capacityFieldsRefused("max_capacity, available_capacity")
        )
        await expectRefused(service.deleteResourceCapacities(capacity.id), "not_allowed", capacityRowsRefused("deleted"))
        await expectRefused(service.softDeleteResourceCapacities([capacity.id]), "not_allowed", capacityRowsRefused("deleted"))
        await expectRefused(service.restoreResourceCapacities([capacity.id]), "not_allowed", capacityRowsRefused("restored"))

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })

      it("keeps generated reads working", async () => {
        const { resourceId, capacity, hold } = await arrange()

        expect(await service.retrieveResourceCapacity(capacity.id)).toMatchObject({
          id: capacity.id,
          date: D,
          max_capacity: 5,
          available_capacity: 3,
        })
        const [rows, count] = await service.listAndCountResourceCapacities({ resource_id: resourceId })
        expect(count).toBe(2)
        expect(rows.map((r) => r.date).sort()).toEqual([D, D2])
        expect(await service.listResourceHolds({ cart_id: "cart_01" })).toEqual([
          expect.objectContaining({ id: hold.id, date: D, status: "ACTIVE" }),
        ])
      })
    })

    describe("resource", () => {
      it("creates and updates resources generically", async () => {
        const created = await service.createResources({ name: "Canoe", description: "Two seats" })
        expect(created).toMatchObject({ name: "Canoe", description: "Two seats", is_active: true })

        const updated = await service.updateResources({ id: created.id, name: "Canoe XL", is_active: false, metadata: { seats: 3 } })

        expect(updated).toMatchObject({ id: created.id, name: "Canoe XL", is_active: false, metadata: { seats: 3 } })
        expect(await service.listResources({ is_active: false })).toEqual([expect.objectContaining({ id: created.id })])
        expect(await service.auditCapacity()).toEqual([])
      })

      it("refuses deleteResources and softDeleteResources while ACTIVE or CONFIRMED holds exist, changing nothing", async () => {
        const { resourceId: withActive } = await arrange()
        const withConfirmed = await resourceWithCapacity(service, [D], 5)
        const confirmed = await service.createHold({ resource_id: withConfirmed, date: D, quantity: 1 })
        await service.confirmHold(confirmed.id)
        await service.createHold({ resource_id: withConfirmed, date: D, quantity: 1 })
        const withOverdue = await resourceWithCapacity(service, [D], 5)
        const overdue = await service.createHold({ resource_id: withOverdue, date: D, quantity: 1 })
        await backdate(suite, overdue.id, 5)
        const before = await dbState(suite)

        for (const remove of [
          (s: any) => service.deleteResources(s),
          (s: any) => service.softDeleteResources(s),
        ]) {
          await expectRefused(remove(withActive), "not_allowed", liveHolds(withActive, 1) + RELEASE_FIRST)
          await expectRefused(remove([withConfirmed]), "not_allowed", liveHolds(withConfirmed, 2) + RELEASE_FIRST)
          await expectRefused(remove({ id: withOverdue }), "not_allowed", liveHolds(withOverdue, 1) + RELEASE_FIRST)
          await expectRefused(
            remove([withActive, withConfirmed]),
            "not_allowed",
            `${liveHolds(withActive, 1)}; ${liveHolds(withConfirmed, 2)}${RELEASE_FIRST}`
          )
        }

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })

      it("soft-deletes a resource once its holds are released or expired; it then takes no holds", async () => {
        const { resourceId, hold } = await arrange()
        const other = await service.createHold({ resource_id: resourceId, date: D2, quantity: 1 })
        await service.releaseHold(hold.id)
        await backdate(suite, other.id, 5)
        await expect(service.confirmHold(other.id)).rejects.toMatchObject({ type: "not_allowed" })

        await service.softDeleteResources([resourceId])

        expect(await service.listResources({ id: resourceId })).toEqual([])
        await expectRefused(
          service.createHold({ resource_id: resourceId, date: D, quantity: 1 }),
          "not_found",
          `Resource with id: ${resourceId} was not found`
        )
        expect(await service.auditCapacity()).toEqual([])
      })

      it("hard-deletes a resource that never had capacity", async () => {
        const resource = await service.createResources({ name: "Spare" })

        await service.deleteResources(resource.id)

        expect(await query(suite, `SELECT id FROM resource WHERE id = ?`, [resource.id])).toEqual([])
      })

      // Contract: deleteResources is refused only while ACTIVE or CONFIRMED holds exist.
      it("keeps the history of a resource whose holds are all RELEASED: soft delete only", async () => {
        const { resourceId, hold } = await arrange()
        await service.releaseHold(hold.id)
        const before = await dbState(suite)

        await expectRefused(
          service.deleteResources(resourceId),
          "not_allowed",
          `Resources ${resourceId} have capacity or hold records and cannot be deleted permanently: ` +
            "soft-delete them (softDeleteResources) or set is_active to false"
        )
        expect(await dbState(suite)).toEqual(before)

        await service.softDeleteResources(resourceId)
        expect(await service.listResources({ id: resourceId })).toEqual([])
        await expect(
          service.createHold({ resource_id: resourceId, date: D, quantity: 1 })
        ).rejects.toMatchObject({ type: "not_found" })
        expect(await service.auditCapacity()).toEqual([])
      })

      it("hard-deletes a resource that never had capacity or holds", async () => {
        const resource = await service.createResources({ name: "Never sold" })
        await service.deleteResources(resource.id)
        expect(await query(suite, `SELECT id FROM resource WHERE id = ?`, [resource.id])).toEqual([])
      })

      // Medusa's delete/softDelete accept an array of selector objects: the guard must see them too.
      it.each([
        ["softDeleteResources", (s: any, id: string) => s.softDeleteResources([{ id }])],
        ["deleteResources", (s: any, id: string) => s.deleteResources([{ id }])],
      ])("refuses %s([{ id }]) while holds are live, changing nothing", async (_name, remove) => {
        const { resourceId } = await arrange()
        const before = await dbState(suite)

        await expectRefused(remove(service, resourceId), "not_allowed", liveHolds(resourceId, 1) + RELEASE_FIRST)

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })

      // Nested relation data is a generic write of capacity and hold rows in disguise.
      it("refuses createResources with nested capacities or holds, creating nothing", async () => {
        const before = await dbState(suite)

        await expect(
          service.createResources({
            name: "Smuggler",
            capacities: [{ date: D, max_capacity: 5, available_capacity: 5 }],
          } as any)
        ).rejects.toMatchObject({ type: "not_allowed" })
        await expect(
          service.createResources({
            name: "Smuggler",
            holds: [{ date: D, quantity: 1, status: "CONFIRMED", expires_at: new Date() }],
          } as any)
        ).rejects.toMatchObject({ type: "not_allowed" })

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })

      it("refuses updateResources with nested capacities or holds, changing nothing", async () => {
        const { resourceId } = await arrange()
        const before = await dbState(suite)

        await expect(
          service.updateResources({
            id: resourceId,
            capacities: [{ date: "2030-07-03", max_capacity: 9, available_capacity: 9 }],
          } as any)
        ).rejects.toMatchObject({ type: "not_allowed" })
        await expect(
          service.updateResources({
            id: resourceId,
            holds: [{ date: D2, quantity: 1, status: "CONFIRMED", expires_at: new Date() }],
          } as any)
        ).rejects.toMatchObject({ type: "not_allowed" })

        expect(await dbState(suite)).toEqual(before)
        expect(await service.auditCapacity()).toEqual([])
      })
    })
  })
})
