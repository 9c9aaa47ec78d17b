import { bookingModuleSuite, capacityOf, query, resourceWithCapacity } from "./harness"

const DATE = "2031-09-01"

/**
 * The module's locking is correct at READ COMMITTED: after taking a date's lock it re-reads
 * what the previous holder committed. These tests show that the isolation level of a
 * caller cannot change that: the module's own transactions are pinned to READ COMMITTED,
 * and a caller's REPEATABLE READ or SERIALIZABLE transaction is refused before any write.
 */
describe("isolation level", () => {
  bookingModuleSuite((suite) => {
    const { service } = suite

    it.each(["repeatable read", "serializable"])(
      "refuses to move units inside a caller's %s transaction, changing nothing",
      async (level) => {
        const resourceId = await resourceWithCapacity(service, [DATE], 3)
        let refused: { type?: string; message?: string } = {}
        await suite.MikroOrmWrapper.forkManager().transactional(
          async (em) => {
            try {
              await service.createHold({ resource_id: resourceId, date: DATE, quantity: 1 }, { transactionManager: em })
            } catch (error: any) {
              refused = { type: error.type, message: error.message }
            }
          },
          { isolationLevel: level as any }
        )
        expect(refused).toEqual({
          type: "not_allowed",
          message:
            "resource_booking moves units only in READ COMMITTED transactions (its locks rely on re-reading what the previous " +
            `lock holder committed); the caller's transaction runs at ${level.toUpperCase()}. Call it outside that transaction, ` +
            "or open the transaction at READ COMMITTED.",
        })
        expect(await query(suite, `SELECT id FROM resource_hold`)).toEqual([])
        expect(await capacityOf(suite, resourceId, DATE)).toEqual({ max_capacity: 3, available_capacity: 3 })
      }
    )

    it("joins a caller's READ COMMITTED transaction, whose rollback undoes the hold", async () => {
      const resourceId = await resourceWithCapacity(service, [DATE], 3)
      await suite.MikroOrmWrapper.forkManager()
        .transactional(
          async (em) => {
            await service.createHold({ resource_id: resourceId, date: DATE, quantity: 2 }, { transactionManager: em })
            throw new Error("caller rolls back")
          },
          { isolationLevel: "read committed" as any }
        )
        .catch((error: Error) => expect(error.message).toBe("caller rolls back"))
      expect(await query(suite, `SELECT id FROM resource_hold`)).toEqual([])
      expect(await capacityOf(suite, resourceId, DATE)).toEqual({ max_capacity: 3, available_capacity: 3 })
    })

    it("runs its own transactions at READ COMMITTED whatever isolation the caller's context asks for: no oversell", async () => {
      const resourceId = await resourceWithCapacity(service, [DATE], 5)
      // Without the pin these transactions would open SERIALIZABLE and every call would be refused.
      const outcomes = await Promise.allSettled(
        Array.from({ length: 30 }, () =>
          service.createHold({ resource_id: resourceId, date: DATE, quantity: 1 }, { isolationLevel: "serializable" })
        )
      )
      const messages = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected").map((o) => String(o.reason?.message))
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(5)
      expect(messages.filter((m) => !m.startsWith("Insufficient capacity"))).toEqual([])
      expect(await capacityOf(suite, resourceId, DATE)).toEqual({ max_capacity: 5, available_capacity: 0 })
      expect(await service.auditCapacity()).toEqual([])
    })
  })
})

describe("poisoned data: drift made by hand is reported, never silently fixed by a verb", () => {
  bookingModuleSuite((suite) => {
    const { service } = suite

    it("keeps reporting a hand-edited available_capacity through every verb and the cleanup", async () => {
      const resourceId = await resourceWithCapacity(service, [DATE], 10)
      const a = await service.createHold({ resource_id: resourceId, date: DATE, quantity: 2 })
      // Someone edits the row in SQL: 3 units vanish from sale.
      await query(suite, `UPDATE resource_capacity SET available_capacity = 5 WHERE resource_id = ?`, [resourceId])
      const drift = () => service.auditCapacity({ resource_id: resourceId })
      expect(await drift()).toEqual([
        { resource_id: resourceId, date: DATE, start_time: null, max_capacity: 10, held: 2, expected_available: 8, actual_available: 5 },
      ])
      const health = await service.getHealth()
      expect(health.status).toBe("unhealthy")
      expect(health.capacity.drift_records).toBe(1)

      // Every verb moves units relative to the row: the 3 missing units stay missing, and reported.
      const b = await service.createHold({ resource_id: resourceId, date: DATE, quantity: 1 })
      await service.releaseHold(a.id)
      await service.confirmHold(b.id)
      await service.setCapacity({ resource_id: resourceId, from: DATE, to: DATE, max_capacity: 12 })
      const c = await service.createHold({ resource_id: resourceId, date: DATE, quantity: 1 })
      await query(suite, `UPDATE resource_hold SET expires_at = now() - interval '1 minute' WHERE id = ?`, [c.id])
      await service.runCleanup({ trigger: "manual" as any })

      expect(await drift()).toEqual([
        { resource_id: resourceId, date: DATE, start_time: null, max_capacity: 12, held: 1, expected_available: 11, actual_available: 8 },
      ])
      expect((await service.getHealth()).capacity.drift_records).toBe(1)
    })
  })
})
