import { Button, Drawer, Heading, Text } from "@medusajs/ui"
import type { CalendarDay } from "../lib/api-types"
import { shortDateLabel } from "../lib/calendar-dates"
import { DayHoldsList } from "./day-holds-list"

type Props = {
  resourceId: string
  /** The opened date; null: closed. */
  day: CalendarDay | null
  onClose: () => void
  onSetCapacity: (date: string) => void
}

/** One date of the calendar: its figures, the holds occupying it, and "Set capacity" for it. */
export function CalendarDayDrawer({ resourceId, day, onClose, onSetCapacity }: Props) {
  return (
    <Drawer open={day !== null} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content>
        {day && (
          <>
            <Drawer.Header>
              <Drawer.Title>
                {shortDateLabel(day.date)} · {day.date}
              </Drawer.Title>
              <Drawer.Description className="txt-small text-ui-fg-subtle">
                Capacity and the holds occupying this date.
              </Drawer.Description>
            </Drawer.Header>
            <Drawer.Body className="flex min-h-0 flex-col gap-y-4 overflow-y-auto p-0">
              <DayFigures day={day} />
              <div className="flex flex-col">
                <Heading level="h3" className="px-6 pt-2">
                  Holds on this date
                </Heading>
                <DayHoldsList resourceId={resourceId} date={day.date} />
              </div>
            </Drawer.Body>
            <Drawer.Footer>
              <Drawer.Close asChild>
                <Button size="small" variant="secondary" type="button">
                  Close
                </Button>
              </Drawer.Close>
              <Button size="small" type="button" onClick={() => onSetCapacity(day.date)}>
                Set capacity for this date
              </Button>
            </Drawer.Footer>
          </>
        )}
      </Drawer.Content>
    </Drawer>
  )
}

function DayFigures({ day }: { day: CalendarDay }) {
  if (!day.bookable) {
    return (
      <Text size="small" className="px-6 pt-4 text-ui-fg-subtle">
        No capacity on this date: nothing can be booked on it.
      </Text>
    )
  }
  const figures: [string, number][] = [
    ["Max", day.max_capacity],
    ["Held", day.held],
    ["Overdue", day.overdue],
    ["Booked", day.confirmed],
    ["Turnaround", day.turnaround ?? 0],
    ["Available", day.available_capacity],
  ]
  return (
    <div className="flex flex-col gap-y-2 px-6 pt-4">
      <dl className="grid grid-cols-3 gap-3">
        {figures.map(([label, value]) => (
          <div key={label} className="flex flex-col rounded-md border border-ui-border-base px-3 py-2">
            <dt className="txt-compact-xsmall text-ui-fg-subtle">{label}</dt>
            <dd className="txt-compact-medium-plus" data-figure={label.toLowerCase()}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <Text size="xsmall" className="text-ui-fg-muted">
        Turnaround units rest after a booking; they are counted in Held or Booked.
      </Text>
    </div>
  )
}
