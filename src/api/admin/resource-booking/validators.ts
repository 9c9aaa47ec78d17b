import { z } from "@medusajs/framework/zod"
import { HoldStatus } from "../../../modules/resource_booking/types"
import { calendarDate, maxCapacity, medusaId, pagination, queryBoolean } from "../../utils/schemas"

export const AdminRunCleanup = z.strictObject({})
export type AdminRunCleanupType = z.infer<typeof AdminRunCleanup>

export const AdminListResources = z.strictObject({
  ...pagination,
  is_active: queryBoolean("is_active").optional(),
})
export type AdminListResourcesType = z.infer<typeof AdminListResources>

const metadata = z.record(z.string(), z.unknown(), { error: "metadata must be an object" }).nullable()

export const AdminCreateResource = z.strictObject({
  name: z.string({ error: "name must be a string" }).trim().min(1, "name must not be empty").max(255, "name is too long"),
  description: z.string({ error: "description must be a string" }).max(10_000, "description is too long").nullable().optional(),
  is_active: z.boolean({ error: "is_active must be true or false" }).optional(),
  metadata: metadata.optional(),
})
export type AdminCreateResourceType = z.infer<typeof AdminCreateResource>

export const AdminUpdateResource = AdminCreateResource.partial()
export type AdminUpdateResourceType = z.infer<typeof AdminUpdateResource>

export const AdminCapacityRange = z.strictObject({
  from: calendarDate("from"),
  to: calendarDate("to"),
})
export type AdminCapacityRangeType = z.infer<typeof AdminCapacityRange>

export const AdminSetCapacity = z.strictObject({
  from: calendarDate("from"),
  to: calendarDate("to"),
  max_capacity: maxCapacity(),
})
export type AdminSetCapacityType = z.infer<typeof AdminSetCapacity>

export const AdminListHolds = z.strictObject({
  ...pagination,
  status: z.enum(Object.values(HoldStatus) as [HoldStatus, ...HoldStatus[]], {
    error: `status must be one of ${Object.values(HoldStatus).join(", ")}`,
  }).optional(),
  resource_id: medusaId("resource_id").optional(),
  date: calendarDate("date").optional(),
  cart_id: medusaId("cart_id").optional(),
  overdue: queryBoolean("overdue").optional(),
})
export type AdminListHoldsType = z.infer<typeof AdminListHolds>

export const AdminExtendHold = z.strictObject({
  minutes: z
    .number({ error: "minutes must be a number" })
    .int("minutes must be a whole number")
    .min(1, "minutes must be at least 1")
    .max(7 * 24 * 60, "minutes must be at most 10080"),
})
export type AdminExtendHoldType = z.infer<typeof AdminExtendHold>

export const AdminEmptyBody = z.strictObject({})
