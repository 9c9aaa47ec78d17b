import { clx } from "@medusajs/ui"
import type { CalendarDay } from "../lib/api-types"

/**
 * The colour of a date: by state first ("Sold out" and "Full with holds" apart), then by
 * utilisation (a date at 50 % or more turns orange). Literal class names only: Tailwind
 * finds classes by scanning the source.
 */
function dayTone(day: CalendarDay): { cell: string; label?: string } {
  switch (day.state) {
    case "no_capacity":
      return { cell: "bg-ui-bg-subtle border-ui-border-base text-ui-fg-muted" }
    case "sold_out":
      return { cell: "bg-ui-tag-red-bg border-ui-tag-red-border text-ui-tag-red-text", label: "Sold out" }
    case "full_with_holds":
      return { cell: "bg-ui-tag-purple-bg border-ui-tag-purple-border text-ui-tag-purple-text", label: "Full with holds" }
    default:
      return day.utilization_percent >= 50
        ? { cell: "bg-ui-tag-orange-bg border-ui-tag-orange-border text-ui-tag-orange-text" }
        : { cell: "bg-ui-tag-green-bg border-ui-tag-green-border text-ui-tag-green-text" }
  }
}

function Figure({ label, value, extra }: { label: string; value: number; extra?: string }) {
  return (
    <div className="flex items-baseline justify-between gap-x-1">
      <span className="txt-compact-xsmall opacity-80">{label}</span>
      <span className="txt-compact-xsmall-plus">
        {value}
        {extra && <span className="opacity-80"> {extra}</span>}
      </span>
    </div>
  )
}

/** The units resting on this date after a booking (already counted in held / booked). */
function TurnaroundMarker({ units }: { units: number }) {
  return (
    <span
      data-testid="turnaround-marker"
      className="txt-compact-xsmall self-start rounded-sm border border-dashed border-ui-tag-blue-border bg-ui-tag-blue-bg px-1 text-ui-tag-blue-text"
    >
      incl. {units} turnaround
    </span>
  )
}

/**
 * One date of the month: max / held (ACTIVE holds) / booked (CONFIRMED) / available units, the
 * turnaround units among them and its state; a click opens the date (its holds, "Set capacity").
 */
export function CalendarDayCell({ day, isToday, onSelect }: { day: CalendarDay; isToday: boolean; onSelect: (day: CalendarDay) => void }) {
  const tone = dayTone(day)
  const dayOfMonth = Number(day.date.slice(8, 10))
  const turnaround = day.turnaround ?? 0
  return (
    <button
      type="button"
      onClick={() => onSelect(day)}
      data-date={day.date}
      data-state={day.state}
      data-held={day.held}
      data-confirmed={day.confirmed}
      data-turnaround={turnaround}
      title={`${day.date}: holds and capacity of this date`}
      className={clx(
        "flex min-h-[124px] flex-col gap-y-0.5 rounded-md border p-1.5 text-left transition-fg hover:shadow-borders-interactive-with-active focus-visible:shadow-borders-focus outline-none",
        tone.cell,
        isToday && "ring-2 ring-ui-border-interactive"
      )}
    >
      <div className="flex items-center justify-between">
        <span className="txt-compact-small-plus">{dayOfMonth}</span>
        {day.bookable && <span className="txt-compact-xsmall opacity-80">{Math.round(day.utilization_percent)}%</span>}
      </div>
      {day.bookable ? (
        <>
          <Figure label="Max" value={day.max_capacity} />
          <Figure label="Held" value={day.held} extra={day.overdue > 0 ? `(${day.overdue} overdue)` : undefined} />
          <Figure label="Booked" value={day.confirmed} />
          <Figure label="Avail" value={day.available_capacity} />
          {turnaround > 0 && <TurnaroundMarker units={turnaround} />}
          {tone.label && <span className="txt-compact-xsmall-plus mt-auto">{tone.label}</span>}
        </>
      ) : (
        <span className="txt-compact-xsmall mt-auto">No capacity</span>
      )}
    </button>
  )
}
