import { clx } from "@medusajs/ui"
import type { CalendarDay, CalendarDeparture } from "../lib/api-types"
import { DEPARTURE_CHIP, STATE_LABELS } from "./departure-state"

/** Departures listed in a date's cell; the rest are counted ("+N more") and listed in the day drawer. */
const CELL_DEPARTURES = 6

/**
 * The colour of a date: by state first ("Sold out", "Full with holds" and, a departure date
 * whose every departure is below its minimum, "Below minimum" apart), then by utilisation (a
 * date at 50 % or more turns orange). Literal class names only: Tailwind
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
    case "below_minimum":
      return { cell: "bg-ui-tag-blue-bg border-ui-tag-blue-border text-ui-tag-blue-text", label: "Below minimum" }
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
 * One departure of the date: "08:00 · 10 left" (its available units) and, unless open, its
 * state ("Full with holds", "Sold out", "Below minimum") on its state's colour.
 */
function DepartureLine({ departure: d }: { departure: CalendarDeparture }) {
  const chip = DEPARTURE_CHIP[d.state] ?? ""
  const overdue = d.overdue > 0 ? ` (${d.overdue} overdue)` : ""
  return (
    <li
      data-start-time={d.start_time}
      data-departure-state={d.state}
      data-max={d.max_capacity}
      data-available={d.available_capacity}
      data-held={d.held}
      data-confirmed={d.confirmed}
      title={`${d.start_time}: max ${d.max_capacity}, held ${d.held}${overdue}, booked ${d.confirmed}, available ${d.available_capacity}`}
      className={clx("flex flex-wrap items-baseline justify-between gap-x-1 rounded-sm", chip && `px-1 ${chip}`)}
    >
      <span className="txt-compact-xsmall whitespace-nowrap">
        <span className="txt-compact-xsmall-plus">{d.start_time}</span> · {d.available_capacity} left
      </span>
      {d.state !== "open" && <span className="txt-compact-xsmall-plus whitespace-nowrap">{STATE_LABELS[d.state] ?? d.state}</span>}
    </li>
  )
}

/** A departure resource's date: its departures, ascending by start time (the first few, then "+N more"). */
function DepartureLines({ departures }: { departures: CalendarDeparture[] }) {
  const shown = departures.slice(0, CELL_DEPARTURES)
  const more = departures.length - shown.length
  return (
    <>
      <ul className="flex flex-col gap-y-0.5" aria-label="Departures">
        {shown.map((departure) => (
          <DepartureLine key={departure.start_time} departure={departure} />
        ))}
      </ul>
      {more > 0 && <span className="txt-compact-xsmall opacity-80">+{more} more</span>}
    </>
  )
}

/**
 * One date of the month: max / held (ACTIVE holds) / booked (CONFIRMED) / available units, the
 * turnaround units among them and its state; for a departure resource, its departures instead
 * (each with its units left and state). A click opens the date (its holds, "Set capacity").
 */
export function CalendarDayCell({ day, isToday, onSelect }: { day: CalendarDay; isToday: boolean; onSelect: (day: CalendarDay) => void }) {
  const tone = dayTone(day)
  const dayOfMonth = Number(day.date.slice(8, 10))
  const turnaround = day.turnaround ?? 0
  const departures = day.departures
  return (
    <button
      type="button"
      onClick={() => onSelect(day)}
      data-date={day.date}
      data-state={day.state}
      data-held={day.held}
      data-confirmed={day.confirmed}
      data-turnaround={turnaround}
      data-departures={departures?.length}
      title={departures ? `${day.date}: departures and holds of this date` : `${day.date}: holds and capacity of this date`}
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
      {day.bookable && departures ? (
        <DepartureLines departures={departures} />
      ) : day.bookable ? (
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
