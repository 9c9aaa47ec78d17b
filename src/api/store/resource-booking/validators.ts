import { z } from "@medusajs/framework/zod"
import { calendarDate, medusaId, quantity } from "../../utils/schemas"

export const StoreAvailabilityQuery = z.strictObject({
  resource_id: medusaId("resource_id"),
  from: calendarDate("from"),
  to: calendarDate("to"),
})
export type StoreAvailabilityQueryType = z.infer<typeof StoreAvailabilityQuery>

export const StoreCreateHold = z.strictObject({
  resource_id: medusaId("resource_id"),
  date: calendarDate("date"),
  quantity: quantity(),
  cart_id: medusaId("cart_id"),
})
export type StoreCreateHoldType = z.infer<typeof StoreCreateHold>

export const StoreListHolds = z.strictObject({
  cart_id: medusaId("cart_id"),
})
export type StoreListHoldsType = z.infer<typeof StoreListHolds>

/** Release and extend: the caller proves ownership by naming the hold's cart. */
export const StoreHoldAction = z.strictObject({
  cart_id: medusaId("cart_id"),
})
export type StoreHoldActionType = z.infer<typeof StoreHoldAction>
