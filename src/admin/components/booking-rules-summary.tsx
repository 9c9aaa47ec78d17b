import { Text } from "@medusajs/ui"
import type { BookingRules } from "../lib/api-types"
import { BOOKING_UNIT_LABELS, rulesOf } from "../lib/booking-rules"

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

/** How the cut-off reads: a departure's counts back from its start time, a date's from its end. */
function describeCutoff(r: BookingRules): string {
  if (r.booking_unit === "departure") {
    return r.cutoff_minutes > 0 ? `${plural(r.cutoff_minutes, "minute")} before departure` : "Until departure"
  }
  return r.cutoff_minutes > 0 ? `${plural(r.cutoff_minutes, "minute")} before the first date ends` : "Until the first date ends"
}

/**
 * The resource's booking rules in words, as the resource page's header shows them; "Minimum to
 * run" for a departure resource only.
 */
export function describeRules(resource: Partial<BookingRules>): [string, string][] {
  const r = rulesOf(resource)
  const minimum: [string, string][] =
    r.booking_unit === "departure"
      ? [["Minimum to run", r.min_quantity === null ? "None" : `${r.min_quantity} confirmed per departure`]]
      : []
  return [
    ["Sold by", BOOKING_UNIT_LABELS[r.booking_unit] ?? r.booking_unit],
    ...minimum,
    ["Time zone", r.timezone || "Store default"],
    ["Days per booking", r.max_days === null ? `${r.min_days} or more` : r.min_days === r.max_days ? `${r.min_days}` : `${r.min_days} to ${r.max_days}`],
    ["Turnaround", r.turnaround_days > 0 ? plural(r.turnaround_days, "day") : "None"],
    ["Cut-off", describeCutoff(r)],
    ["Horizon", r.horizon_days === null ? "None" : `Starts up to ${plural(r.horizon_days, "day")} ahead`],
  ]
}

export function BookingRulesSummary({ resource }: { resource: Partial<BookingRules> }) {
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4 xl:grid-cols-7" aria-label="Booking rules">
      {describeRules(resource).map(([label, value]) => (
        <div key={label} className="flex flex-col" data-rule={label}>
          <dt>
            <Text size="xsmall" className="text-ui-fg-subtle">
              {label}
            </Text>
          </dt>
          <dd>
            <Text size="small" weight="plus">
              {value}
            </Text>
          </dd>
        </div>
      ))}
    </dl>
  )
}
