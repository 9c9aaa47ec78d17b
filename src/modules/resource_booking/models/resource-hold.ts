import { model } from "@medusajs/framework/utils"
import { HoldStatus } from "../types/hold-status"
import { Resource } from "./resource"

/**
 * `quantity` units of a resource on every date from `date` (first booked date) to `end_date`
 * (last booked date; = `date` for one date) and on the turnaround dates after it, up to
 * `occupied_to` (= end_date + the resource's turnaround_days when the hold was taken), taken by a
 * checkout until `expires_at`. One hold, one status: every date it occupies moves together.
 *
 * ACTIVE -> CONFIRMED (order placed) | RELEASED (given up) | EXPIRED (TTL passed).
 * ACTIVE and CONFIRMED holds occupy capacity on every date of [date, occupied_to]; RELEASED and
 * EXPIRED ones gave it back. A departure hold books one date (date = end_date = occupied_to)
 * at `start_time` ("HH:MM"); a date hold's `start_time` is "". The dates are Postgres `date`s (see ResourceCapacity). Status,
 * quantity, dates, resource and expires_at change only through the module's hold verbs.
 */
export const ResourceHold = model
  .define("resource_hold", {
    id: model.id({ prefix: "rhold" }).primaryKey(),
    date: model.text(),
    end_date: model.text(),
    occupied_to: model.text(),
    start_time: model.text().default(""),
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
      // The holds occupying a date: live holds of a resource whose occupied range reaches it.
      // Scanning `occupied_to >= d` visits only holds that end on or after d (the future),
      // however long the history grows.
      name: "IDX_resource_hold_occupying",
      on: ["resource_id", "occupied_to", "date"],
      where: "status IN ('ACTIVE', 'CONFIRMED') AND deleted_at IS NULL",
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
