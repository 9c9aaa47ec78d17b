import { daysInRange, isCalendarDate, MAX_RANGE_DAYS } from "./calendar-date"
import { invalid } from "./errors"

/** Largest quantity one hold may take; far above any real booking, far below int overflow. */
export const MAX_HOLD_QUANTITY = 10_000
/** Largest max_capacity of one resource on one date. */
export const MAX_CAPACITY = 1_000_000

/** Medusa ids are `prefix_` + ULID; anything else never reaches SQL. */
export const ID_PATTERN = /^[a-z][a-z0-9]{0,15}_[0-9A-Za-z]{1,64}$/

export function assertId(field: string, value: unknown): string {
  if (typeof value !== "string" || !ID_PATTERN.test(value)) {
    throw invalid(`${field} must be a Medusa id (prefix_ULID), got ${describe(value)}`)
  }
  return value
}

export function assertOptionalText(field: string, value: unknown, max = 255): string | null {
  if (value === undefined || value === null) {
    return null
  }
  if (typeof value !== "string" || !value.length || value.length > max || value.includes("\u0000")) {
    throw invalid(`${field} must be a non-empty string of at most ${max} characters, got ${describe(value)}`)
  }
  return value
}

export function assertCalendarDate(field: string, value: unknown): string {
  if (!isCalendarDate(value)) {
    throw invalid(`${field} must be a calendar date YYYY-MM-DD, got ${describe(value)}`)
  }
  return value
}

/** A bounded, ordered, inclusive date range. */
export function assertRange(from: unknown, to: unknown): { from: string; to: string } {
  const start = assertCalendarDate("from", from)
  const end = assertCalendarDate("to", to)
  if (end < start) {
    throw invalid(`to (${end}) must not be before from (${start})`)
  }
  if (daysInRange(start, end) > MAX_RANGE_DAYS) {
    throw invalid(`The range from ${start} to ${end} spans more than ${MAX_RANGE_DAYS} days`)
  }
  return { from: start, to: end }
}

export function assertInteger(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${field} must be a whole number from ${min} to ${max}, got ${describe(value)}`)
  }
  return value
}

export function assertMetadata(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) {
    return null
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    throw invalid(`metadata must be an object, got ${describe(value)}`)
  }
  return value as Record<string, unknown>
}

function describe(value: unknown): string {
  if (typeof value === "string") {
    return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value)
  }
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
