import { model } from "@medusajs/framework/utils"
import { HoldStatus } from "../types/hold-status"
import { Resource } from "./resource"

/**
 * `quantity` units of a resource on one date, taken by a checkout until `expires_at`.
 *
 * ACTIVE -> CONFIRMED (order placed) | RELEASED (given up) | EXPIRED (TTL passed).
 * ACTIVE and CONFIRMED holds occupy capacity; RELEASED and EXPIRED ones gave it back.
 * `date` is a Postgres `date` (see ResourceCapacity). Status, quantity, date, resource and
 * expires_at change only through the module's hold verbs.
 */
export const ResourceHold = model
  .define("resource_hold", {
    id: model.id({ prefix: "rhold" }).primaryKey(),
    date: model.text(),
    quantity: model.number(),
    status: model.enum(HoldStatus).default(HoldStatus.ACTIVE),
    expires_at: model.dateTime(),
    cart_id: model.text().nullable(),
    customer_id: model.text().nullable(),
    /** The order that confirmed the hold (set by confirmCartHolds). */
    order_id: model.text().nullable(),
    /** The cart line item the hold serves, once the cart has one for its resource and date. */
    line_item_id: model.text().nullable(),
    /** Why confirming the hold for its order failed (its units could not be taken again). */
    confirmation_error: model.text().nullable(),
    confirmed_at: model.dateTime().nullable(),
    released_at: model.dateTime().nullable(),
    expired_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
    resource: model.belongsTo(() => Resource, { mappedBy: "holds" }),
  })
  .indexes([
    {
      name: "IDX_resource_hold_status_expires_at",
      on: ["status", "expires_at"],
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_resource_hold_resource_id_date_status",
      on: ["resource_id", "date", "status"],
      where: "deleted_at IS NULL",
    },
    {
      name: "IDX_resource_hold_order_id",
      on: ["order_id"],
      where: "deleted_at IS NULL AND order_id IS NOT NULL",
    },
    {
      // Small by nature: what the health report counts as "confirmation failed", exactly.
      name: "IDX_resource_hold_confirmation_failed",
      on: ["order_id"],
      where: "confirmation_error IS NOT NULL AND status <> 'CONFIRMED' AND deleted_at IS NULL",
    },
    {
      name: "IDX_resource_hold_cart_id",
      on: ["cart_id"],
      where: "deleted_at IS NULL AND cart_id IS NOT NULL",
    },
    {
      // The per-customer hold caps (utils/hold-limits.ts) count a customer's holds through it.
      name: "IDX_resource_hold_customer_id",
      on: ["customer_id"],
      where: "deleted_at IS NULL AND customer_id IS NOT NULL",
    },
  ])
