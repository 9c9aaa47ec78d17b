import { Button, Drawer, Heading, Text } from "@medusajs/ui"
import type { CalendarDay, CalendarDeparture, Hold } from "../lib/api-types"
import { shortDateLabel } from "../lib/calendar-dates"
import { formatDateTime } from "../lib/format"
import { DayHoldRow, DayHoldsList, useDayHolds } from "./day-holds-list"
import { DepartureStateBadge } from "./departure-state"
import { EmptyState, ErrorState } from "./section-states"

type Props = {
  resourceId: string
  /** The opened date; null: closed. */
  day: CalendarDay | null
  onClose: () => void
  /** "Set capacity for this date"; `startTimes`: the date's departures (a departure resource). */
  onSetCapacity: (date: string, startTimes?: string[]) => void
}

/**
 * One date of the calendar: its figures, the holds occupying it, and "Set capacity" for it. For
 * a departure resource (the day carries `departures`): the date's figures (their sums), then a
 * section per departure with its own figures and holds.
 */
export function CalendarDayDrawer({ resourceId, day, onClose, onSetCapacity }: Props) {
  const departures = day?.departures
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
                {departures ? "The departures of this date: their capacity and holds." : "Capacity and the holds occupying this date."}
              </Drawer.Description>
            </Drawer.Header>
            <Drawer.Body className="flex min-h-0 flex-col gap-y-4 overflow-y-auto p-0">
              <DayFigures day={day} />
              {departures ? (
                <div className="flex flex-col">
                  <Heading level="h3" className="px-6 pt-2">
                    Departures
                  </Heading>
                  <DayDepartures resourceId={resourceId} date={day.date} departures={departures} />
                </div>
              ) : (
                <div className="flex flex-col">
                  <Heading level="h3" className="px-6 pt-2">
                    Holds on this date
                  </Heading>
                  <DayHoldsList resourceId={resourceId} date={day.date} />
                </div>
              )}
            </Drawer.Body>
            <Drawer.Footer>
              <Drawer.Close asChild>
                <Button size="small" variant="secondary" type="button">
                  Close
                </Button>
              </Drawer.Close>
              <Button
                size="small"
                type="button"
                onClick={() => onSetCapacity(day.date, departures?.length ? departures.map((d) => d.start_time) : undefined)}
              >
                Set capacity for this date
              </Button>
            </Drawer.Footer>
          </>
        )}
      </Drawer.Content>
    </Drawer>
  )
}

function FigureGrid({ figures }: { figures: [string, number][] }) {
  return (
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
  )
}

function DayFigures({ day }: { day: CalendarDay }) {
  if (!day.bookable) {
    return (
      <Text size="small" className="px-6 pt-4 text-ui-fg-subtle">
        {day.departures
          ? 'No departures on this date: nothing can be booked on it. "Set capacity" with start times schedules them.'
          : "No capacity on this date: nothing can be booked on it."}
      </Text>
    )
  }
  if (day.departures) {
    return (
      <div className="flex flex-col gap-y-2 px-6 pt-4">
        <FigureGrid
          figures={[
            ["Departures", day.departures.length],
            ["Max", day.max_capacity],
            ["Held", day.held],
            ["Overdue", day.overdue],
            ["Booked", day.confirmed],
            ["Available", day.available_capacity],
          ]}
        />
        <Text size="xsmall" className="text-ui-fg-muted">
          The sums of the date's departures.
        </Text>
      </div>
    )
  }
  return (
    <div className="flex flex-col gap-y-2 px-6 pt-4">
      <FigureGrid
        figures={[
          ["Max", day.max_capacity],
          ["Held", day.held],
          ["Overdue", day.overdue],
          ["Booked", day.confirmed],
          ["Turnaround", day.turnaround ?? 0],
          ["Available", day.available_capacity],
        ]}
      />
      <Text size="xsmall" className="text-ui-fg-muted">
        Turnaround units rest after a booking; they are counted in Held or Booked.
      </Text>
    </div>
  )
}

/**
 * The departures of a date, each with its figures and its holds: the date's holds (one
 * request) split by `start_time`. Holds of a start time the date has no departure for are
 * listed after them, so none is left out.
 */
function DayDepartures({ resourceId, date, departures }: { resourceId: string; date: string; departures: CalendarDeparture[] }) {
  const holds = useDayHolds(resourceId, date)
  const list = holds.pending ? undefined : holds.data?.holds
  const times = new Set(departures.map((d) => d.start_time))
  const others = (list ?? []).filter((hold) => !hold.start_time || !times.has(hold.start_time))
  const count = holds.data?.count ?? 0

  return (
    <div className="flex flex-col divide-y">
      {holds.isError && <ErrorState title="Could not load this date's holds" error={holds.error} onRetry={() => holds.refetch()} />}
      {departures.length === 0 && (
        <EmptyState title="No departures on this date" description='"Set capacity" with start times schedules departures.' />
      )}
      {departures.map((departure) => (
        <DepartureSection
          key={departure.start_time}
          date={date}
          departure={departure}
          holds={list?.filter((hold) => hold.start_time === departure.start_time)}
          loading={holds.pending}
        />
      ))}
      {others.length > 0 && (
        <section className="flex flex-col" aria-label="Other holds on this date">
          <Heading level="h3" className="px-6 pt-4">
            Other holds on this date
          </Heading>
          <ul className="flex flex-col divide-y">
            {others.map((hold) => (
              <DayHoldRow key={hold.id} hold={hold} date={date} />
            ))}
          </ul>
        </section>
      )}
      {list && count > list.length && (
        <Text size="xsmall" className="px-6 py-3 text-ui-fg-muted">
          Showing {list.length} of {count} holds of this date: filter the holds table by this date for all.
        </Text>
      )}
    </div>
  )
}

/** One departure: its start time and state, its figures, when it fell below the minimum, and its holds. */
function DepartureSection({
  date,
  departure: d,
  holds,
  loading,
}: {
  date: string
  departure: CalendarDeparture
  /** Its holds; undefined while the date's holds are loading or failed. */
  holds: Hold[] | undefined
  loading: boolean
}) {
  return (
    <section
      className="flex flex-col gap-y-3 py-4"
      data-start-time={d.start_time}
      data-departure-state={d.state}
      aria-label={`Departure ${d.start_time}`}
    >
      <div className="flex items-center justify-between gap-x-2 px-6">
        <Heading level="h3">Departure {d.start_time}</Heading>
        <DepartureStateBadge state={d.state} />
      </div>
      <div className="px-6">
        <FigureGrid
          figures={[
            ["Max", d.max_capacity],
            ["Held", d.held],
            ["Overdue", d.overdue],
            ["Booked", d.confirmed],
            ["Available", d.available_capacity],
          ]}
        />
      </div>
      {d.below_minimum_at && (
        <Text size="small" className="px-6 text-ui-fg-subtle">
          Below the minimum to run since {formatDateTime(d.below_minimum_at)}: fewer seats were confirmed by its cut-off than the
          resource's minimum.
        </Text>
      )}
      {loading ? (
        <Text size="small" className="px-6 text-ui-fg-muted">
          Loading this departure's holds…
        </Text>
      ) : holds === undefined ? null : holds.length === 0 ? (
        <Text size="small" className="px-6 text-ui-fg-subtle">
          No holds on this departure.
        </Text>
      ) : (
        <ul className="flex flex-col divide-y border-t border-ui-border-base" aria-label={`Holds of departure ${d.start_time}`}>
          {holds.map((hold) => (
            <DayHoldRow key={hold.id} hold={hold} date={date} />
          ))}
        </ul>
      )}
    </section>
  )
}
