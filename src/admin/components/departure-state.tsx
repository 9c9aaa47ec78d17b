import { Badge } from "@medusajs/ui"
import type { CalendarDayState } from "../lib/api-types"

/** A date's or a departure's state in words, as the calendar, its legend and the day drawer show it. */
export const STATE_LABELS: Record<CalendarDayState, string> = {
  no_capacity: "No capacity",
  open: "Open",
  full_with_holds: "Full with holds",
  sold_out: "Sold out",
  below_minimum: "Below minimum",
}

/**
 * A departure's chip on a calendar date: none while open, else the colour of its state (the
 * day cells' colours; below minimum in blue, which a departure resource uses for nothing else).
 * Literal class names only: Tailwind finds classes by scanning the source.
 */
export const DEPARTURE_CHIP: Record<CalendarDayState, string> = {
  no_capacity: "",
  open: "",
  full_with_holds: "border border-ui-tag-purple-border bg-ui-tag-purple-bg text-ui-tag-purple-text",
  sold_out: "border border-ui-tag-red-border bg-ui-tag-red-bg text-ui-tag-red-text",
  below_minimum: "border border-ui-tag-blue-border bg-ui-tag-blue-bg text-ui-tag-blue-text",
}

const BADGE_COLOR: Record<CalendarDayState, "green" | "purple" | "red" | "blue" | "grey"> = {
  no_capacity: "grey",
  open: "green",
  full_with_holds: "purple",
  sold_out: "red",
  below_minimum: "blue",
}

/** A departure's state as a badge (the day drawer's departure sections). */
export function DepartureStateBadge({ state }: { state: CalendarDayState }) {
  return (
    <Badge size="2xsmall" color={BADGE_COLOR[state] ?? "grey"}>
      {STATE_LABELS[state] ?? state}
    </Badge>
  )
}
