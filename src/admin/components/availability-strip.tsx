import { clx } from "@medusajs/ui"
import type { CalendarDay } from "../lib/api-types"
import { shortDateLabel } from "../lib/calendar-dates"

/** Same meaning as the calendar's colours, in a compact row of dates. */
const TONE: Record<CalendarDay["state"], string> = {
  no_capacity: "bg-ui-bg-subtle border-ui-border-base text-ui-fg-muted",
  open: "bg-ui-tag-green-bg border-ui-tag-green-border text-ui-tag-green-text",
  full_with_holds: "bg-ui-tag-purple-bg border-ui-tag-purple-border text-ui-tag-purple-text",
  sold_out: "bg-ui-tag-red-bg border-ui-tag-red-border text-ui-tag-red-text",
  below_minimum: "bg-ui-tag-blue-bg border-ui-tag-blue-border text-ui-tag-blue-text",
}

const STATE_LABEL: Record<CalendarDay["state"], string> = {
  no_capacity: "No capacity",
  open: "left",
  full_with_holds: "Full with holds",
  sold_out: "Sold out",
  below_minimum: "Below minimum",
}

/** The next dates of a resource: available of max units per date, or its state when none is left. */
export function AvailabilityStrip({ days }: { days: CalendarDay[] }) {
  return (
    <ul className="grid grid-cols-2 gap-1.5 sm:grid-cols-4 lg:grid-cols-7">
      {days.map((day) => (
        <li
          key={day.date}
          data-date={day.date}
          data-state={day.state}
          className={clx("flex flex-col rounded-md border px-2 py-1.5", TONE[day.state])}
          title={`${day.date}: max ${day.max_capacity}, held ${day.held}, confirmed ${day.confirmed}${day.turnaround ? ` (incl. ${day.turnaround} turnaround)` : ""}, available ${day.available_capacity}`}
        >
          <span className="txt-compact-xsmall-plus">{shortDateLabel(day.date)}</span>
          {day.state === "open" ? (
            <span className="txt-compact-xsmall">
              {day.available_capacity} / {day.max_capacity} {STATE_LABEL.open}
            </span>
          ) : (
            <span className="txt-compact-xsmall">{STATE_LABEL[day.state]}</span>
          )}
        </li>
      ))}
    </ul>
  )
}
