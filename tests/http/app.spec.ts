import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { RESOURCE_BOOKING_MODULE } from "../../src/modules/resource_booking"
import ResourceBookingModuleService from "../../src/modules/resource_booking/service"
import { quietCleanupSchedule } from "./quiet-schedule"

process.env.HOLD_CLEANUP_INTERVAL = quietCleanupSchedule()

medusaIntegrationTestRunner({
  inApp: true,
  dbName: `${process.env.DB_TEMP_NAME}_http`,
  env: {},
  testSuite: ({ api, getContainer, dbConnection }) => {
    describe("the Medusa application with the resource_booking module", () => {
      it("serves /health", async () => {
        const response = await api.get("/health")
        expect(response.status).toBe(200)
      })

      it("applied the module's migrations, constraints included", async () => {
        const result = await dbConnection.raw(
          `SELECT conname FROM pg_constraint
            WHERE conname IN ('resource_capacity_available_capacity_check',
                              'resource_capacity_max_capacity_check',
                              'resource_hold_quantity_check')
            ORDER BY conname`
        )
        expect(result.rows.map((r: { conname: string }) => r.conname)).toEqual([
          "resource_capacity_available_capacity_check",
          "resource_capacity_max_capacity_check",
          "resource_hold_quantity_check",
        ])
        const dateType = await dbConnection.raw(
          `SELECT data_type FROM information_schema.columns
            WHERE table_name = 'resource_hold' AND column_name = 'date'`
        )
        expect(dateType.rows[0].data_type).toBe("date")
      })

      it("resolves the module from the container with its configured options", async () => {
        const service = getContainer().resolve<ResourceBookingModuleService>(RESOURCE_BOOKING_MODULE)
        expect(service.getOptions()).toMatchObject({ ttlMinutes: 30, maxHoldLifetimeMinutes: 120 })
        const resource = await service.createResources({ name: "Reef snorkel" })
        await service.setCapacity({ resource_id: resource.id, from: "2027-01-01", to: "2027-01-01", max_capacity: 2 })
        const hold = await service.createHold({ resource_id: resource.id, date: "2027-01-01", quantity: 2 })
        expect(hold).toMatchObject({ status: "ACTIVE", date: "2027-01-01", quantity: 2 })
        expect(await service.auditCapacity()).toEqual([])
      })
    })
  },
})
