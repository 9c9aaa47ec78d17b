import { model } from "@medusajs/framework/utils"
import { ResourceCapacity } from "./resource-capacity"
import { ResourceHold } from "./resource-hold"

/**
 * Something sold in limited units: by date (a vehicle, a room type: `booking_unit` "date") or
 * by departure (a tour leaving at set times, each with its own seats: "departure", capacity
 * per date and `start_time`).
 *
 * The booking rules (utils/booking-rules.ts) live on the resource: `timezone` (IANA name; null
 * = the store's default, plugin option `timezone`) is the calendar "today", cut-offs and the
 * horizon are read in; `min_days`/`max_days` bound the booked dates of one hold;
 * `turnaround_days` dates after the last booked date are occupied too (not priced);
 * `cutoff_minutes` before the end of the first date (local midnight) it stops being bookable;
 * `horizon_days` after today is the last first date (null: no horizon). For a departure
 * resource `cutoff_minutes` counts back from the departure's start time, and `min_quantity`
 * (null: none) is the CONFIRMED units a departure needs by its cut-off to run.
 */
export const Resource = model
  .define("resource", {
    id: model.id({ prefix: "res" }).primaryKey(),
    name: model.text().searchable(),
    description: model.text().nullable(),
    is_active: model.boolean().default(true),
    metadata: model.json().nullable(),
    timezone: model.text().nullable(),
    min_days: model.number().default(1),
    max_days: model.number().nullable(),
    turnaround_days: model.number().default(0),
    cutoff_minutes: model.number().default(0),
    horizon_days: model.number().nullable(),
    booking_unit: model.enum(["date", "departure"]).default("date"),
    min_quantity: model.number().nullable(),
    capacities: model.hasMany(() => ResourceCapacity, { mappedBy: "resource" }),
    holds: model.hasMany(() => ResourceHold, { mappedBy: "resource" }),
  })
  .indexes([{ on: ["is_active"], where: "deleted_at IS NULL" }])
