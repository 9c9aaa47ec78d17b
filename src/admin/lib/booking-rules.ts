import type { BookingRules, BookingUnit } from "./api-types"

/**
 * The booking rules as the resource form edits them: one string per input, so an empty
 * input stays empty (an optional rule left empty means "none"; the time zone left empty
 * means the store's default).
 */
export type BookingRulesForm = Record<keyof BookingRules, string>

export const RULE_DEFAULTS: BookingRules = {
  timezone: null,
  min_days: 1,
  max_days: null,
  turnaround_days: 0,
  cutoff_minutes: 0,
  horizon_days: null,
  booking_unit: "date",
  min_quantity: null,
}

/** The "Sold by" choices of the resource form. */
export const BOOKING_UNIT_LABELS: Record<BookingUnit, string> = { date: "Date", departure: "Departure" }

const asText = (value: number | string | null | undefined) => (value === null || value === undefined ? "" : String(value))

/** A resource's rules, a rule it does not carry taking its default. */
export function rulesOf(resource?: Partial<BookingRules>): BookingRules {
  const carried = Object.entries(resource ?? {}).filter(([key, value]) => key in RULE_DEFAULTS && value !== undefined)
  return { ...RULE_DEFAULTS, ...Object.fromEntries(carried) }
}

/** The form's values for a resource (or the defaults for a new one). */
export function rulesForm(resource?: Partial<BookingRules>): BookingRulesForm {
  const rules = rulesOf(resource)
  return {
    timezone: asText(rules.timezone),
    min_days: asText(rules.min_days),
    max_days: asText(rules.max_days),
    turnaround_days: asText(rules.turnaround_days),
    cutoff_minutes: asText(rules.cutoff_minutes),
    horizon_days: asText(rules.horizon_days),
    booking_unit: rules.booking_unit,
    min_quantity: asText(rules.min_quantity),
  }
}

/**
 * The request body's rules. Numbers are sent as typed: the API, not the form, decides what is
 * valid and says why. Empty optional rules are sent as null; an empty required one is left out.
 * "Minimum to run" is sent for a departure resource only (a date resource's form hides it, and
 * a hidden field changes nothing).
 */
export function rulesInput(form: BookingRulesForm): Partial<BookingRules> {
  const orNull = (value: string) => (value.trim() === "" ? null : Number(value))
  const orOmit = (value: string) => (value.trim() === "" ? undefined : Number(value))
  return {
    timezone: form.timezone.trim() || null,
    min_days: orOmit(form.min_days),
    max_days: orNull(form.max_days),
    turnaround_days: orOmit(form.turnaround_days),
    cutoff_minutes: orOmit(form.cutoff_minutes),
    horizon_days: orNull(form.horizon_days),
    booking_unit: form.booking_unit as BookingUnit,
    min_quantity: form.booking_unit === "departure" ? orNull(form.min_quantity) : undefined,
  }
}

/** The IANA time zone names the browser knows, for the time zone input's suggestions. */
export function timeZoneNames(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] }
  try {
    return intl.supportedValuesOf?.("timeZone") ?? []
  } catch {
    return []
  }
}

