import { ChevronLeft, ChevronRight } from "@medusajs/icons"
import { Button, Container, Heading, IconButton, Text } from "@medusajs/ui"
import { useState } from "react"
import { useResourceCalendar } from "../hooks/use-resource-capacity"
import {
  addMonths,
  currentYearMonth,
  leadingBlankDays,
  monthLabel,
  monthRange,
  todayIsoDate,
  WEEKDAY_HEADERS,
  type YearMonth,
} from "../lib/calendar-dates"
import type { BookingUnit, CalendarDay } from "../lib/api-types"
import { CalendarDayCell } from "./calendar-day-cell"
import { CalendarDayDrawer } from "./calendar-day-drawer"
import { CalendarLegend } from "./calendar-legend"
import { ErrorState, LoadingState } from "./section-states"
import { SetCapacityDrawer } from "./set-capacity-drawer"

/** What "Set capacity" opens with: a range and, from a departure date, its start times. */
type CapacityDraft = { from: string; to: string; startTimes?: string[] }

/**
 * The capacity calendar of one resource, a month at a time (one GET /calendar per month
 * on screen), with "Set capacity" for a range; clicking a date opens it: its holds (booked or
 * turnaround) and "Set capacity" for that date. A departure resource (`bookingUnit`
 * "departure") shows each date's departures, opens a date on its departures and their holds,
 * and sets capacity as a weekly schedule of start times.
 */
export function CapacityCalendar({ resourceId, bookingUnit }: { resourceId: string; bookingUnit: BookingUnit }) {
  const [month, setMonth] = useState<YearMonth>(currentYearMonth)
  const [drawerRange, setDrawerRange] = useState<CapacityDraft | null>(null)
  const [openDate, setOpenDate] = useState<string | null>(null)
  const range = monthRange(month)
  const calendar = useResourceCalendar(resourceId, range)
  const today = todayIsoDate()
  // Looked up on each render, so the open date shows the figures of the latest fetch.
  const openDay = calendar.data?.days.find((d) => d.date === openDate) ?? null

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <div className="flex items-center gap-x-2">
          <Heading level="h2">Capacity</Heading>
          <IconButton size="small" variant="transparent" aria-label="Previous month" onClick={() => setMonth((m) => addMonths(m, -1))}>
            <ChevronLeft />
          </IconButton>
          <Text size="small" weight="plus" className="min-w-[9rem] text-center" data-testid="calendar-month">
            {monthLabel(month)}
          </Text>
          <IconButton size="small" variant="transparent" aria-label="Next month" onClick={() => setMonth((m) => addMonths(m, 1))}>
            <ChevronRight />
          </IconButton>
          <Button size="small" variant="transparent" onClick={() => setMonth(currentYearMonth())}>
            Today
          </Button>
        </div>
        <Button size="small" variant="secondary" onClick={() => setDrawerRange(range)}>
          Set capacity
        </Button>
      </div>
      <div className="px-6 py-3">
        <CalendarLegend bookingUnit={bookingUnit} />
      </div>
      <CalendarBody month={month} calendar={calendar} today={today} onSelect={(day: CalendarDay) => setOpenDate(day.date)} />
      <CalendarDayDrawer
        resourceId={resourceId}
        day={openDay}
        onClose={() => setOpenDate(null)}
        onSetCapacity={(date, startTimes) => {
          setOpenDate(null)
          setDrawerRange({ from: date, to: date, startTimes })
        }}
      />
      <SetCapacityDrawer
        resourceId={resourceId}
        bookingUnit={bookingUnit}
        open={drawerRange !== null}
        onOpenChange={(open) => !open && setDrawerRange(null)}
        initialRange={drawerRange ?? range}
        initialStartTimes={drawerRange?.startTimes}
      />
    </Container>
  )
}

type CalendarBodyProps = {
  month: YearMonth
  calendar: ReturnType<typeof useResourceCalendar>
  today: string
  onSelect: (day: CalendarDay) => void
}

function CalendarBody({ month, calendar, today, onSelect }: CalendarBodyProps) {
  if (calendar.isLoading) return <LoadingState lines={5} label="Loading calendar…" />
  if (calendar.isError && !calendar.data) {
    return <ErrorState title="Could not load the capacity calendar" error={calendar.error} onRetry={() => calendar.refetch()} />
  }
  const days = calendar.data?.days ?? []
  const noCapacityAtAll = days.every((d) => !d.bookable)
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4" aria-busy={calendar.isFetching}>
      {noCapacityAtAll && (
        <Text size="small" className="text-ui-fg-subtle">
          No capacity set for {monthLabel(month)}: nothing can be booked on these dates. Use "Set capacity".
        </Text>
      )}
      <div className="grid grid-cols-7 gap-1.5">
        {WEEKDAY_HEADERS.map((name) => (
          <Text key={name} size="xsmall" weight="plus" className="text-center text-ui-fg-subtle">
            {name}
          </Text>
        ))}
        {Array.from({ length: leadingBlankDays(month) }, (_, i) => (
          <div key={`blank-${i}`} aria-hidden />
        ))}
        {days.map((day) => (
          <CalendarDayCell key={day.date} day={day} isToday={day.date === today} onSelect={onSelect} />
        ))}
      </div>
    </div>
  )
}
