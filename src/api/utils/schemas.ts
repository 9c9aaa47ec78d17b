import { z } from "@medusajs/framework/zod"
import { isCalendarDate } from "../../modules/resource_booking/utils/calendar-date"
import { BOOKING_UNITS, isTimeZone, MIN_QUANTITY_BOUNDS, RULE_BOUNDS } from "../../modules/resource_booking/utils/booking-rules"
import { isStartTime, MAX_START_TIMES } from "../../modules/resource_booking/utils/departures"
import { BookingRequest, bookedDatesOf } from "../../modules/resource_booking/utils/booking-span"
import { ID_PATTERN, MAX_CAPACITY, MAX_HOLD_QUANTITY } from "../../modules/resource_booking/utils/validate-input"

/**
 * Zod pieces shared by the resource-booking routes. Medusa reports custom and format
 * issues by their message alone, so every message names its field.
 */

/** Medusa ids (the module's own pattern): no NUL byte or overlong string reaches SQL. */
export const medusaId = (field: string) =>
  z.string({ error: `${field} must be a string` }).max(81, `${field} is too long`).regex(ID_PATTERN, {
    message: `${field} must be a Medusa id (prefix_ULID)`,
  })

export const calendarDate = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .refine(isCalendarDate, { message: `${field} must be a real calendar date YYYY-MM-DD` })

export const quantity = () =>
  z
    .number({ error: "quantity must be a number" })
    .int("quantity must be a whole number")
    .min(1, "quantity must be at least 1")
    .max(MAX_HOLD_QUANTITY, `quantity must be at most ${MAX_HOLD_QUANTITY}`)

export const maxCapacity = () =>
  z
    .number({ error: "max_capacity must be a number" })
    .int("max_capacity must be a whole number")
    .min(0, "max_capacity must be at least 0")
    .max(MAX_CAPACITY, `max_capacity must be at most ${MAX_CAPACITY}`)

/** Query-string integers (they arrive as text). */
export const queryInteger = (field: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, { message: `${field} must be a whole number` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `${field} must be from ${min} to ${max}` })

export const queryBoolean = (field: string) =>
  z.enum(["true", "false"], { error: `${field} must be true or false` }).transform((v) => v === "true")

/** Limit/offset pagination, Medusa's defaults. */
export const pagination = {
  limit: queryInteger("limit", 1, 100).optional(),
  offset: queryInteger("offset", 0, 1_000_000_000).optional(),
}

export const DEFAULT_LIMIT = 20

const hasNul = (value: string) => value.includes("\u0000")

/** Free text: Postgres text and jsonb cannot store a NUL character. */
export const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .max(max, `${field} must be at most ${max} characters`)
    .refine((v) => !hasNul(v), { message: `${field} must not contain NUL characters` })

function containsNul(value: unknown): boolean {
  if (typeof value === "string") {
    return hasNul(value)
  }
  if (Array.isArray(value)) {
    return value.some(containsNul)
  }
  if (value && typeof value === "object") {
    return Object.entries(value).some(([key, inner]) => hasNul(key) || containsNul(inner))
  }
  return false
}

/** Metadata: a JSON object without NUL characters in keys or values. */
export const metadata = () =>
  z
    .record(z.string(), z.unknown(), { error: "metadata must be an object" })
    .refine((v) => !containsNul(v), { message: "metadata must not contain NUL characters" })
    .nullable()

/** A booking rule's whole number, in its bounds (the module checks them too, with the same names). */
export const ruleInteger = (field: keyof typeof RULE_BOUNDS) =>
  z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(RULE_BOUNDS[field].min, `${field} must be at least ${RULE_BOUNDS[field].min}`)
    .max(RULE_BOUNDS[field].max, `${field} must be at most ${RULE_BOUNDS[field].max}`)

/** The rule fields a resource's create/update accepts (null: none, or the store's time zone). */
export const bookingRules = {
  timezone: z
    .string({ error: "timezone must be a string (an IANA time zone name) or null" })
    .refine(isTimeZone, { message: 'timezone must be an IANA time zone name such as "Europe/Berlin" or "UTC"' })
    .nullable()
    .optional(),
  min_days: ruleInteger("min_days").optional(),
  max_days: ruleInteger("max_days").nullable().optional(),
  turnaround_days: ruleInteger("turnaround_days").optional(),
  cutoff_minutes: ruleInteger("cutoff_minutes").optional(),
  horizon_days: ruleInteger("horizon_days").nullable().optional(),
  booking_unit: z.enum(BOOKING_UNITS, { error: 'booking_unit must be "date" or "departure"' }).optional(),
  min_quantity: z
    .number({ error: "min_quantity must be a number or null" })
    .int("min_quantity must be a whole number")
    .min(MIN_QUANTITY_BOUNDS.min, `min_quantity must be at least ${MIN_QUANTITY_BOUNDS.min}`)
    .max(MIN_QUANTITY_BOUNDS.max, `min_quantity must be at most ${MIN_QUANTITY_BOUNDS.max}`)
    .nullable()
    .optional(),
}

/** A departure's start time, "HH:MM" (local time in the resource's time zone). */
export const startTime = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .refine(isStartTime, { message: `${field} must be a time "HH:MM" (00:00 to 23:59)` })

/** A weekly schedule of departures: start times and ISO weekdays (checked again by the module, naming each). */
export const schedule = {
  start_times: z
    .array(startTime("start_times[]"), { error: 'start_times must be a list of times "HH:MM"' })
    .min(1, "start_times must not be empty")
    .max(MAX_START_TIMES, `start_times lists at most ${MAX_START_TIMES} times`)
    .optional(),
  weekdays: z
    .array(
      z.number({ error: "weekdays[] must be a number" }).int("weekdays[] must be a whole number").min(1, "weekdays[] must be from 1 (Monday) to 7 (Sunday)").max(7, "weekdays[] must be from 1 (Monday) to 7 (Sunday)"),
      { error: "weekdays must be a list of ISO weekdays 1 to 7" }
    )
    .min(1, "weekdays must not be empty")
    .optional(),
}

/**
 * A booking's dates in one of three forms: `date`; `from` and `to` (inclusive);
 * `check_in` and `check_out` (nights, check-out exclusive). Which form, and its order, is
 * checked by the module (utils/booking-span.ts) with a message naming the fields.
 */
export const bookingDates = {
  date: calendarDate("date").optional(),
  from: calendarDate("from").optional(),
  to: calendarDate("to").optional(),
  check_in: calendarDate("check_in").optional(),
  check_out: calendarDate("check_out").optional(),
  start_time: startTime("start_time").optional(),
}

/** What is wrong with a body's booked dates (form, order, length), as the module words it; null when nothing. */
export function bookingDatesProblem(body: BookingRequest): string | null {
  try {
    bookedDatesOf(body)
    return null
  } catch (error) {
    return (error as Error).message
  }
}
