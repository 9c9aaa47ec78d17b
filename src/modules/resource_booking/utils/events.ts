import { Context } from "@medusajs/framework/types"
import { ResourceHoldDTO } from "../types"
import { eachDate } from "./calendar-date"

/**
 * Events the module emits through Medusa's event bus. Names and payloads are a contract
 * (subscribers: waitlists, back-in-stock notifiers, analytics): keep them exact.
 */
export const ResourceBookingEvents = {
  HOLD_CREATED: "resource_booking.hold.created",
  HOLD_CONFIRMED: "resource_booking.hold.confirmed",
  HOLD_RELEASED: "resource_booking.hold.released",
  HOLD_EXTENDED: "resource_booking.hold.extended",
  HOLD_EXPIRED: "resource_booking.hold.expired",
  HOLD_CONFIRMATION_FAILED: "resource_booking.hold.confirmation_failed",
  /** Units came back to a resource+date (release, expiry): someone waiting may now book. */
  CAPACITY_RELEASED: "resource_booking.capacity.released",
  /**
   * A departure's cut-off passed with fewer units CONFIRMED than its resource's min_quantity
   * (once per departure). The plugin cancels nothing: the store's subscriber decides.
   */
  DEPARTURE_BELOW_MINIMUM: "resource_booking.departure.below_minimum",
} as const

export type HoldEventData = {
  id: string
  resource_id: string
  /** First booked date. */
  date: string
  /** Last booked date (= date for one date). */
  end_date: string
  /** A departure's start time "HH:MM"; null for a date resource. */
  start_time: string | null
  quantity: number
  cart_id: string | null
  order_id: string | null
  expires_at?: string
  reason?: string
}

/** Units back on a resource+date, or on a departure (`start_time` "HH:MM"; null for a date). */
export type CapacityReleasedData = { resource_id: string; date: string; start_time: string | null; quantity: number }

/** A departure below its minimum: `confirmed` units of `minimum`. */
export type BelowMinimumData = { resource_id: string; date: string; start_time: string; confirmed: number; minimum: number }

export type BookingMessage = {
  eventName: string
  data: HoldEventData | CapacityReleasedData | BelowMinimumData
}

/** Source, object and action of `resource_booking.<object>.<action>`. */
function eventMetadata(eventName: string) {
  const [source, object, action] = eventName.split(".")
  return { source, object, action }
}

export function holdEvent(eventName: string, hold: ResourceHoldDTO, extra: Partial<HoldEventData> = {}): BookingMessage {
  return {
    eventName,
    data: {
      id: hold.id,
      resource_id: hold.resource_id,
      date: hold.date,
      end_date: hold.end_date,
      start_time: hold.start_time ?? null,
      quantity: hold.quantity,
      cart_id: hold.cart_id,
      order_id: hold.order_id,
      ...extra,
    },
  }
}

/** One capacity.released per key a hold occupied (booked and turnaround dates; a departure's one), as it gives them back. */
export function capacityReleasedOn(hold: {
  resource_id: string
  date: string
  occupied_to: string
  start_time?: string | null
  quantity: number
}): BookingMessage[] {
  return eachDate(hold.date, hold.occupied_to).map((date) => capacityReleased(hold.resource_id, date, hold.start_time, hold.quantity))
}

export function capacityReleased(resource_id: string, date: string, startTime: string | null | undefined, quantity: number): BookingMessage {
  return { eventName: ResourceBookingEvents.CAPACITY_RELEASED, data: { resource_id, date, start_time: startTime || null, quantity } }
}

/**
 * Queues events on the call's message aggregator; @EmitEvents emits them after the verb
 * returns (or, inside a workflow, when the workflow's event group is released).
 */
export function queueEvents(context: Context, messages: BookingMessage[]): void {
  if (!messages.length || !context.messageAggregator) {
    return
  }
  context.messageAggregator.saveRawMessageData(
    messages.map((m) => ({
      eventName: m.eventName,
      data: m.data,
      ...eventMetadata(m.eventName),
    })),
    { sharedContext: context }
  )
}

/** One `hold.expired` per expired hold and one `capacity.released` per key that got units back. */
export function expiryEvents(outcome: {
  expired: Array<Omit<HoldEventData, "expires_at" | "start_time"> & { start_time: string | null; expires_at: string }>
  restoredPerKey: { resource_id: string; date: string; start_time?: string | null; units: number }[]
}): BookingMessage[] {
  return [
    ...outcome.expired.map((hold) => ({
      eventName: ResourceBookingEvents.HOLD_EXPIRED,
      data: {
        id: hold.id,
        resource_id: hold.resource_id,
        date: hold.date,
        end_date: hold.end_date,
        start_time: hold.start_time || null,
        quantity: hold.quantity,
        cart_id: hold.cart_id,
        order_id: hold.order_id,
        // ISO 8601 as Postgres writes it in JSON (e.g. 2026-06-01T12:00:00.123+00:00).
        expires_at: hold.expires_at,
      },
    })),
    ...outcome.restoredPerKey.map((key) => capacityReleased(key.resource_id, key.date, key.start_time, key.units)),
  ]
}

type EventBus = { emit: (messages: unknown[], options?: Record<string, unknown>) => Promise<unknown> }

/**
 * Emits now, outside any verb (the cleanup commits batch by batch and emits each batch's
 * events after its commit). A module loaded without an event bus emits nothing.
 */
export async function emitNow(eventBus: EventBus | undefined, messages: BookingMessage[]): Promise<void> {
  if (!eventBus || !messages.length) {
    return
  }
  await eventBus.emit(
    messages.map((m) => ({
      name: m.eventName,
      data: m.data,
      metadata: eventMetadata(m.eventName),
    })),
    { internal: true }
  )
}
