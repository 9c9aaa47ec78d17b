import type { BookingUnit } from "../lib/api-types"

type Item = { label: string; hint?: string; swatch: string; unit?: BookingUnit }

/**
 * What the calendar's colours mean; the swatches use the same classes as the day cells and
 * departure chips. An item with a `unit` is listed for resources sold by that unit only.
 */
const ITEMS: Item[] = [
  { label: "Under 50 % used", swatch: "bg-ui-tag-green-bg border-ui-tag-green-border" },
  { label: "50 % or more used", swatch: "bg-ui-tag-orange-bg border-ui-tag-orange-border" },
  { label: "Full with holds (units may come back)", swatch: "bg-ui-tag-purple-bg border-ui-tag-purple-border" },
  { label: "Sold out", swatch: "bg-ui-tag-red-bg border-ui-tag-red-border" },
  {
    label: "Below minimum",
    hint: "cut-off passed with fewer confirmed seats than the minimum to run",
    swatch: "bg-ui-tag-blue-bg border-ui-tag-blue-border",
    unit: "departure",
  },
  { label: "No capacity", swatch: "bg-ui-bg-subtle border-ui-border-base" },
  {
    label: "Turnaround",
    hint: "units resting after a booking, included in held / booked",
    swatch: "bg-ui-tag-blue-bg border-ui-tag-blue-border border-dashed",
    unit: "date",
  },
]

export function CalendarLegend({ bookingUnit = "date" }: { bookingUnit?: BookingUnit }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label="Calendar legend">
      {ITEMS.filter((item) => !item.unit || item.unit === bookingUnit).map((item) => (
        <li key={item.label} className="flex items-center gap-x-1.5">
          <span className={`inline-block h-3 w-3 rounded-sm border ${item.swatch}`} />
          <span className="txt-compact-xsmall text-ui-fg-subtle">{item.label}</span>
          {item.hint && <span className="txt-compact-xsmall text-ui-fg-muted">({item.hint})</span>}
        </li>
      ))}
    </ul>
  )
}
