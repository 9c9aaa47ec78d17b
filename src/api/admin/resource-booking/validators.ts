import { z } from "@medusajs/framework/zod"
import { HoldStatus } from "../../../modules/resource_booking/types"
import {
  bookingRules,
  schedule,
  calendarDate,
  maxCapacity,
  medusaId,
  metadata,
  pagination,
  queryBoolean,
  queryInteger,
  startTime,
  text,
} from "../../utils/schemas"

export const AdminRunCleanup = z.strictObject({})
export type AdminRunCleanupType = z.infer<typeof AdminRunCleanup>

export const AdminListResources = z.strictObject({
  ...pagination,
  is_active: queryBoolean("is_active").optional(),
  /** Case-insensitive search in the name. */
  q: text("q", 255).trim().optional(),
})
export type AdminListResourcesType = z.infer<typeof AdminListResources>

export const AdminCreateResource = z.strictObject({
  name: text("name", 255).trim().min(1, "name must not be empty"),
  description: text("description", 10_000).nullable().optional(),
  is_active: z.boolean({ error: "is_active must be true or false" }).optional(),
  metadata: metadata().optional(),
  ...bookingRules,
})
export type AdminCreateResourceType = z.infer<typeof AdminCreateResource>

export const AdminUpdateResource = AdminCreateResource.partial()
export type AdminUpdateResourceType = z.infer<typeof AdminUpdateResource>

export const AdminCapacityRange = z.strictObject({
  from: calendarDate("from"),
  to: calendarDate("to"),
})
export type AdminCapacityRangeType = z.infer<typeof AdminCapacityRange>

export const AdminListCleanupRuns = z.strictObject({ ...pagination })
export type AdminListCleanupRunsType = z.infer<typeof AdminListCleanupRuns>

/** Days of availability shown for a variant's resource, from today. */
export const MAX_VARIANT_AVAILABILITY_DAYS = 92
export const AdminVariantAvailability = z.strictObject({
  days: queryInteger("days", 1, MAX_VARIANT_AVAILABILITY_DAYS).optional(),
})
export type AdminVariantAvailabilityType = z.infer<typeof AdminVariantAvailability>

export const AdminSetCapacity = z.strictObject({
  from: calendarDate("from"),
  to: calendarDate("to"),
  max_capacity: maxCapacity(),
  ...schedule,
})
export type AdminSetCapacityType = z.infer<typeof AdminSetCapacity>

export const AdminListHolds = z.strictObject({
  ...pagination,
  status: z.enum(Object.values(HoldStatus) as [HoldStatus, ...HoldStatus[]], {
    error: `status must be one of ${Object.values(HoldStatus).join(", ")}`,
  }).optional(),
  resource_id: medusaId("resource_id").optional(),
  date: calendarDate("date").optional(),
  start_time: startTime("start_time").optional(),
  cart_id: medusaId("cart_id").optional(),
  order_id: medusaId("order_id").optional(),
  overdue: queryBoolean("overdue").optional(),
  confirmation_failed: queryBoolean("confirmation_failed").optional(),
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

/** Attach (`add`) and detach (`remove`) product variants; each variant books at most one resource. */
export const AdminLinkVariants = z
  .strictObject({
    add: z.array(medusaId("add[]"), { error: "add must be an array of variant ids" }).max(100, "add takes at most 100 ids").optional(),
    remove: z.array(medusaId("remove[]"), { error: "remove must be an array of variant ids" }).max(100, "remove takes at most 100 ids").optional(),
  })
  .refine((body) => (body.add?.length ?? 0) + (body.remove?.length ?? 0) > 0, {
    message: "add or remove must name at least one variant",
  })
export type AdminLinkVariantsType = z.infer<typeof AdminLinkVariants>
