/**
 * The storefront client's declared answer types (packages/client/src/types.ts), as runtime
 * checks: each shape lists a check for every declared key of its type, and the compiler holds
 * the two together (`npm run typecheck`): a key added to or removed from a type without its
 * check, or a check that accepts another type than the key's (e.g. a nullable check for a
 * key declared non-null), fails to compile. storefront-client.spec.ts runs the real answers
 * through them, so a route that answers another shape fails there.
 */
import type {
  AvailabilityDay,
  BookingCart,
  BookingCartLine,
  BookingLineMetadata,
  BookingRules,
  DepartureAvailability,
  HoldStatus,
  StoreHold,
} from "../../packages/client/src"

type Check<T> = (value: unknown) => value is T

/** The declared keys of a type, without its index signature. */
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] }

/** A check for every declared key, and nothing else. */
export type Shape<T> = { [K in keyof Known<T>]-?: Check<Known<T>[K]> }

const isString: Check<string> = (v): v is string => typeof v === "string"
const isNumber: Check<number> = (v): v is number => typeof v === "number" && Number.isFinite(v)
const isBoolean: Check<boolean> = (v): v is boolean => typeof v === "boolean"
const isDate: Check<string> = (v): v is string => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)
const isTimestamp: Check<string> = (v): v is string =>
  typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v))
const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (v): v is T | null =>
    v === null || check(v)
const oneOf =
  <T extends string>(...values: T[]): Check<T> =>
  (v): v is T =>
    values.includes(v as T)
const arrayOf =
  <T>(check: Check<T>): Check<T[]> =>
  (v): v is T[] =>
    Array.isArray(v) && v.every(check)
/** A key the type declares optional: absent is fine, present must pass `check`. */
const optional = <T>(check: Check<T>): Check<T | undefined> => {
  const wrapped = ((v: unknown) => v === undefined || check(v)) as Check<T | undefined> & { optional?: boolean }
  wrapped.optional = true
  return wrapped
}
const isLineMetadata: Check<Partial<BookingLineMetadata>> = (v): v is Partial<BookingLineMetadata> =>
  typeof v === "object" && v !== null && !Array.isArray(v)

/** Problems of `value` against `shape`: a missing key, a value of another kind, and (exact) a key not declared. */
export function shapeProblems<T>(value: unknown, shape: Shape<T>, options: { exact: boolean }, at = "answer"): string[] {
  if (typeof value !== "object" || value === null) {
    return [`${at} is not an object: ${JSON.stringify(value)}`]
  }
  const record = value as Record<string, unknown>
  const checks = shape as Record<string, (v: unknown) => boolean>
  const problems: string[] = []
  for (const [key, check] of Object.entries(checks)) {
    if (!(key in record)) {
      if (!(check as { optional?: boolean }).optional) problems.push(`${at}.${key} is missing`)
    } else if (!check(record[key])) {
      problems.push(`${at}.${key} has an undeclared value: ${JSON.stringify(record[key])}`)
    }
  }
  if (options.exact) {
    for (const key of Object.keys(record)) {
      if (!(key in checks)) {
        problems.push(`${at}.${key} is not declared`)
      }
    }
  }
  return problems
}

const DEPARTURE: Shape<DepartureAvailability> = {
  start_time: (v): v is string => typeof v === "string" && /^([01]\d|2[0-3]):[0-5]\d$/.test(v),
  bookable: isBoolean,
  available: isNumber,
}

const HOLD_STATUSES: HoldStatus[] = ["ACTIVE", "CONFIRMED", "RELEASED", "EXPIRED"]

export const HOLD: Shape<StoreHold> = {
  id: isString,
  resource_id: isString,
  date: isDate,
  end_date: isDate,
  days: isNumber,
  occupied_to: isDate,
  start_time: nullable(isString),
  quantity: isNumber,
  status: oneOf(...HOLD_STATUSES),
  expires_at: isTimestamp,
  cart_id: isString,
  created_at: isTimestamp,
}

const isDeparture: Check<DepartureAvailability> = (v): v is DepartureAvailability =>
  typeof v === "object" && v !== null && shapeProblems(v, DEPARTURE, { exact: true }).length === 0

export const AVAILABILITY_DAY: Shape<AvailabilityDay> = {
  date: isDate,
  bookable: isBoolean,
  available: isNumber,
  departures: optional(arrayOf(isDeparture)),
}

export const RULES: Shape<BookingRules> = {
  booking_unit: oneOf("date", "departure"),
  min_quantity: nullable(isNumber),
  timezone: isString,
  min_days: isNumber,
  max_days: nullable(isNumber),
  turnaround_days: isNumber,
  cutoff_minutes: isNumber,
  horizon_days: nullable(isNumber),
  today: isDate,
  earliest_start: isDate,
  latest_start: nullable(isDate),
}

export const CART_LINE: Shape<BookingCartLine> = {
  id: isString,
  title: isString,
  variant_id: nullable(isString),
  product_id: nullable(isString),
  quantity: isNumber,
  unit_price: isNumber,
  metadata: nullable(isLineMetadata),
}

export const CART: Shape<BookingCart> = {
  id: isString,
  currency_code: isString,
  region_id: nullable(isString),
  email: nullable(isString),
  completed_at: nullable(isTimestamp),
  total: isNumber,
  subtotal: isNumber,
  item_total: isNumber,
  items: arrayOf((v): v is BookingCartLine => shapeProblems(v, CART_LINE, { exact: false }).length === 0),
}

/** Problems of a hold answer (exactly the declared keys). */
export const holdProblems = (hold: unknown, at = "hold") => shapeProblems(hold, HOLD, { exact: true }, at)

/** Problems of an add-booking cart: its declared keys (the cart has more), and each line's. */
export function cartProblems(cart: unknown): string[] {
  const lines = Array.isArray((cart as BookingCart)?.items) ? (cart as BookingCart).items : []
  return [
    ...shapeProblems(cart, CART, { exact: false }, "cart"),
    ...lines.flatMap((line, i) => shapeProblems(line, CART_LINE, { exact: false }, `cart.items[${i}]`)),
  ]
}

/** Problems of an availability answer: exactly `{ availability, rules }`, each exactly as declared. */
export function availabilityProblems(answer: unknown): string[] {
  const { availability, rules, ...rest } = (answer ?? {}) as Record<string, unknown>
  return [
    ...Object.keys(rest).map((key) => `answer.${key} is not declared`),
    ...(Array.isArray(availability) ? [] : ["answer.availability is not an array"]),
    ...(Array.isArray(availability) ? availability : []).flatMap((day, i) =>
      shapeProblems(day, AVAILABILITY_DAY, { exact: true }, `availability[${i}]`)
    ),
    ...shapeProblems(rules, RULES, { exact: true }, "rules"),
  ]
}

/** Problems of an answer that must be exactly `{ [key]: … }`. */
export function onlyKeyProblems(answer: unknown, key: string): string[] {
  const keys = Object.keys((answer ?? {}) as object)
  return keys.length === 1 && keys[0] === key ? [] : [`answer has keys ${JSON.stringify(keys)}; declared: ["${key}"]`]
}
