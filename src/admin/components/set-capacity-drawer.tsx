import { Checkbox, Drawer, Input, Label, Text, toast } from "@medusajs/ui"
import { type FormEvent, useEffect, useState } from "react"
import { type SetCapacityInput, useSetCapacity } from "../hooks/use-resource-capacity"
import type { BookingUnit } from "../lib/api-types"
import { WEEKDAY_HEADERS } from "../lib/calendar-dates"
import { errorMessage } from "../lib/error-message"
import { departureCount, ISO_WEEKDAYS, parseStartTimes } from "../lib/schedule"
import { DrawerFormError, DrawerFormFooter } from "./drawer-form-parts"

type Props = {
  resourceId: string
  /** How the resource is sold: a departure resource's capacity takes start times and weekdays. */
  bookingUnit: BookingUnit
  open: boolean
  onOpenChange: (open: boolean) => void
  /** Pre-filled range (a clicked date, or the month on screen). */
  initialRange: { from: string; to: string }
  /** Pre-filled start times (a clicked date's departures); empty otherwise. */
  initialStartTimes?: string[]
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

/**
 * "Set capacity": max capacity for every date from..to (inclusive). For a departure resource, a
 * weekly schedule: the start times ("08:00, 15:30") on the checked weekdays of the range, one
 * departure per date × start time, with the count computed live ("This creates N departures (D
 * dates × T start times)"). Values are sent as typed: the API validates (times, weekdays, not
 * below units already held) and its message is shown as it is, in the form and in a toast.
 */
export function SetCapacityDrawer({ resourceId, bookingUnit, open, onOpenChange, initialRange, initialStartTimes }: Props) {
  const setCapacity = useSetCapacity(resourceId)
  const departure = bookingUnit === "departure"
  const [from, setFrom] = useState(initialRange.from)
  const [to, setTo] = useState(initialRange.to)
  const [max, setMax] = useState("")
  const [startTimes, setStartTimes] = useState("")
  const [weekdays, setWeekdays] = useState<number[]>(ISO_WEEKDAYS)
  const initialTimes = (initialStartTimes ?? []).join(", ")

  useEffect(() => {
    if (!open) return
    setFrom(initialRange.from)
    setTo(initialRange.to)
    setStartTimes(initialTimes)
    setWeekdays(ISO_WEEKDAYS)
    setCapacity.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, initialRange.from, initialRange.to, initialTimes])

  const times = parseStartTimes(startTimes)
  const count = departureCount(from, to, weekdays, times)
  const toggleWeekday = (day: number, checked: boolean) =>
    setWeekdays((days) => (checked ? [...days.filter((d) => d !== day), day].sort((a, b) => a - b) : days.filter((d) => d !== day)))

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    // Sent as typed: the API, not the form, decides what is valid and says why.
    const input: SetCapacityInput = { from, to, max_capacity: max.trim() === "" ? Number.NaN : Number(max) }
    if (departure) {
      input.start_times = times
      input.weekdays = weekdays
    }
    setCapacity.mutate(input, {
      onSuccess: ({ capacity }) => {
        const description = departure
          ? `${plural(capacity?.length ?? count.departures, "departure")} with ${max} seat(s) each, ${from} to ${to}`
          : `${max} unit(s) per date, ${from} to ${to}`
        toast.success("Capacity set", { description })
        onOpenChange(false)
      },
      onError: (error) => toast.error("Capacity not changed", { description: errorMessage(error) }),
    })
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content>
        <form onSubmit={onSubmit} className="flex h-full flex-col">
          <Drawer.Header>
            <Drawer.Title>Set capacity</Drawer.Title>
            <Drawer.Description className="txt-small text-ui-fg-subtle">
              {departure
                ? "The seats of each departure: the start times on the checked weekdays of the range. Units already held or booked stay counted."
                : "The maximum units sold for each date of the range. Units already held or booked stay counted."}
            </Drawer.Description>
          </Drawer.Header>
          <Drawer.Body className="flex min-h-0 flex-col gap-y-4 overflow-y-auto">
            <div className="grid grid-cols-2 gap-3">
              <div className="flex flex-col gap-y-2">
                <Label htmlFor="capacity-from">From</Label>
                <Input id="capacity-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
              </div>
              <div className="flex flex-col gap-y-2">
                <Label htmlFor="capacity-to">To</Label>
                <Input id="capacity-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
              </div>
            </div>
            {departure && (
              <>
                <div className="flex flex-col gap-y-2">
                  <Label htmlFor="capacity-start-times">Start times</Label>
                  <Input
                    id="capacity-start-times"
                    value={startTimes}
                    onChange={(e) => setStartTimes(e.target.value)}
                    placeholder="08:00, 15:30"
                    autoComplete="off"
                  />
                  <Text size="xsmall" className="text-ui-fg-muted">
                    Times "HH:MM" in the resource's time zone, separated by commas or spaces.
                  </Text>
                </div>
                <fieldset className="flex flex-col gap-y-2">
                  <legend className="txt-compact-small-plus mb-2">Weekdays</legend>
                  <div className="flex flex-wrap gap-x-4 gap-y-2">
                    {ISO_WEEKDAYS.map((day) => (
                      <div key={day} className="flex items-center gap-x-1.5">
                        <Checkbox
                          id={`capacity-weekday-${day}`}
                          checked={weekdays.includes(day)}
                          onCheckedChange={(checked) => toggleWeekday(day, checked === true)}
                        />
                        <Label htmlFor={`capacity-weekday-${day}`} size="small">
                          {WEEKDAY_HEADERS[day - 1]}
                        </Label>
                      </div>
                    ))}
                  </div>
                </fieldset>
              </>
            )}
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="capacity-max">Max capacity</Label>
              <Input id="capacity-max" type="number" min={0} step={1} value={max} onChange={(e) => setMax(e.target.value)} required />
              {departure && (
                <Text size="xsmall" className="text-ui-fg-muted">
                  Seats of each departure.
                </Text>
              )}
            </div>
            {departure && (
              <Text size="small" weight="plus" data-testid="departure-count" aria-live="polite">
                This creates {plural(count.departures, "departure")} ({plural(count.dates, "date")} × {plural(count.times, "start time")})
              </Text>
            )}
            <DrawerFormError error={setCapacity.isError ? setCapacity.error : null} />
          </Drawer.Body>
          <DrawerFormFooter pending={setCapacity.isPending} />
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
